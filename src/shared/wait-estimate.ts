/**
 * The wait printed on a new ticket: how many people are ahead, and roughly how long.
 * Shared because the kiosk shows the same estimate on its tiles before a ticket is taken.
 */
import type { PriorityClass, WaitEstimate } from './domain'
import { dayLists, type DayLists, type HallState } from './hall-state'
import type { HallSettings } from './settings'

const MINUTE = 60_000

/** Head start in minutes of a priority class (docs/call-policy.md). */
export function classBoostMin(priority: PriorityClass, settings: HallSettings): number {
  return priority === 'normal' ? 0 : settings.queue.priorityBoostMin[priority]
}
/** Handling times learned from this many most recent completed services. */
const LEARN_WINDOW = 20

/** Average handling minutes of the service's recent completed records today, else its default. */
export function learnedHandleMin(state: HallState, serviceId: string, lists: DayLists = dayLists(state)): number {
  const fallback = state.services[serviceId]?.defaultHandleMin ?? 5
  const recent = lists.records
    .filter((r) => r.serviceId === serviceId && r.outcome === 'completed' && r.startedAt !== null && r.endedAt !== null)
    .sort((a, b) => b.endedAt! - a.endedAt!)
    .slice(0, LEARN_WINDOW)
  if (recent.length === 0) return fallback
  const total = recent.reduce((sum, r) => sum + (r.endedAt! - r.startedAt!), 0)
  return Math.max(0.5, total / recent.length / MINUTE)
}

export function estimateWait(state: HallState, serviceId: string, priority: PriorityClass, now: number, lists: DayLists = dayLists(state)): WaitEstimate {
  const myDue = now - classBoostMin(priority, state.settings) * MINUTE
  let ahead = 0
  for (const t of lists.tickets) {
    if (t.status !== 'waiting' || t.serviceId !== serviceId || t.targetCounterId !== null) continue
    if (t.queueKey - classBoostMin(t.priority, state.settings) * MINUTE <= myDue) ahead++
  }
  const counters = Object.values(state.counters).filter(
    (c) => c.status !== 'closed' && c.services.some((s) => s.serviceId === serviceId),
  )
  if (counters.length === 0) return { ahead, minutes: null }
  // Customers being served now also stand between the new ticket and a free counter: count
  // each busy counter as half a customer still to go.
  const busy = counters.filter((c) => c.currentTicketId !== null).length
  const minutes = ((ahead + busy / 2) * learnedHandleMin(state, serviceId, lists)) / counters.length
  return { ahead, minutes: Math.round(minutes) }
}
