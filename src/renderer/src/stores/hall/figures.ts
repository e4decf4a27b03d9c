/**
 * Today's running figures, for the hall (manager) or one clerk (counter), from the live state
 * and the shared measures in src/shared/metrics.ts, so a "wait" means what the reports mean.
 */
import type { ServiceRecord } from '../../../../shared/domain'
import type { HallState } from '../../../../shared/hall-state'
import { isSatisfied, isServed, recordHandleMs, recordWaitMs } from '../../../../shared/metrics'

export interface Figures {
  served: number
  noShows: number
  /** Mean handling time of served customers, ms; null before the first. */
  avgHandleMs: number | null
  /** Mean wait of every call (a visit's first call), ms; null before the first. */
  avgWaitMs: number | null
  /** Share of calls made within the service's target wait, 0..1; null before the first. */
  serviceLevel: number | null
  rated: number
  /** Share of 满意 and 非常满意 among rated services, 0..1; null before the first rating. */
  satisfaction: number | null
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)

export function figuresOf(state: HallState, records: readonly ServiceRecord[]): Figures {
  const served = records.filter(isServed)
  const handles = served.map(recordHandleMs).filter((ms): ms is number => ms !== null)
  const waits = records.map(recordWaitMs)
  const withinTarget = records.filter((r) => {
    const target = state.services[r.serviceId]?.targetWaitMin
    return target !== undefined && recordWaitMs(r) <= target * 60_000
  })
  const rated = records.filter((r) => r.rating !== null)
  return {
    served: served.length,
    noShows: records.filter((r) => r.outcome === 'no_show').length,
    avgHandleMs: mean(handles),
    avgWaitMs: mean(waits),
    serviceLevel: records.length === 0 ? null : withinTarget.length / records.length,
    rated: rated.length,
    satisfaction: rated.length === 0 ? null : rated.filter((r) => isSatisfied(r.rating!)).length / rated.length,
  }
}

export function clerkFigures(state: HallState, clerkId: number): Figures {
  return figuresOf(state, Object.values(state.records).filter((r) => r.clerkId === clerkId))
}

export function hallFigures(state: HallState): Figures & { issued: number; waiting: number } {
  const tickets = Object.values(state.tickets)
  return {
    ...figuresOf(state, Object.values(state.records)),
    issued: tickets.length,
    waiting: tickets.filter((t) => t.status === 'waiting').length,
  }
}
