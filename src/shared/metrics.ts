/**
 * The hall's measures of one service record or ticket, shared by the live screens and the
 * reports so that a "wait" means the same everywhere. Definitions: docs/metrics.md.
 */
import type { Outcome, Satisfaction, ServiceRecord, Ticket } from './domain'

/** Outcomes that count as a customer served by that record's clerk. */
export const SERVED_OUTCOMES: readonly Outcome[] = ['completed', 'pending']

export function isServed(record: ServiceRecord): boolean {
  return record.outcome !== null && SERVED_OUTCOMES.includes(record.outcome)
}

/** How long the customer waited for this visit: first call minus joining the queue. */
export function recordWaitMs(record: ServiceRecord): number {
  return Math.max(0, record.calledAt - record.queuedAt)
}

/** Handling time: start to end of service; null when the service never started or is still open. */
export function recordHandleMs(record: ServiceRecord): number | null {
  if (record.startedAt === null || record.endedAt === null) return null
  return Math.max(0, record.endedAt - record.startedAt)
}

/** How long a waiting ticket has been waiting at `now`. */
export function currentWaitMs(ticket: Ticket, now: number): number {
  return Math.max(0, now - ticket.queuedAt)
}

/** 满意 or 非常满意. */
export function isSatisfied(score: Satisfaction): boolean {
  return score >= 3
}
