/**
 * From days of facts to the summary the manager reads: sums add up, averages are sums over
 * counts, medians and 90th percentiles come from every value of the range (exact, Excel's
 * MEDIAN / PERCENTILE.INC), shares are null where there is nothing to share.
 */
import { PAUSE_REASONS, RATING_REASONS, type Clerk, type RatingReason, type Service } from '../../shared/domain'
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
  SatisfactionFigures,
  ServiceFigures,
  TicketFigures,
  WaitFigures,
} from '../../shared/reports'
import { noReasons, type ClerkFacts, type CounterFacts, type DayFacts, type DurationAcc, type HoursAcc, type ServiceFacts, type ValueRun, type WaitAcc } from './facts'
import { businessHours } from './local-hour'

/** One day's facts and the ascending value runs of its services (loaded only when needed). */
export interface FactsDay {
  facts: DayFacts
  /** serviceId → ascending waits and handling times. */
  runs: Map<string, { wait: ValueRun; handle: ValueRun }>
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
 * Ascending runs as windows of shared blocks: run i is `blocks[block[i]]` from index `from[i]` up
 * to (not including) `to[i]`. How the centre holds the value runs of a report (rollup-report.ts):
 * copied into a few large blocks as they arrive, no typed array of its own for each run.
 */
export interface RunWindows {
  blocks: readonly ValueRun[]
  block: Int32Array
  from: Int32Array
  to: Int32Array
}

/** Each run a window of its own: the whole of it. */
export function windowsOf(runs: readonly ValueRun[]): RunWindows {
  const n = runs.length
  const block = new Int32Array(n)
  const to = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    block[i] = i
    to[i] = runs[i]!.length
  }
  return { blocks: runs, block, from: new Int32Array(n), to }
}

/** Bits a step of the radix search sorts by: 2,048 counters, so a wait below 70 minutes takes two. */
const RADIX_BITS = 11

/**
 * The k-th smallest (0-based) of values spread over ascending runs, without merging them.
 *
 * Whole milliseconds from 0 to 2^32 − 1 (always, for waits and handling times): a radix search.
 * One pass over every value counts them into 2,048 ranges of the high bits (once, for every k
 * asked); the range that holds the k-th is then split the same way, each run's window narrowed
 * to it by a binary search, until the range is one value wide — two steps for values below
 * 2^22 ms (70 minutes), three above. Cost: one pass over the values, then a few binary searches
 * a run for each k.
 *
 * Anything else (a negative or fractional value, counted as float64): a binary search over the
 * value for the smallest v with at least k+1 values <= v, each run keeping the window where v's
 * position can still be.
 */
export function ranker(runs: readonly ValueRun[] | RunWindows): (k: number) => number {
  const w = Array.isArray(runs) ? windowsOf(runs as readonly ValueRun[]) : (runs as RunWindows)
  const count = w.block.length
  let nonEmpty = 0
  let only = -1
  let whole = true
  for (let i = 0; i < count; i++) {
    const a = w.from[i]!
    const b = w.to[i]!
    if (b <= a) continue
    nonEmpty++
    only = i
    const run = w.blocks[w.block[i]!]!
    if (whole && !(run instanceof Uint32Array)) {
      for (let j = a; j < b; j++) {
        const v = run[j]!
        if (v !== v >>> 0) {
          whole = false
          break
        }
      }
    }
  }
  if (nonEmpty === 1) {
    const run = w.blocks[w.block[only]!]!
    const at = w.from[only]!
    return (k) => run[at + k]!
  }
  return whole ? radixRanker(w) : valueSearchRanker(w)
}

/** First index in [a, b) of an ascending run whose value is at least v (b when none). */
function lowerBound(run: ValueRun, v: number, a: number, b: number): number {
  while (a < b) {
    const m = (a + b) >>> 1
    if (run[m]! < v) a = m + 1
    else b = m
  }
  return a
}

/**
 * The radix search's working arrays, shared by every ranker: a report makes a thousand rankers
 * and asks each for four ranks at once, and arrays of its own for each would be most of what it
 * allocates. The ranker that used them last owns them; another one asking counts its first
 * step again.
 */
