/**
 * From days of facts to the summary the manager reads: sums add up, averages are sums over
 * counts, medians and 90th percentiles come from every value of the range (exact, Excel's
 * MEDIAN / PERCENTILE.INC), shares are null where there is nothing to share.
 */
import { PAUSE_REASONS, type Clerk, type PauseReason, type Service } from '../../shared/domain'
import { interpolatedRank, share } from '../../shared/metrics'
import type {
  ClerkFigures,
  CounterFigures,
  DayLine,
  DurationFigures,
  HallFigures,
  HourFigures,
  PeakWaiting,
  ReportSummary,
  ServiceFigures,
  TicketFigures,
  WaitFigures,
} from '../../shared/reports'
import type { ClerkFacts, CounterFacts, DayFacts, DurationAcc, HoursAcc, ServiceFacts, WaitAcc } from './facts'
import { businessHours } from './local-hour'

/** One day's facts and the ascending value runs of its services (loaded only when needed). */
export interface FactsDay {
  facts: DayFacts
  /** serviceId → ascending waits and handling times. */
  runs: Map<string, { wait: Float64Array; handle: Float64Array }>
}

export interface Names {
  services: Record<string, Service>
  clerks: Record<number, Clerk>
  counters: Record<number, { name: string }>
}

export interface SummaryOptions {
  from: string
  to: string
  asOf: number
  timeZone: string
  rolloverHour: number
}

/**
 * The k-th smallest (0-based) of values spread over ascending runs, without merging them:
 * a binary search over the value for the smallest v with at least k+1 values <= v. Waits and
 * handling times are whole milliseconds, so the search ends on a value that occurs.
 */
