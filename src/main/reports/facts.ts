/**
 * A business day's figures in additive form ("facts"): counts, sums and maxima that add up
 * across days, plus every wait and handling time per service (ascending) for exact medians and
 * percentiles. Closing the day stores them; a range is the sum of its days. The definitions
 * are in docs/metrics.md; this file follows them line by line.
 */
import { PAUSE_REASONS, RATING_REASONS, type ActivityPeriod, type PauseReason, type RatingReason, type Service, type ServiceRecord, type Ticket } from '../../shared/domain'
import { isRatable, isServed, periodMs, recordWaitMs, reportedHandleMs, withinTarget } from '../../shared/metrics'
import { localHourIn } from './local-hour'

export const FACTS_VERSION = 1

export interface DurationAcc {
  count: number
  totalMs: number
  maxMs: number | null
}

export interface WaitAcc extends DurationAcc {
  within: number
}

/** Per local hour 0–23. */
export interface HoursAcc {
  arrivals: number[]
  waits: number[]
  waitTotalMs: number[]
  within: number[]
}

export interface ServiceFacts {
  serviceId: string
  /** The target wait the day was judged by. */
  targetWaitMin: number
  issued: number
  served: number
  noShow: number
  transferred: number
  cancelled: number
  expired: number
  open: number
  wait: WaitAcc
  handle: DurationAcc
  hours: HoursAcc
  items: Record<string, number>
  /** Visits of the service the customer could rate, their ratings per score 1..4, and the reasons given. */
  ratable: number
  byScore: [number, number, number, number]
  reasons: Record<RatingReason, number>
}

export interface ClerkFacts {
  clerkId: number
  served: number
  /** Business items recorded on the clerk's visits (办理业务笔数), whatever the outcome. */
  items: number
  handle: DurationAcc
  /** Sum of the services' standard handling times over the records in `handle`. */
  standardMs: number
  calls: number
  callWaitTotalMs: number
  noShow: number
  /** No-show marks by how many times the customer had been called: { "1": n, "2": n, … }. */
  noShowByCalls: Record<string, number>
  transferred: number
  complaints: { open: number; in_progress: number; closed: number }
  ratable: number
  /** Responses per score 1..4. */
  byScore: [number, number, number, number]
  /** Reasons customers gave with 一般 / 不满意. */
  reasons: Record<RatingReason, number>
  loggedInMs: number
  pausedByReason: Record<PauseReason, number>
}

export interface CounterFacts {
  counterId: number
  openMs: number
  pausedMs: number
  served: number
}

export interface DayFacts {
  version: number
  businessDay: string
  closed: boolean
  /** When open periods and waiting tickets were measured up to (the close, or "now"). */
  asOf: number
  timeZone: string
  rolloverHour: number
  services: ServiceFacts[]
  clerks: ClerkFacts[]
  counters: CounterFacts[]
  peak: { count: number; at: number | null }
}

/** Ascending whole milliseconds (uint32 as stored, float64 as counted). */
export type ValueRun = Float64Array | Uint32Array

/** Ascending waits and handling times of one service on one day. */
export interface ServiceDistribution {
  wait: ValueRun
  handle: ValueRun
}

export interface DayRows {
  businessDay: string
  tickets: readonly Ticket[]
  records: readonly ServiceRecord[]
  periods: readonly ActivityPeriod[]
}

export interface DayConfig {
  /** The services as configured when the day is counted (targets and standards). */
  services: Record<string, Service>
  timeZone: string
  rolloverHour: number
  asOf: number
  closed: boolean
}

const OPEN_STATUSES = new Set(['waiting', 'called', 'serving', 'no_show'])

const zeros = () => Array.from({ length: 24 }, () => 0)
const durationAcc = (): DurationAcc => ({ count: 0, totalMs: 0, maxMs: null })

function add(acc: DurationAcc, ms: number): void {
  acc.count++
  acc.totalMs += ms
  if (acc.maxMs === null || ms > acc.maxMs) acc.maxMs = ms
}

