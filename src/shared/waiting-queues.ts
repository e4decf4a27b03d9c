/**
 * The waiting customers in call order, per service: what call-next and the wait estimate read.
 *
 * Within one service a counter calls in the order of `key` (queue key minus the class's head
 * start), then queue key, then when the ticket joined the queue, then id — its own head start
 * for the service is the same for every ticket of it (docs/call-policy.md). So each service
 * keeps walk-ins and priority classes (the 2:1 rule) as two lists in that order, and call-next
 * only compares the heads of the lists of the services a counter serves. Tickets transferred to
 * one counter wait in that counter's own list.
 *
 * `waitingQueues` builds them from the day's tickets; the hub keeps them current command by
 * command instead (`LiveWaitingQueues`, through LiveDayLists in hall-state.ts).
 */
import type { PriorityClass, Ticket } from './domain'
import type { HallSettings } from './settings'

const MINUTE = 60_000

export interface QueueEntry {
  ticket: Ticket
  /** Queue key minus the class's head start, in ms: the due time before the counter's head start. */
  key: number
}

export interface ServiceQueues {
  normal: QueueEntry[]
  priority: QueueEntry[]
}

export interface WaitingQueues {
  byService: ReadonlyMap<string, ServiceQueues>
  /** Counter id → tickets transferred to that counter, in queue-key order. */
  targeted: ReadonlyMap<number, QueueEntry[]>
}

export function headStartMs(priority: PriorityClass, settings: HallSettings): number {
  return priority === 'normal' ? 0 : settings.queue.priorityBoostMin[priority] * MINUTE
}

function entryOf(ticket: Ticket, settings: HallSettings): QueueEntry {
  // Transferred to a counter: called there by queue key alone.
  return { ticket, key: ticket.targetCounterId !== null ? ticket.queueKey : ticket.queueKey - headStartMs(ticket.priority, settings) }
}

/** Call order within a list: key, then queue key, then who joined first, then id. */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return a.key - b.key || a.ticket.queueKey - b.ticket.queueKey || a.ticket.queuedAt - b.ticket.queuedAt || a.ticket.id - b.ticket.id
}

function listFor(queues: { byService: Map<string, ServiceQueues>; targeted: Map<number, QueueEntry[]> }, ticket: Ticket): QueueEntry[] {
  if (ticket.targetCounterId !== null) {
    let list = queues.targeted.get(ticket.targetCounterId)
    if (!list) queues.targeted.set(ticket.targetCounterId, (list = []))
    return list
  }
  let q = queues.byService.get(ticket.serviceId)
  if (!q) queues.byService.set(ticket.serviceId, (q = { normal: [], priority: [] }))
  return ticket.priority === 'normal' ? q.normal : q.priority
}

export function waitingQueues(settings: HallSettings, tickets: Iterable<Ticket>): WaitingQueues {
  const queues = { byService: new Map<string, ServiceQueues>(), targeted: new Map<number, QueueEntry[]>() }
  for (const t of tickets) if (t.status === 'waiting') listFor(queues, t).push(entryOf(t, settings))
  for (const q of queues.byService.values()) {
    q.normal.sort(compareEntries)
    q.priority.sort(compareEntries)
  }
  for (const list of queues.targeted.values()) list.sort(compareEntries)
  return queues
}

/** First index whose entry comes after `entry` in call order (or equals it, with `orEqual`). */
export function searchEntries(list: readonly QueueEntry[], entry: QueueEntry, orEqual = false): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const c = compareEntries(list[mid]!, entry)
    if (c < 0 || (c === 0 && !orEqual)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Waiting queues kept current from each committed command's changed tickets. */
export class LiveWaitingQueues implements WaitingQueues {
  byService = new Map<string, ServiceQueues>()
  targeted = new Map<number, QueueEntry[]>()
  private settings: HallSettings

  constructor(settings: HallSettings, tickets: Iterable<Ticket>) {
    this.settings = settings
    this.reset(settings, tickets)
  }

  reset(settings: HallSettings, tickets: Iterable<Ticket>): void {
    const built = waitingQueues(settings, tickets)
    this.settings = settings
    this.byService = built.byService as Map<string, ServiceQueues>
    this.targeted = built.targeted as Map<number, QueueEntry[]>
  }

  /** One ticket changed from `before` (undefined: new) to `after`. */
  update(before: Ticket | undefined, after: Ticket): void {
    if (before?.status === 'waiting') {
      const old = entryOf(before, this.settings)
      const list = listFor(this, before)
      const i = searchEntries(list, old, true)
      if (list[i]?.ticket.id === before.id) list.splice(i, 1)
      else throw new Error(`waiting queues: ${before.number} was not where it should be`)
    }
    if (after.status === 'waiting') {
      const entry = entryOf(after, this.settings)
      const list = listFor(this, after)
      list.splice(searchEntries(list, entry), 0, entry)
    }
  }
}