const scratch = {
  owner: null as object | null,
  /** below[r]: how many values lie below the first step's r-th range. */
  below: new Float64Array((1 << RADIX_BITS) + 1),
  top: new Int32Array(1 << RADIX_BITS),
  /** The last step's counts, kept for the next k. */
  counts: new Float64Array(1 << RADIX_BITS),
  lastLo: 0,
  lastBelow: 0,
  lastCount: 0,
  from: new Int32Array(1024),
  to: new Int32Array(1024),
}

function radixRanker(w: RunWindows): (k: number) => number {
  const n = w.block.length
  const { blocks, block, from: from0, to: to0 } = w
  let max = 0
  for (let i = 0; i < n; i++) if (to0[i]! > from0[i]!) max = Math.max(max, blocks[block[i]!]![to0[i]! - 1]!)
  const bits = 32 - Math.clz32(max)
  const topShift = Math.max(0, bits - RADIX_BITS)
  const me = {}
  const walk = (rank: number, lo: number) => {
    const counts = scratch.counts
    let r = 0
    while (rank >= counts[r]!) rank -= counts[r++]!
    return lo + r
  }
  return function rankOf(k) {
    const s = scratch
    if (s.owner !== me) {
      // The first step: every value counted into its range of the high bits.
      const top = s.top.fill(0)
      for (let i = 0; i < n; i++) {
        const run = blocks[block[i]!]!
        const b = to0[i]!
        for (let j = from0[i]!; j < b; j++) top[run[j]! >>> topShift]!++
      }
      // Counted in 32 bits (fewer than 2^31 values in a range), summed in 64.
      const below = s.below
      for (let r = 0; r < 1 << RADIX_BITS; r++) below[r + 1] = below[r]! + top[r]!
      if (s.from.length < n) {
        s.from = new Int32Array(2 * n)
        s.to = new Int32Array(2 * n)
      }
      s.lastCount = 0
      s.owner = me
    }
    if (k >= s.lastBelow && k < s.lastBelow + s.lastCount) return walk(k - s.lastBelow, s.lastLo)
    const below = s.below
    // The first step's range that holds the k-th: the last r with below[r] <= k.
    let a = 0
    let b = 1 << RADIX_BITS
    while (b - a > 1) {
      const m = (a + b) >>> 1
      if (below[m]! <= k) a = m
      else b = m
    }
    let lo = a * 2 ** topShift
    let shift = topShift
    let rank = k - below[a]!
    const from = s.from
    const to = s.to
    const counts = s.counts
    from.set(from0)
    to.set(to0)
    while (shift > 0) {
      const end = lo + 2 ** shift
      const next = Math.max(0, shift - RADIX_BITS)
      counts.fill(0)
      let inRange = 0
      for (let i = 0; i < n; i++) {
        const run = blocks[block[i]!]!
        const x = lowerBound(run, lo, from[i]!, to[i]!)
        const y = lowerBound(run, end, x, to[i]!)
        from[i] = x
        to[i] = y
        if (x === y) continue
        inRange += y - x
        // A window of one value over and over (a run of equal times) counted at once.
        if (run[x] === run[y - 1]) counts[(run[x]! - lo) >>> next]! += y - x
        else for (let j = x; j < y; j++) counts[(run[j]! - lo) >>> next]!++
      }
      if (next === 0) {
        s.lastLo = lo
        s.lastBelow = k - rank
        s.lastCount = inRange
        return walk(rank, lo)
      }
      let r = 0
      while (rank >= counts[r]!) rank -= counts[r++]!
      lo += r * 2 ** next
      shift = next
    }
    return lo
  }
}

function valueSearchRanker(w: RunWindows): (k: number) => number {
  // The non-empty windows, each run an array of its own.
  const runs: ValueRun[] = []
  const starts: number[] = []
  const ends: number[] = []
  for (let i = 0; i < w.block.length; i++) {
    if (w.to[i]! <= w.from[i]!) continue
    runs.push(w.blocks[w.block[i]!]!)
    starts.push(w.from[i]!)
    ends.push(w.to[i]!)
  }
  const n = runs.length
  const from0 = Int32Array.from(starts)
  const to0 = Int32Array.from(ends)
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const r = runs[i]!
    if (r[from0[i]!]! < min) min = r[from0[i]!]!
    if (r[to0[i]! - 1]! > max) max = r[to0[i]! - 1]!
  }
  const from = new Int32Array(n)
  const to = new Int32Array(n)
  const at = new Int32Array(n)
  return function rankOf(k) {
    from.set(from0)
    to.set(to0)
    let lo = min
    let hi = max
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      let atMost = 0
      for (let i = 0; i < n; i++) {
        // First index in [from, to) whose value is above mid: the count of values <= mid.
        const run = runs[i]!
        let a = from[i]!
        let b = to[i]!
        while (a < b) {
          const m = (a + b) >>> 1
          if (run[m]! <= mid) a = m + 1
          else b = m
        }
        at[i] = a
        atMost += a - from0[i]!
      }
      if (atMost >= k + 1) {
        hi = mid
        to.set(at)
      } else {
        lo = mid + 1
        from.set(at)
      }
    }
    return lo
  }
}

