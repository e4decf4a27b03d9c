/**
 * The manager's live view: figures, services, counters and alerts derived from the live hall,
 * and the one thing the manager changes from here, the display notice.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
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

  return { figures, services, alerts, counters, notice, savingNotice, setNotice }
})
