/**
 * The manager's live view: figures, services, counters and alerts derived from the live hall,
 * and what the manager does from here: the display notice, an emergency broadcast, and pairing
 * codes for new terminals.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CommandInput, CommandResult } from '../../../../shared/commands'
import type { HallState } from '../../../../shared/hall-state'
import { useHallStore } from '../hall'
import { hallFigures } from '../hall/figures'
import { activeCounters, currentTicket, todaysNoShows } from '../hall/selectors'
import { useSessionStore } from '../session'
import { counterState, hallAlerts, serviceRows, waitingOverTarget } from './alerts'

/** What 日结 will freeze: tickets that will expire, counters it will close and who is at them. */
export interface DayCloseSummary {
  businessDay: string
  expiring: { waiting: number; called: number; serving: number; noShow: number }
  openCounters: { counterId: number; name: string; clerk: string | null }[]
}

export function dayCloseSummary(state: HallState): DayCloseSummary {
  const expiring = { waiting: 0, called: 0, serving: 0, noShow: 0 }
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'waiting') expiring.waiting++
    else if (t.status === 'called') expiring.called++
    else if (t.status === 'serving') expiring.serving++
    else if (t.status === 'no_show') expiring.noShow++
  }
  const openCounters = activeCounters(state)
    .filter((c) => c.status !== 'closed')
    .map((c) => ({ counterId: c.id, name: c.name, clerk: c.clerkId === null ? null : (state.clerks[c.clerkId]?.name ?? null) }))
  return { businessDay: state.businessDay, expiring, openCounters }
}

export const useManagerStore = defineStore('manager', () => {
  const hall = useHallStore()
  const session = useSessionStore()
  const savingNotice = ref(false)

  const figures = computed(() => (hall.state ? hallFigures(hall.state) : null))
  const services = computed(() => (hall.state ? serviceRows(hall.state, hall.now) : []))
  const alerts = computed(() => (hall.state ? hallAlerts(hall.state, hall.now) : []))
  const counters = computed(() => {
    const state = hall.state
    if (!state) return []
    return activeCounters(state).map((c) => ({
      counter: c,
      clerk: c.clerkId === null ? null : (state.clerks[c.clerkId] ?? null),
      ticket: currentTicket(state, c),
      state: counterState(state, c),
    }))
  })
  /** Waiting right now beyond their service's target: beside the day's service level. */
  const overTarget = computed(() => (hall.state ? waitingOverTarget(hall.state, hall.now) : 0))
  const noShows = computed(() => (hall.state ? todaysNoShows(hall.state) : []))
  const summary = computed(() => (hall.state ? dayCloseSummary(hall.state) : null))
  const notice = computed(() => hall.state?.settings.display.notice ?? '')

  async function setNotice(text: string): Promise<void> {
    savingNotice.value = true
    try {
      await session.run((token) => hall.command('setNotice', { notice: text.trim() }, token))
    } finally {
      savingNotice.value = false
    }
  }

  const emergency = computed(() => hall.state?.emergency ?? null)
  const busy = ref<'emergency' | 'incidentAction' | 'pairing' | 'reactivate' | 'closeDay' | null>(null)

  async function guarded<R>(what: 'emergency' | 'incidentAction' | 'pairing' | 'reactivate' | 'closeDay', send: (token: string) => Promise<R>): Promise<R> {
    busy.value = what
    try {
      return await session.run(send)
    } finally {
      busy.value = null
    }
  }

  /** 突发事件: every display carries it, the kiosk pauses unless told not to. */
  function startEmergency(input: CommandInput<'startEmergency'>): Promise<CommandResult<'startEmergency'>> {
    return guarded('emergency', (token) => hall.command('startEmergency', input, token))
  }

  /** The incident's record: a step taken while it lasts. */
  function addIncidentAction(note: string): Promise<CommandResult<'addIncidentAction'>> {
    return guarded('incidentAction', (token) => hall.command('addIncidentAction', { note }, token))
  }

  /** Ends the broadcast, with the incident's closing note. */
  function endEmergency(note = ''): Promise<CommandResult<'endEmergency'>> {
    return guarded('emergency', (token) => hall.command('endEmergency', { note }, token))
  }

  /** A one-time code for a new terminal, shown to whoever sets it up. */
  function createPairingCode(input: CommandInput<'createPairingCode'>): Promise<CommandResult<'createPairingCode'>> {
    return guarded('pairing', (token) => hall.command('createPairingCode', input, token))
  }

  /** A no-show who came back to the manager's desk goes back into the queue (顺延 N). */
  function reactivate(number: string): Promise<CommandResult<'reactivate'>> {
    return guarded('reactivate', (token) => hall.command('reactivate', { number }, token))
  }

  /** 日结 by hand: the same closeDay the hall runs by itself at the day's rollover. */
  function closeDay(): Promise<CommandResult<'closeDay'>> {
    return guarded('closeDay', (token) => hall.command('closeDay', {}, token))
  }

  return { figures, overTarget, noShows, summary, reactivate, closeDay, services, alerts, counters, notice, savingNotice, setNotice, emergency, busy, startEmergency, addIncidentAction, endEmergency, createPairingCode }
})