export function rankedValue(runs: readonly Float64Array[], k: number): number {
  const nonEmpty = runs.filter((r) => r.length > 0)
  if (nonEmpty.length === 1) return nonEmpty[0]![k]!
  let lo = Math.min(...nonEmpty.map((r) => r[0]!))
  let hi = Math.max(...nonEmpty.map((r) => r[r.length - 1]!))
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    let atMost = 0
    for (const run of nonEmpty) atMost += upperBound(run, mid)
    if (atMost >= k + 1) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Number of values <= v in an ascending run. */
function upperBound(run: Float64Array, v: number): number {
  let lo = 0
  let hi = run.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (run[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function durationFigures(acc: DurationAcc, runs: readonly Float64Array[]): DurationFigures {
  const at = (k: number) => rankedValue(runs, k)
  return {
    count: acc.count,
    totalMs: acc.totalMs,
    avgMs: share(acc.totalMs, acc.count),
    medianMs: interpolatedRank(acc.count, 0.5, at),
    p90Ms: interpolatedRank(acc.count, 0.9, at),
    maxMs: acc.maxMs,
  }
}

function waitFigures(acc: WaitAcc, runs: readonly Float64Array[]): WaitFigures {
  return { ...durationFigures(acc, runs), withinTarget: acc.within, aboveTarget: acc.count - acc.within, serviceLevel: share(acc.within, acc.count) }
}

const sum = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!)

function addDuration(a: DurationAcc, b: DurationAcc): DurationAcc {
  return {
    count: a.count + b.count,
    totalMs: a.totalMs + b.totalMs,
    maxMs: a.maxMs === null ? b.maxMs : b.maxMs === null ? a.maxMs : Math.max(a.maxMs, b.maxMs),
  }
}

function addHours(a: HoursAcc, b: HoursAcc): HoursAcc {
  return { arrivals: sum(a.arrivals, b.arrivals), waits: sum(a.waits, b.waits), waitTotalMs: sum(a.waitTotalMs, b.waitTotalMs), within: sum(a.within, b.within) }
}

function addService(a: ServiceFacts, b: ServiceFacts): ServiceFacts {
  const items = { ...a.items }
  for (const [item, n] of Object.entries(b.items)) items[item] = (items[item] ?? 0) + n
  return {
    serviceId: a.serviceId,
    targetWaitMin: b.targetWaitMin,
    issued: a.issued + b.issued,
    served: a.served + b.served,
    noShow: a.noShow + b.noShow,
    transferred: a.transferred + b.transferred,
    cancelled: a.cancelled + b.cancelled,
    expired: a.expired + b.expired,
    open: a.open + b.open,
    wait: { ...addDuration(a.wait, b.wait), within: a.wait.within + b.wait.within },
    handle: addDuration(a.handle, b.handle),
    hours: addHours(a.hours, b.hours),
    items,
  }
}

function addClerk(a: ClerkFacts, b: ClerkFacts): ClerkFacts {
  const noShowByCalls = { ...a.noShowByCalls }
  for (const [calls, n] of Object.entries(b.noShowByCalls)) noShowByCalls[calls] = (noShowByCalls[calls] ?? 0) + n
  return {
    clerkId: a.clerkId,
    served: a.served + b.served,
    handle: addDuration(a.handle, b.handle),
    standardMs: a.standardMs + b.standardMs,
    calls: a.calls + b.calls,
    callWaitTotalMs: a.callWaitTotalMs + b.callWaitTotalMs,
    noShow: a.noShow + b.noShow,
    noShowByCalls,
    transferred: a.transferred + b.transferred,
    complaints: {
      open: a.complaints.open + b.complaints.open,
      in_progress: a.complaints.in_progress + b.complaints.in_progress,
      closed: a.complaints.closed + b.complaints.closed,
    },
    ratable: a.ratable + b.ratable,
    byScore: sum(a.byScore, b.byScore) as ClerkFacts['byScore'],
    loggedInMs: a.loggedInMs + b.loggedInMs,
    pausedByReason: Object.fromEntries(PAUSE_REASONS.map((r) => [r, a.pausedByReason[r] + b.pausedByReason[r]])) as Record<PauseReason, number>,
  }
}

function addCounter(a: CounterFacts, b: CounterFacts): CounterFacts {
  return { counterId: a.counterId, openMs: a.openMs + b.openMs, pausedMs: a.pausedMs + b.pausedMs, served: a.served + b.served }
}

function mergeBy<T, K>(items: Iterable<T>, key: (t: T) => K, add: (a: T, b: T) => T): Map<K, T> {
  const out = new Map<K, T>()
  for (const item of items) {
    const k = key(item)
    const seen = out.get(k)
    out.set(k, seen ? add(seen, item) : item)
  }
  return out
}

function ticketFigures(s: ServiceFacts): TicketFigures {
  return { issued: s.issued, served: s.served, noShow: s.noShow, transferred: s.transferred, cancelled: s.cancelled, expired: s.expired, open: s.open }
}

function hourFigures(h: HoursAcc, rolloverHour: number): HourFigures[] {
  return businessHours(rolloverHour).map((hour) => ({
    hour,
    arrivals: h.arrivals[hour]!,
    waits: h.waits[hour]!,
    avgWaitMs: share(h.waitTotalMs[hour]!, h.waits[hour]!),
    withinTarget: h.within[hour]!,
  }))
}

/** Everything of a range of business days, from their facts. */
export function summarise(days: readonly FactsDay[], names: Names, options: SummaryOptions): ReportSummary {
  const services = mergeBy(
    days.flatMap((d) => d.facts.services),
    (s) => s.serviceId,
    addService,
  )
  const runsOf = (serviceId: string | null, kind: 'wait' | 'handle'): Float64Array[] =>
    days.flatMap((d) => [...d.runs.entries()].filter(([id]) => serviceId === null || id === serviceId).map(([, r]) => r[kind]))

  const empty: ServiceFacts = {
    serviceId: '',
    targetWaitMin: 0,
    issued: 0,
    served: 0,
    noShow: 0,
    transferred: 0,
    cancelled: 0,
    expired: 0,
    open: 0,
    wait: { count: 0, totalMs: 0, maxMs: null, within: 0 },
    handle: { count: 0, totalMs: 0, maxMs: null },
    hours: { arrivals: Array(24).fill(0), waits: Array(24).fill(0), waitTotalMs: Array(24).fill(0), within: Array(24).fill(0) },
    items: {},
  }
  const hallFacts = [...services.values()].reduce(addService, empty)

  let peak: PeakWaiting = { count: 0, at: null, businessDay: null }
  for (const d of days) {
    if (d.facts.peak.count > peak.count) peak = { ...d.facts.peak, businessDay: d.facts.businessDay }
  }

  const hall: HallFigures = {
    tickets: ticketFigures(hallFacts),
    wait: waitFigures(hallFacts.wait, runsOf(null, 'wait')),
    handling: durationFigures(hallFacts.handle, runsOf(null, 'handle')),
    byHour: hourFigures(hallFacts.hours, options.rolloverHour),
    peakWaiting: peak,
  }

  const serviceOrder = (id: string) => names.services[id]?.sortOrder ?? Number.MAX_SAFE_INTEGER
  const serviceFigures: ServiceFigures[] = [...services.values()]
    .sort((a, b) => serviceOrder(a.serviceId) - serviceOrder(b.serviceId) || (a.serviceId < b.serviceId ? -1 : 1))
    .map((s) => ({
      serviceId: s.serviceId,
      nameZh: names.services[s.serviceId]?.nameZh ?? s.serviceId,
      nameEn: names.services[s.serviceId]?.nameEn ?? s.serviceId,
      tickets: ticketFigures(s),
      wait: waitFigures(s.wait, runsOf(s.serviceId, 'wait')),
      handling: durationFigures(s.handle, runsOf(s.serviceId, 'handle')),
      byHour: hourFigures(s.hours, options.rolloverHour),
      items: Object.entries(s.items)
        .map(([item, count]) => ({ item, count }))
        .sort((a, b) => b.count - a.count || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)),
    }))

  const clerks = [...mergeBy(days.flatMap((d) => d.facts.clerks), (c) => c.clerkId, addClerk).values()]
    .sort((a, b) => a.clerkId - b.clerkId)
    .map((c) => clerkFigures(c, names.clerks[c.clerkId]))

  const counters: CounterFigures[] = [...mergeBy(days.flatMap((d) => d.facts.counters), (c) => c.counterId, addCounter).values()]
    .sort((a, b) => a.counterId - b.counterId)
    .map((c) => ({ counterId: c.counterId, name: names.counters[c.counterId]?.name ?? String(c.counterId), openMs: c.openMs, pausedMs: c.pausedMs, served: c.served }))

  const dayLines: DayLine[] = days
    .map((d) => {
      const f = d.facts.services.reduce(addService, empty)
      return {
        businessDay: d.facts.businessDay,
        closed: d.facts.closed,
        issued: f.issued,
        served: f.served,
        waits: f.wait.count,
        avgWaitMs: share(f.wait.totalMs, f.wait.count),
        serviceLevel: share(f.wait.within, f.wait.count),
      }
    })
    .sort((a, b) => (a.businessDay < b.businessDay ? -1 : 1))

  return {
    from: options.from,
    to: options.to,
    asOf: options.asOf,
    timeZone: options.timeZone,
    days: dayLines,
    hall,
    services: serviceFigures,
    clerks,
    counters,
  }
}

export function clerkFigures(c: ClerkFacts, clerk: Clerk | undefined): ClerkFigures {
  const responses = c.byScore.reduce((a, b) => a + b, 0)
  const scoreSum = c.byScore.reduce((a, n, i) => a + n * (i + 1), 0)
  const satisfied = c.byScore[2] + c.byScore[3]
  const pausedMs = PAUSE_REASONS.reduce((a, r) => a + c.pausedByReason[r], 0)
  const taken = c.complaints.open + c.complaints.in_progress + c.complaints.closed
  return {
    clerkId: c.clerkId,
    staffCode: clerk?.staffCode ?? '',
    name: clerk?.name ?? `#${c.clerkId}`,
    served: c.served,
    handling: { count: c.handle.count, totalMs: c.handle.totalMs, avgMs: share(c.handle.totalMs, c.handle.count), maxMs: c.handle.maxMs },
    calledWait: { count: c.calls, avgMs: share(c.callWaitTotalMs, c.calls) },
    noShow: c.noShow,
    transferred: c.transferred,
    complaints: { taken, open: c.complaints.open, inProgress: c.complaints.in_progress, closed: c.complaints.closed },
    satisfaction: {
      ratable: c.ratable,
      responses,
      responseRate: share(responses, c.ratable),
      average: share(scoreSum, responses),
      satisfied,
      satisfiedShare: share(satisfied, responses),
      byScore: [...c.byScore],
    },
    loggedInMs: c.loggedInMs,
    servingMs: c.handle.totalMs,
    pausedMs,
    pausedByReason: { ...c.pausedByReason },
    utilisation: share(c.handle.totalMs, c.loggedInMs),
  }
}