export function durationFigures(acc: DurationAcc, runs: readonly ValueRun[] | RunWindows): DurationFigures {
  const at = acc.count > 0 ? ranker(runs) : () => 0
  return {
    count: acc.count,
    totalMs: acc.totalMs,
    avgMs: share(acc.totalMs, acc.count),
    medianMs: interpolatedRank(acc.count, 0.5, at),
    p90Ms: interpolatedRank(acc.count, 0.9, at),
    maxMs: acc.maxMs,
  }
}

export function waitFigures(acc: WaitAcc, runs: readonly ValueRun[] | RunWindows): WaitFigures {
  return { ...durationFigures(acc, runs), withinTarget: acc.within, aboveTarget: acc.count - acc.within, serviceLevel: share(acc.within, acc.count) }
}

function addInto(a: number[], b: readonly number[]): void {
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!
}

function addDuration(a: DurationAcc, b: DurationAcc): void {
  a.count += b.count
  a.totalMs += b.totalMs
  if (b.maxMs !== null && (a.maxMs === null || b.maxMs > a.maxMs)) a.maxMs = b.maxMs
}

/** Adds b into a (a is a copy owned by the summary). */
function addService(a: ServiceFacts, b: ServiceFacts): void {
  for (const [item, n] of Object.entries(b.items)) a.items[item] = (a.items[item] ?? 0) + n
  a.targetWaitMin = b.targetWaitMin
  a.issued += b.issued
  a.served += b.served
  a.noShow += b.noShow
  a.transferred += b.transferred
  a.cancelled += b.cancelled
  a.expired += b.expired
  a.open += b.open
  addDuration(a.wait, b.wait)
  a.wait.within += b.wait.within
  addDuration(a.handle, b.handle)
  addInto(a.hours.arrivals, b.hours.arrivals)
  addInto(a.hours.waits, b.hours.waits)
  addInto(a.hours.waitTotalMs, b.hours.waitTotalMs)
  addInto(a.hours.within, b.hours.within)
  a.ratable += b.ratable
  addInto(a.byScore, b.byScore)
  for (const r of RATING_REASONS) a.reasons[r] += b.reasons[r]
}

/** Adds b into a. */
export function addClerk(a: ClerkFacts, b: ClerkFacts): void {
  for (const [calls, n] of Object.entries(b.noShowByCalls)) a.noShowByCalls[calls] = (a.noShowByCalls[calls] ?? 0) + n
  a.served += b.served
  a.items += b.items
  addDuration(a.handle, b.handle)
  a.standardMs += b.standardMs
  a.calls += b.calls
  a.callWaitTotalMs += b.callWaitTotalMs
  a.noShow += b.noShow
  a.transferred += b.transferred
  a.complaints.open += b.complaints.open
  a.complaints.in_progress += b.complaints.in_progress
  a.complaints.closed += b.complaints.closed
  a.ratable += b.ratable
  addInto(a.byScore, b.byScore)
  for (const r of RATING_REASONS) a.reasons[r] += b.reasons[r]
  a.loggedInMs += b.loggedInMs
  for (const r of PAUSE_REASONS) a.pausedByReason[r] += b.pausedByReason[r]
}

function addCounter(a: CounterFacts, b: CounterFacts): void {
  a.openMs += b.openMs
  a.pausedMs += b.pausedMs
  a.served += b.served
}

/** Sums items by key into fresh copies, so the days' facts stay as they were. */
function mergeBy<T, K>(items: Iterable<T>, key: (t: T) => K, add: (a: T, b: T) => void): Map<K, T> {
  const out = new Map<K, T>()
  for (const item of items) {
    const k = key(item)
    const seen = out.get(k)
    if (seen) add(seen, item)
    else out.set(k, structuredClone(item))
  }
  return out
}