function newService(serviceId: string, targetWaitMin: number): ServiceFacts {
  return {
    serviceId,
    targetWaitMin,
    issued: 0,
    served: 0,
    noShow: 0,
    transferred: 0,
    cancelled: 0,
    expired: 0,
    open: 0,
    wait: { ...durationAcc(), within: 0 },
    handle: durationAcc(),
    hours: { arrivals: zeros(), waits: zeros(), waitTotalMs: zeros(), within: zeros() },
    items: {},
    ratable: 0,
    byScore: [0, 0, 0, 0],
    reasons: noReasons(),
  }
}

export const noReasons = (): Record<RatingReason, number> => Object.fromEntries(RATING_REASONS.map((r) => [r, 0])) as Record<RatingReason, number>

/**
 * Facts stored before ratings were counted per service and reasons were kept lack those
 * fields: they count as none (nothing of the kind was recorded then).
 */
export function withRatingFields(facts: DayFacts): DayFacts {
  for (const s of facts.services) {
    s.ratable ??= 0
    s.byScore ??= [0, 0, 0, 0]
    s.reasons ??= noReasons()
  }
  for (const c of facts.clerks) {
    c.reasons ??= noReasons()
    // Days stored before business items were counted per clerk: none counted.
    c.items ??= 0
  }
  return facts
}

function newClerk(clerkId: number): ClerkFacts {
  return {
    clerkId,
    served: 0,
    items: 0,
    handle: durationAcc(),
    standardMs: 0,
    calls: 0,
    callWaitTotalMs: 0,
    noShow: 0,
    noShowByCalls: {},
    transferred: 0,
    complaints: { open: 0, in_progress: 0, closed: 0 },
    ratable: 0,
    byScore: [0, 0, 0, 0],
    reasons: noReasons(),
    loggedInMs: 0,
    pausedByReason: Object.fromEntries(PAUSE_REASONS.map((r) => [r, 0])) as Record<PauseReason, number>,
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key)
  if (v === undefined) {
    v = make()
    map.set(key, v)
  }
  return v
}

/** Counts one business day. Pure: rows, configuration and the measuring instant in, facts out. */
export function dayFacts(rows: DayRows, config: DayConfig): { facts: DayFacts; distributions: Map<string, ServiceDistribution> } {
  const hourOf = localHourIn(config.timeZone)
  const services = new Map<string, ServiceFacts>()
  const service = (id: string) => getOr(services, id, () => newService(id, config.services[id]?.targetWaitMin ?? 0))
  const clerks = new Map<number, ClerkFacts>()
  const clerk = (id: number) => getOr(clerks, id, () => newClerk(id))
  const counters = new Map<number, CounterFacts>()
  const counter = (id: number) => getOr(counters, id, () => ({ counterId: id, openMs: 0, pausedMs: 0, served: 0 }))
  const waits = new Map<string, number[]>()
  const handles = new Map<string, number[]>()

  for (const t of rows.tickets) {
    const issuedFor = service(t.issuedServiceId)
    issuedFor.issued++
    issuedFor.hours.arrivals[hourOf(t.issuedAt)]!++
    const now = service(t.serviceId)
    if (t.status === 'cancelled') now.cancelled++
    else if (t.status === 'expired') now.expired++
    else if (OPEN_STATUSES.has(t.status)) now.open++
  }

  for (const r of rows.records) {
    const s = service(r.serviceId)
    const c = clerk(r.clerkId)
    const wait = recordWaitMs(r)
    const hour = hourOf(r.queuedAt)
    const within = withinTarget(wait, s.targetWaitMin)
    add(s.wait, wait)
    if (within) s.wait.within++
    s.hours.waits[hour]!++
    s.hours.waitTotalMs[hour]! += wait
    if (within) s.hours.within[hour]!++
    getOr(waits, r.serviceId, () => []).push(wait)
    c.calls++
    c.callWaitTotalMs += wait

    const handle = reportedHandleMs(r)
    if (handle !== null) {
      add(s.handle, handle)
      add(c.handle, handle)
      c.standardMs += (config.services[r.serviceId]?.defaultHandleMin ?? 0) * 60_000
      getOr(handles, r.serviceId, () => []).push(handle)
    }
    if (isServed(r)) {
      s.served++
      c.served++
      counter(r.counterId).served++
    }
    if (r.outcome === 'no_show') {
      s.noShow++
      c.noShow++
      c.noShowByCalls[String(r.callCount)] = (c.noShowByCalls[String(r.callCount)] ?? 0) + 1
    }
    if (r.outcome === 'transferred') {
      s.transferred++
      c.transferred++
    }
    for (const item of r.items) s.items[item] = (s.items[item] ?? 0) + 1
    c.items += r.items.length
    if (r.complaint) c.complaints[r.complaint.followUp]++
    if (isRatable(r)) {
      c.ratable++
      s.ratable++
    }
    if (r.rating !== null) {
      c.byScore[r.rating - 1]!++
      s.byScore[r.rating - 1]!++
    }
    if (r.ratingReason !== null) {
      c.reasons[r.ratingReason]++
      s.reasons[r.ratingReason]++
    }
  }

  for (const p of rows.periods) {
    const ms = periodMs(p, config.asOf)
    const c = clerk(p.clerkId)
    if (p.kind === 'open') {
      counter(p.counterId).openMs += ms
      c.loggedInMs += ms
    } else {
      counter(p.counterId).pausedMs += ms
      c.pausedByReason[p.reason ?? 'other'] += ms
    }
  }

  const distributions = new Map<string, ServiceDistribution>()
  for (const id of services.keys()) {
    distributions.set(id, {
      wait: Float64Array.from(waits.get(id) ?? []).sort(),
      handle: Float64Array.from(handles.get(id) ?? []).sort(),
    })
  }

  const facts: DayFacts = {
    version: FACTS_VERSION,
    businessDay: rows.businessDay,
    closed: config.closed,
    asOf: config.asOf,
    timeZone: config.timeZone,
    rolloverHour: config.rolloverHour,
    services: [...services.values()].sort((a, b) => (a.serviceId < b.serviceId ? -1 : 1)),
    clerks: [...clerks.values()].sort((a, b) => a.clerkId - b.clerkId),
    counters: [...counters.values()].sort((a, b) => a.counterId - b.counterId),
    peak: peakWaiting(rows.tickets, rows.records),
  }
  return { facts, distributions }
}

