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

/**
 * Outcomes whose start-to-end time counts as handling: the clerk worked with the customer
 * until they finished or handed over. A service cut off by the day's close (expired) or a
 * cancellation is not a handling time.
 */
export const HANDLED_OUTCOMES: readonly Outcome[] = ['completed', 'pending', 'transferred']

/** Handling time as the reports count it (docs/metrics.md); null when the record does not count. */
export function reportedHandleMs(record: ServiceRecord): number | null {
  if (record.outcome === null || !HANDLED_OUTCOMES.includes(record.outcome)) return null
  return recordHandleMs(record)
}

/** Records the customer may rate (the evaluator asks after these). */
export const RATABLE_OUTCOMES: readonly Outcome[] = ['completed', 'pending', 'transferred']

export function isRatable(record: ServiceRecord): boolean {
  return record.outcome !== null && RATABLE_OUTCOMES.includes(record.outcome)
}

/** Called within the service's target wait (at the target counts as within). */
export function withinTarget(waitMs: number, targetWaitMin: number): boolean {
  return waitMs <= targetWaitMin * 60_000
}

/** Length of an activity period; one still open counts up to `asOf`. Never negative. */
export function periodMs(period: { startedAt: number; endedAt: number | null }, asOf: number): number {
  return Math.max(0, (period.endedAt ?? asOf) - period.startedAt)
}

/** Share as a number from 0 to 1, or null when there is nothing to share (no division by zero). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

/**
 * The value at rank `h` (0-based, fractional) of ascending values, interpolated between the
 * neighbours: Excel's PERCENTILE.INC / MEDIAN. `at(i)` gives the i-th smallest value.
 */
export function interpolatedRank(count: number, p: number, at: (rank: number) => number): number | null {
  if (count === 0) return null
  const h = (count - 1) * p
  const lo = Math.floor(h)
  const low = at(lo)
  if (lo === h) return low
  return low + (h - lo) * (at(lo + 1) - low)
}

/** Median and 90th percentile of ascending values (PERCENTILE.INC), null when empty. */
export function medianOf(sorted: ArrayLike<number>): number | null {
  return interpolatedRank(sorted.length, 0.5, (i) => sorted[i]!)
}
export function p90Of(sorted: ArrayLike<number>): number | null {
  return interpolatedRank(sorted.length, 0.9, (i) => sorted[i]!)
}