function emptyService(): ServiceFacts {
  return {
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
    ratable: 0,
    byScore: [0, 0, 0, 0],
    reasons: noReasons(),
  }
}

function totalOf(services: Iterable<ServiceFacts>): ServiceFacts {
  const total = emptyService()
  for (const s of services) addService(total, s)
  return total
}

export function ticketFigures(s: Pick<ServiceFacts, 'issued' | 'served' | 'noShow' | 'transferred' | 'cancelled' | 'expired' | 'open'>): TicketFigures {
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
  const runsOf = function runsOf(serviceId: string | null, kind: 'wait' | 'handle'): ValueRun[] {
    const out: ValueRun[] = []
    for (const d of days) {
      for (const [id, r] of d.runs) if (serviceId === null || id === serviceId) out.push(r[kind])
    }
    return out
  }

  const hallFacts = totalOf(services.values())

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
    satisfaction: satisfactionFigures(hallFacts),
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
      satisfaction: satisfactionFigures(s),
    }))

  const clerks = [...mergeBy(days.flatMap((d) => d.facts.clerks), (c) => c.clerkId, addClerk).values()]
    .sort((a, b) => a.clerkId - b.clerkId)
    .map((c) => clerkFigures(c, names.clerks[c.clerkId]))

  const counters: CounterFigures[] = [...mergeBy(days.flatMap((d) => d.facts.counters), (c) => c.counterId, addCounter).values()]
    .sort((a, b) => a.counterId - b.counterId)
    .map((c) => ({ counterId: c.counterId, name: names.counters[c.counterId]?.name ?? String(c.counterId), openMs: c.openMs, pausedMs: c.pausedMs, served: c.served }))

  const dayLines: DayLine[] = days
    .map((d) => {
      const f = totalOf(d.facts.services)
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
    // Kept by the hall apart from the day's facts: the report service adds them (IncidentStore).
    incidents: null,
  }
}

/** Satisfaction from counted ratings (docs/metrics.md, 满意度). */
export function satisfactionFigures(c: { ratable: number; byScore: readonly [number, number, number, number]; reasons: Record<RatingReason, number> }): SatisfactionFigures {
  const responses = c.byScore.reduce((a, b) => a + b, 0)
  const scoreSum = c.byScore.reduce((a, n, i) => a + n * (i + 1), 0)
  const satisfied = c.byScore[2] + c.byScore[3]
  return {
    ratable: c.ratable,
    responses,
    responseRate: share(responses, c.ratable),
    average: share(scoreSum, responses),
    satisfied,
    satisfiedShare: share(satisfied, responses),
    byScore: [...c.byScore],
    reasons: { ...c.reasons },
  }
}

/** The clerk's facts a clerk's figures read (the centre's rollup keeps exactly these). */
export type ClerkFigureFacts = Pick<
  ClerkFacts,
  'clerkId' | 'served' | 'handle' | 'calls' | 'callWaitTotalMs' | 'noShow' | 'transferred' | 'ratable' | 'byScore' | 'reasons' | 'loggedInMs' | 'pausedByReason'
>

export function clerkFigures(c: ClerkFigureFacts, clerk: Clerk | undefined): ClerkFigures {
  const pausedMs = PAUSE_REASONS.reduce((a, r) => a + c.pausedByReason[r], 0)
  return {
    clerkId: c.clerkId,
    staffCode: clerk?.staffCode ?? '',
    name: clerk?.name ?? `#${c.clerkId}`,
    served: c.served,
    handling: { count: c.handle.count, totalMs: c.handle.totalMs, avgMs: share(c.handle.totalMs, c.handle.count), maxMs: c.handle.maxMs },
    calledWait: { count: c.calls, avgMs: share(c.callWaitTotalMs, c.calls) },
    noShow: c.noShow,
    transferred: c.transferred,
    // The cases about the clerk are not day facts: the report service adds them where it keeps them.
    complaints: null,
    satisfaction: satisfactionFigures(c),
    loggedInMs: c.loggedInMs,
    servingMs: c.handle.totalMs,
    pausedMs,
    pausedByReason: { ...c.pausedByReason },
    utilisation: share(c.handle.totalMs, c.loggedInMs),
  }
}
