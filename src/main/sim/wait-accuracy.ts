/**
 * Is the wait printed on the ticket true? For every ticket the simulator keeps what was printed,
 * what the naive estimate would have said at the same moment, and the wait the customer actually
 * had (issue to first call). Both estimates are judged on the same tickets.
 */
import type { HallState } from '../../shared/hall-state'
import type { PriorityClass } from '../../shared/domain'

export interface EstimateSample {
  ticketId: number
  serviceId: string
  priority: PriorityClass
  issuedAt: number
  ahead: number
  /** Minutes printed on the ticket (the hall's estimator), null when it printed none. */
  printed: number | null
  /** People ahead × the service's default handling time ÷ open counters serving it. */
  naive: number | null
  /** Minutes from issue to the first call, null when never called. */
  actual: number | null
}

export interface Accuracy {
  /** Mean absolute error in minutes. */
  mae: number
  /** Share of tickets whose estimate was within ±5 minutes of the actual wait. */
  within5: number
  /** Mean of (estimate − actual): negative means the estimate promised too short a wait. */
  bias: number
}

export interface AccuracyReport {
  tickets: number
  /** Tickets both estimates are judged on: called, and both gave a figure. */
  compared: number
  printed: Accuracy
  naive: Accuracy
}

const MINUTE = 60_000

/** The naive estimate, from the hall as it was just before the ticket was issued. */
export function naiveEstimate(state: HallState, serviceId: string, ahead: number): number | null {
  const service = state.services[serviceId]
  if (!service) return null
  let open = 0
  for (const c of Object.values(state.counters)) {
    if (c.status !== 'closed' && c.services.some((s) => s.serviceId === serviceId)) open++
  }
  return open === 0 ? null : Math.round((ahead * service.defaultHandleMin) / open)
}

export function actualWaitMin(issuedAt: number, firstCalledAt: number): number {
  return (firstCalledAt - issuedAt) / MINUTE
}

function accuracy(pairs: readonly [estimate: number, actual: number][]): Accuracy {
  if (pairs.length === 0) return { mae: 0, within5: 0, bias: 0 }
  let abs = 0
  let signed = 0
  let within = 0
  for (const [e, a] of pairs) {
    abs += Math.abs(e - a)
    signed += e - a
    if (Math.abs(e - a) <= 5) within++
  }
  return { mae: abs / pairs.length, within5: within / pairs.length, bias: signed / pairs.length }
}

export function judgeEstimates(samples: readonly EstimateSample[]): AccuracyReport {
  const judged = samples.filter((s) => s.actual !== null && s.printed !== null && s.naive !== null)
  return {
    tickets: samples.length,
    compared: judged.length,
    printed: accuracy(judged.map((s) => [s.printed!, s.actual!])),
    naive: accuracy(judged.map((s) => [s.naive!, s.actual!])),
  }
}
