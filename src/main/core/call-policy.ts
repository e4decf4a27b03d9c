/**
 * Who a counter calls next. The rules, with worked examples, are in docs/call-policy.md:
 *
 * 1. Tickets transferred to this very counter, oldest first.
 * 2. Otherwise every waiting ticket of a service the counter serves gets a due time:
 *    its queue key minus a head start (the priority class's boost plus the counter's boost for
 *    the service, in minutes). Earliest due time wins; ties by queue key, then by when the
 *    ticket joined the queue, then ticket id.
 * 3. A priority ticket that wins is still passed over for the best walk-in when the counter
 *    has already made `priorityRunLimit` priority calls in a row while walk-ins waited.
 *
 * Because a head start is bounded, a ticket can only be overtaken by tickets that entered the
 * queue at most (largest boost) minutes after it: nobody waits forever.
 */
import type { Counter, Ticket } from '../../shared/domain'
import type { HallState } from '../../shared/hall-state'
import type { HallSettings } from '../../shared/settings'
import { classBoostMin } from '../../shared/wait-estimate'
import type { WaitingQueues } from '../../shared/waiting-queues'

export { classBoostMin }

const MINUTE = 60_000

/** Largest head start any ticket can get at this counter, in ms: the bound on overtaking. */
export function maxHeadStartMs(counter: Counter, settings: HallSettings): number {
  const boosts = settings.queue.priorityBoostMin
  const classMax = Math.max(0, boosts.vip, boosts.care, boosts.appointment)
  const serviceMax = Math.max(0, ...counter.services.map((s) => s.boostMin))
  return (classMax + serviceMax) * MINUTE
}

interface Candidate {
  ticket: Ticket
  due: number
}

/** Is `ticket`, due at `due`, called before the candidate `b`? */
function before(ticket: Ticket, due: number, b: Candidate | null): boolean {
  if (b === null) return true
  if (due !== b.due) return due < b.due
  if (ticket.queueKey !== b.ticket.queueKey) return ticket.queueKey < b.ticket.queueKey
  // Same place: whoever joined the queue first (a re-queued no-show joined last).
  if (ticket.queuedAt !== b.ticket.queuedAt) return ticket.queuedAt < b.ticket.queuedAt
  return ticket.id < b.ticket.id
}

export interface NextCall {
  ticket: Ticket
  /** The counter's priority run after this call. */
  priorityRun: number
}

/**
 * `queues`: the waiting customers in call order per service (waiting-queues.ts), kept by the
 * hub: only the head of each list of a service the counter serves can be next. Without them
 * the day's tickets are scanned — the same choice (a property test holds the two together).
 */
export function pickNext(state: HallState, counter: Counter, queues?: WaitingQueues): NextCall | null {
  return queues ? pickFromQueues(state, counter, queues) : pickByScan(state, counter)
}

function pickFromQueues(state: HallState, counter: Counter, queues: WaitingQueues): NextCall | null {
  const transferred = queues.targeted.get(counter.id)?.[0]
  if (transferred) return { ticket: transferred.ticket, priorityRun: counter.priorityRun }
  let bestPriority: Candidate | null = null
  let bestNormal: Candidate | null = null
  for (const s of counter.services) {
    const q = queues.byService.get(s.serviceId)
    if (!q) continue
    const boost = s.boostMin * MINUTE
    const normal = q.normal[0]
    if (normal && before(normal.ticket, normal.key - boost, bestNormal)) bestNormal = { ticket: normal.ticket, due: normal.key - boost }
    const priority = q.priority[0]
    if (priority && before(priority.ticket, priority.key - boost, bestPriority)) bestPriority = { ticket: priority.ticket, due: priority.key - boost }
  }
  return choose(state, counter, bestPriority, bestNormal)
}

function pickByScan(state: HallState, counter: Counter): NextCall | null {
  const serviceBoost = new Map(counter.services.map((s) => [s.serviceId, s.boostMin * MINUTE]))
  let targeted: Candidate | null = null
  let bestPriority: Candidate | null = null
  let bestNormal: Candidate | null = null
  for (const ticket of Object.values(state.tickets)) {
    if (ticket.status !== 'waiting') continue
    if (ticket.targetCounterId !== null) {
      if (ticket.targetCounterId === counter.id && before(ticket, ticket.queueKey, targeted)) targeted = { ticket, due: ticket.queueKey }
      continue
    }
    const boost = serviceBoost.get(ticket.serviceId)
    if (boost === undefined) continue
    const due = ticket.queueKey - boost - classBoostMin(ticket.priority, state.settings) * MINUTE
    if (ticket.priority === 'normal') {
      if (before(ticket, due, bestNormal)) bestNormal = { ticket, due }
    } else if (before(ticket, due, bestPriority)) {
      bestPriority = { ticket, due }
    }
  }
  if (targeted) return { ticket: targeted.ticket, priorityRun: counter.priorityRun }
  return choose(state, counter, bestPriority, bestNormal)
}

/** The 2:1 rule between the best priority ticket and the best walk-in. */
function choose(state: HallState, counter: Counter, bestPriority: Candidate | null, bestNormal: Candidate | null): NextCall | null {
  if (bestPriority && bestNormal) {
    if (before(bestPriority.ticket, bestPriority.due, bestNormal) && counter.priorityRun < state.settings.queue.priorityRunLimit) {
      return { ticket: bestPriority.ticket, priorityRun: counter.priorityRun + 1 }
    }
    return { ticket: bestNormal.ticket, priorityRun: 0 }
  }
  // With nobody of the other kind waiting there is no run to limit.
  const only = bestPriority ?? bestNormal
  return only ? { ticket: only.ticket, priorityRun: 0 } : null
}

/**
 * Queue key for a reactivated no-show: `places` tickets of its service stay ahead of it
 * (过号顺延). With fewer waiting, it goes to the end.
 */
export function requeueKey(
  state: HallState,
  serviceId: string,
  places: number,
  now: number,
  tickets: readonly Ticket[] = Object.values(state.tickets),
): number {
  const keys = tickets
    .filter((t) => t.status === 'waiting' && t.serviceId === serviceId && t.targetCounterId === null)
    .map((t) => t.queueKey)
    .sort((a, b) => a - b)
  if (places === 0) return keys.length > 0 ? Math.min(keys[0]! - 1, now) : now
  if (keys.length <= places) return Math.max(now, (keys.at(-1) ?? now) + 1)
  const after = keys[places - 1]!
  const before = keys[places]!
  return after + (before - after) / 2
}