/**
 * The most tickets waiting at one moment, and the first moment it happened. A ticket waits
 * from each time it joins a queue (issue, transfer, reactivation) until it is called,
 * cancelled or expires; everything recorded in the same millisecond counts together.
 */
export function peakWaiting(tickets: readonly Ticket[], records: readonly ServiceRecord[]): { count: number; at: number | null } {
  const starts: number[] = []
  const ends: number[] = []
  const interval = (from: number, to: number) => {
    if (to <= from) return
    starts.push(from)
    ends.push(to)
  }
  const last = new Map<number, ServiceRecord>()
  for (const r of records) {
    interval(r.queuedAt, r.calledAt)
    const seen = last.get(r.ticketId)
    if (!seen || r.id > seen.id) last.set(r.ticketId, r)
  }
  for (const t of tickets) {
    if (t.status === 'waiting') interval(t.queuedAt, Number.POSITIVE_INFINITY)
    else if ((t.status === 'cancelled' || t.status === 'expired') && endedWhileWaiting(t, last.get(t.id))) interval(t.queuedAt, t.endedAt ?? t.queuedAt)
  }
  starts.sort((a, b) => a - b)
  ends.sort((a, b) => a - b)
  let best = 0
  let at: number | null = null
  let e = 0
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!
    if (i + 1 < starts.length && starts[i + 1] === s) continue
    while (e < ends.length && ends[e]! <= s) e++
    const count = i + 1 - e
    if (count > best) {
      best = count
      at = s
    }
  }
  return { count: best, at }
}

/** Whether a ticket that ended (cancelled or expired) was waiting in a queue when it ended. */
function endedWhileWaiting(t: Ticket, last: ServiceRecord | undefined): boolean {
  if (!last) return true
  if (last.outcome === 'transferred') return true
  // A no-show that came back joined the queue again at its reactivation.
  if (last.outcome === 'no_show') return t.queuedAt !== last.queuedAt
  return false
}
