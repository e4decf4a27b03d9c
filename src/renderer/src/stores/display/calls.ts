/**
 * Calls as the hall display sees them: from the events of a logged command (to announce), and
 * from the state (the recent-calls list, which a display that starts late still shows).
 */
import type { LoggedCommand } from '../../../../shared/events'
import type { HallState } from '../../../../shared/hall-state'

export interface Call {
  seq: number
  ticketId: number
  number: string
  counterId: number
  recall: boolean
  at: number
}

/** Announcements older than this (by the hub's clock) are shown but not said: nobody is listening for them any more. */
export const ANNOUNCE_MAX_AGE_MS = 60_000

export function callsIn(logged: LoggedCommand, state: HallState): Call[] {
  const calls: Call[] = []
  for (const e of logged.events) {
    if (e.type !== 'ticketCalled' && e.type !== 'ticketRecalled') continue
    const ticket = state.tickets[e.ticketId]
    if (!ticket) continue
    calls.push({ seq: logged.seq, ticketId: e.ticketId, number: ticket.number, counterId: e.counterId, recall: e.type === 'ticketRecalled', at: e.at })
  }
  return calls
}

/** The latest calls, newest first: one line per service record (a recall does not add a line). */
export function recentCalls(state: HallState, limit: number): Call[] {
  return Object.values(state.records)
    .sort((a, b) => b.calledAt - a.calledAt || b.id - a.id)
    .slice(0, limit)
    .map((r) => ({ seq: 0, ticketId: r.ticketId, number: state.tickets[r.ticketId]?.number ?? '', counterId: r.counterId, recall: r.callCount > 1, at: r.calledAt }))
}

/** Still a call: its ticket is called at that counter, and the counter is open (not started, finished, missed, transferred or closed). */
export function isLive(state: HallState, call: Pick<Call, 'ticketId' | 'counterId'>): boolean {
  const t = state.tickets[call.ticketId]
  const c = state.counters[call.counterId]
  return t?.status === 'called' && t.counterId === call.counterId && c !== undefined && c.status !== 'closed' && c.currentTicketId === t.id
}
