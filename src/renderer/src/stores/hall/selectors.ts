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

/** A counter named as the hall's default does it ("3号窗口"): nothing more than its number. */
const DEFAULT_COUNTER_NAME = /^\s*(\d+)\s*号\s*窗口\s*$/

/**
 * A counter's name in the screen's language. The hall names its counters in Chinese; in English
 * a counter is "Counter 3", with the hall's own name after it when it is more than the number
 * ("Counter 5 · 企业专席" — a name the hall chose cannot be translated).
 */
export function counterName(state: HallState | null | undefined, counterId: number, locale: string): string {
  const name = state?.counters[counterId]?.name
  if (locale.startsWith('zh')) return name ?? String(counterId)
  const label = `Counter ${counterId}`
  return name === undefined || DEFAULT_COUNTER_NAME.test(name) ? label : `${label} · ${name}`
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

export interface NoShowRow {
  ticket: Ticket
  /** When it was marked 过号 (the end of its last call). */
  at: number
}

/**
 * Today's no-shows (过号) that may still come back, newest first; only those of `serviceIds`
 * when given (a counter's own services).
 */
export function todaysNoShows(state: HallState, serviceIds?: readonly string[]): NoShowRow[] {
  const only = serviceIds ? new Set(serviceIds) : null
  const marked = new Map<number, number>()
  for (const r of Object.values(state.records)) {
    if (r.outcome === 'no_show' && r.endedAt !== null && r.endedAt > (marked.get(r.ticketId) ?? 0)) marked.set(r.ticketId, r.endedAt)
  }
  const rows: NoShowRow[] = []
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'no_show' || (only && !only.has(t.serviceId))) continue
    rows.push({ ticket: t, at: marked.get(t.id) ?? t.queuedAt })
  }
  return rows.sort((a, b) => b.at - a.at || b.ticket.id - a.ticket.id)
}

/** Today's ticket with this number (the newest, as the hub reads it), if any. */
export function ticketByNumber(state: HallState, number: string): Ticket | null {
  let found: Ticket | null = null
  for (const t of Object.values(state.tickets)) if (t.number === number && (!found || t.id > found.id)) found = t
  return found
}

/**
 * Below this many calls, marking 过号 (F7) asks the clerk to confirm. The same number the daily
 * assessment counts a no-show as properly called (assessment.indicators.noShow.minCalls):
 * one rule of the hall, not two settings that could disagree.
 */
export function noShowMinCalls(state: HallState): number {
  return state.settings.assessment.indicators.noShow.minCalls
}


/**
 * The next numbers the hall will call, across services: waiting tickets of services an open
 * counter serves, by due time (queue key minus the priority class's head start, the order of
 * docs/call-policy.md without any one counter's head starts), transfers to a counter first.
 */
export function nextToCall(state: HallState, limit: number): Ticket[] {
  const served = new Set<string>()
  for (const c of Object.values(state.counters)) if (c.active && c.status !== 'closed') for (const s of c.services) served.add(s.serviceId)
  const openIds = new Set(Object.values(state.counters).filter((c) => c.status !== 'closed').map((c) => c.id))
  return waitingTickets(state)
    .filter((t) => (t.targetCounterId !== null ? openIds.has(t.targetCounterId) : served.has(t.serviceId)))
    .map((t) => ({ t, due: t.queueKey - classBoostMin(t.priority, state.settings) * MINUTE - (t.targetCounterId !== null ? 24 * 60 * MINUTE : 0) }))
    .sort((a, b) => a.due - b.due || a.t.id - b.t.id)
    .slice(0, limit)
    .map((r) => r.t)
}
