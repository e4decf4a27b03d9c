/**
 * The manager's live view: figures, services, counters and alerts derived from the live hall,
 * and what the manager does from here: the display notice, an emergency broadcast, and pairing
 * codes for new terminals.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CommandInput, CommandResult } from '../../../../shared/commands'
import { useHallStore } from '../hall'
import { hallFigures } from '../hall/figures'
import { activeCounters, currentTicket } from '../hall/selectors'
import { useSessionStore } from '../session'
import { hallAlerts, serviceRows } from './alerts'

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
    }))
  })
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
  const busy = ref<'emergency' | 'pairing' | null>(null)

  async function guarded<R>(what: 'emergency' | 'pairing', send: (token: string) => Promise<R>): Promise<R> {
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

  function endEmergency(): Promise<CommandResult<'endEmergency'>> {
    return guarded('emergency', (token) => hall.command('endEmergency', {}, token))
  }

  /** A one-time code for a new terminal, shown to whoever sets it up. */
  function createPairingCode(input: CommandInput<'createPairingCode'>): Promise<CommandResult<'createPairingCode'>> {
    return guarded('pairing', (token) => hall.command('createPairingCode', input, token))
  }

  return { figures, services, alerts, counters, notice, savingNotice, setNotice, emergency, busy, startEmergency, endEmergency, createPairingCode }
})
