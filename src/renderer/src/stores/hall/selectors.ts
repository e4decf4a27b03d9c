/**
 * Questions every screen asks of the hall state. Pure: state and time in, plain data out.
 */
import type { Counter, Service, Ticket } from '../../../../shared/domain'
import type { HallState } from '../../../../shared/hall-state'
import { currentWaitMs } from '../../../../shared/metrics'
import { classBoostMin } from '../../../../shared/wait-estimate'

const MINUTE = 60_000

export function activeServices(state: HallState): Service[] {
  return Object.values(state.services)
    .filter((s) => s.active)
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id))
}

export function activeCounters(state: HallState): Counter[] {
  return Object.values(state.counters)
    .filter((c) => c.active)
    .sort((a, b) => a.id - b.id)
}

export function waitingTickets(state: HallState): Ticket[] {
  return Object.values(state.tickets).filter((t) => t.status === 'waiting')
}

/** Waiting tickets per service id. */
export function waitingByService(state: HallState): Map<string, Ticket[]> {
  const out = new Map<string, Ticket[]>()
  for (const t of waitingTickets(state)) {
    const list = out.get(t.serviceId)
    if (list) list.push(t)
    else out.set(t.serviceId, [t])
  }
  return out
}

export function currentTicket(state: HallState, counter: Counter): Ticket | null {
  return counter.currentTicketId === null ? null : (state.tickets[counter.currentTicketId] ?? null)
}

export function serviceName(state: HallState, serviceId: string, locale: string): string {
  const s = state.services[serviceId]
  if (!s) return serviceId
  return locale.startsWith('zh') ? s.nameZh : s.nameEn
}

/** The counter the clerk has open, if any. */
export function counterOfClerk(state: HallState, clerkId: number): Counter | null {
  return Object.values(state.counters).find((c) => c.status !== 'closed' && c.clerkId === clerkId) ?? null
}

/**
 * The waiting line as a counter sees it: tickets transferred to it first, then by due time
 * (queue key minus the priority and the counter's head starts), as docs/call-policy.md
 * describes. The 2:1 rule may still let a walk-in go first when priority runs are long.
 */
export function counterQueue(state: HallState, counter: Counter): Ticket[] {
  const boost = new Map(counter.services.map((s) => [s.serviceId, s.boostMin]))
  const rows: { t: Ticket; targeted: boolean; due: number }[] = []
  for (const t of waitingTickets(state)) {
    if (t.targetCounterId !== null) {
      if (t.targetCounterId === counter.id) rows.push({ t, targeted: true, due: t.queueKey })
      continue
    }
    const b = boost.get(t.serviceId)
    if (b === undefined) continue
    rows.push({ t, targeted: false, due: t.queueKey - (b + classBoostMin(t.priority, state.settings)) * MINUTE })
  }
  rows.sort((a, b) => Number(b.targeted) - Number(a.targeted) || a.due - b.due || a.t.queueKey - b.t.queueKey || a.t.id - b.t.id)
  return rows.map((r) => r.t)
}

/** Longest current wait among waiting tickets of a service, in ms (0 when nobody waits). */
export function longestWaitMs(tickets: readonly Ticket[], now: number): number {
  return tickets.reduce((max, t) => Math.max(max, currentWaitMs(t, now)), 0)
}
