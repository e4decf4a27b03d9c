/**
 * The wait printed on a new ticket: how many people are ahead, and roughly how long.
 * Shared because the kiosk shows the same estimate on its tiles before a ticket is taken; pure
 * and cheap enough to recompute on every event.
 *
 * How long: the hall's next calls are played forward with the real call order (due times, the
 * counters' head starts, tickets transferred to a counter, the 2:1 rule), each counter busy for
 * the time a call of that service has taken today, until a counter reaches the new ticket. Then
 * the customers who will arrive after it and still go ahead (priority classes, a counter's main
 * service) are added. docs/call-policy.md, "Wait estimate", says it in words; the simulator
 * measures it against the waits customers actually had (docs/performance.md).
 */
import type { Counter, PauseReason, PriorityClass, ServiceRecord, Ticket, WaitEstimate } from './domain'
import { dayLists, queuesOf, type DayLists, type HallState } from './hall-state'
import type { HallSettings } from './settings'
import { compareEntries, headStartMs, type QueueEntry, type WaitingQueues } from './waiting-queues'

const MINUTE = 60_000

/** Head start in minutes of a priority class (docs/call-policy.md). */
export function classBoostMin(priority: PriorityClass, settings: HallSettings): number {
  return priority === 'normal' ? 0 : settings.queue.priorityBoostMin[priority]
}

/** Handling times learned from this many most recent completed services. */
const LEARN_WINDOW = 20

/** Average handling minutes (start to end) of the service's recent completed records today, else its default. */
export function learnedHandleMin(state: HallState, serviceId: string, lists: DayLists = dayLists(state)): number {
  const fallback = state.services[serviceId]?.defaultHandleMin ?? 5
  let total = 0
  let n = 0
  const records = lists.records
  for (let i = records.length - 1; i >= 0 && n < LEARN_WINDOW; i--) {
    const r = records[i]!
    if (r.serviceId !== serviceId || r.outcome !== 'completed' || r.startedAt === null || r.endedAt === null) continue
    total += r.endedAt - r.startedAt
    n++
  }
  return n === 0 ? fallback : Math.max(0.5, total / n / MINUTE)
}

/** Recent calls per service that the counter time is learned from. */
const CYCLE_WINDOW = 20
/** How far back the learning looks before it stops (records, newest first). */
const CYCLE_SCAN = 200
/** Weight, in calls, of the service's configured default before today has taught us better. */
const PRIOR_CALLS = 4
/** Arrivals per service and class are counted over this many minutes back. */
const RATE_WINDOW_MIN = 30
/** …or over this many most recent tickets, whichever is fewer. */
const RATE_SCAN = 200
/** Calls played forward before the rest is extrapolated: keeps a 2,000-person queue cheap. */
const MAX_CALLS = 100
/** How long a paused counter stays paused, by reason, when nothing better is known (minutes). */
const PAUSE_MIN: Record<PauseReason, number> = { meal: 30, training: 45, meeting: 30, backoffice: 10, other: 5 }

/** What today's records say about each service: minutes a counter spends per call. */
interface Learned {
  /** Call to the counter's next call: the customer walking up, the service, the clerk's notes. */
  cycleMin: Map<string, number>
  /** Arrivals per minute by service and class, over the last half hour. */
  rates: Map<string, Map<PriorityClass, number>>
}

/**
 * Today's pace changes slowly; the kiosk asks for every service tile and the hub for every
 * ticket. For lists a caller keeps current (the hub's), what was learned is reused within the
 * same minute of hall time while the lists have not changed — a ticket issued or a service
 * finished since makes it stale, and the ticket must print what a screen reading the same state
 * shows. Lists made for one call are learned from afresh.
 */
const learnedCache = new WeakMap<DayLists, { minute: number; version: number; learned: Learned }>()

function learnedFor(state: HallState, lists: DayLists, now: number): Learned {
  if (lists.version === undefined) return learn(state, lists, now)
  const minute = Math.floor(now / MINUTE)
  const cached = learnedCache.get(lists)
  if (cached && cached.minute === minute && cached.version === lists.version) return cached.learned
  const learned = learn(state, lists, now)
  learnedCache.set(lists, { minute, version: lists.version, learned })
  return learned
}

function learn(state: HallState, lists: DayLists, now: number): Learned {
  const services = Object.values(state.services)
  const sums = new Map<string, { total: number; n: number }>()
  for (const s of services) sums.set(s.id, { total: 0, n: 0 })
  let wanting = services.length
  // Gap between one call's end and the counter's next call, from consecutive calls at a counter.
  const nextCallAt: number[] = []
  let gapTotal = 0
  let gaps = 0
  const records = lists.records
  for (let i = records.length - 1, scanned = 0; i >= 0 && scanned < CYCLE_SCAN && wanting > 0; i--, scanned++) {
    const r = records[i]!
    const later = nextCallAt[r.counterId]
    nextCallAt[r.counterId] = r.calledAt
    if (r.endedAt === null || r.outcome === 'cancelled' || r.outcome === 'expired') continue
    if (later !== undefined && later >= r.endedAt && later - r.endedAt < 3 * MINUTE) {
      gapTotal += later - r.endedAt
      gaps++
    }
    const s = sums.get(r.serviceId)
    if (!s || s.n >= CYCLE_WINDOW) continue
    s.total += r.endedAt - r.calledAt
    if (++s.n === CYCLE_WINDOW) wanting--
  }
  const gapMin = gaps === 0 ? 0.3 : gapTotal / gaps / MINUTE
  const cycleMin = new Map<string, number>()
  for (const service of services) {
    const s = sums.get(service.id)!
    // The default counts as a few calls, so one quick call early in the day does not swing it.
    const prior = service.defaultHandleMin + 1
    cycleMin.set(service.id, Math.max(0.5, (s.total / MINUTE + prior * PRIOR_CALLS) / (s.n + PRIOR_CALLS) + gapMin))
  }

  const rates = new Map<string, Map<PriorityClass, number>>()
  const tickets = lists.tickets
  const since = now - RATE_WINDOW_MIN * MINUTE
  let first = now
  for (let i = tickets.length - 1, scanned = 0; i >= 0 && scanned < RATE_SCAN; i--, scanned++) {
    const t = tickets[i]!
    if (t.issuedAt < since) break
    first = t.issuedAt
    let byClass = rates.get(t.issuedServiceId)
    if (!byClass) rates.set(t.issuedServiceId, (byClass = new Map()))
    byClass.set(t.priority, (byClass.get(t.priority) ?? 0) + 1)
  }
  // Always over at least the half hour: early in the day there is less to count over, and a
  // crowd that came in when the doors opened is not the pace of the morning.
  const windowMin = Math.max(RATE_WINDOW_MIN, (now - Math.min(first, now)) / MINUTE)
  for (const byClass of rates.values()) for (const [k, n] of byClass) byClass.set(k, n / windowMin)
  return { cycleMin, rates }
}

/**
 * A service's waiting customers in the forward play, read from the waiting queues without
 * copying: how far each list has been called, and where the new ticket stands in its class's
 * list (-1 in the other) — it is not in the lists; `keyAt` reads a list as if it were.
 */
interface ServiceQueue {
  serviceId: string
  normal: readonly QueueEntry[]
  priority: readonly QueueEntry[]
  nextNormal: number
  nextPriority: number
  mineNormal: number
  minePriority: number
  myKey: number
}

function keyAt(list: readonly QueueEntry[], mine: number, myKey: number, i: number): number {
  if (mine < 0 || i < mine) return list[i]!.key
  return i === mine ? myKey : list[i - 1]!.key
}

const lengthOf = (list: readonly QueueEntry[], mine: number) => list.length + (mine >= 0 ? 1 : 0)

interface PlayCounter {
  counter: Counter
  freeAt: number
  priorityRun: number
  /** Customers transferred to this very counter: called first, in queue-key order. */
  targeted: readonly QueueEntry[]
  nextTargeted: number
}

/** The queue entry a counter calls: a service queue's list and its head, or a transfer to it. */
type Pick = { q: ServiceQueue; priority: boolean } | { targeted: QueueEntry }

/** Number of entries due no later than `key`: among equal due times the newest ticket is called last. */
function atMost(list: readonly QueueEntry[] | undefined, key: number): number {
  if (!list) return 0
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]!.key <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function estimateWait(state: HallState, serviceId: string, priority: PriorityClass, now: number, lists: DayLists = dayLists(state)): WaitEstimate {
  return estimateAt(state, serviceId, priority, now - headStartMs(priority, state.settings), now, queuesOf(state, lists), lists)
}

/**
 * The same estimate for a ticket already waiting (the customer's phone page): the hall's next
 * calls played forward with the ticket at its own place in its queue instead of a new one's.
 * Tickets transferred to one counter wait in that counter's own list: their place is counted,
 * the minutes are not estimated.
 */
export function estimateWaitOf(state: HallState, ticket: Ticket, now: number, lists: DayLists = dayLists(state)): WaitEstimate {
  const waiting = queuesOf(state, lists)
  if (ticket.targetCounterId !== null) {
    const list = waiting.targeted.get(ticket.targetCounterId) ?? []
    return { ahead: Math.max(0, list.findIndex((e) => e.ticket.id === ticket.id)), minutes: null }
  }
  const own = waiting.byService.get(ticket.serviceId)
  const mine = [...(own?.normal ?? []), ...(own?.priority ?? [])].find((e) => e.ticket.id === ticket.id)
  if (!own || !mine) return { ahead: 0, minutes: null }
  // The play reads each list as if the ticket were inserted at its key: take it out first.
  const byService = new Map(waiting.byService)
  byService.set(ticket.serviceId, { normal: own.normal.filter((e) => e !== mine), priority: own.priority.filter((e) => e !== mine) })
  const without = { byService, targeted: waiting.targeted }
  // Among equal keys the one called first is the ticket that joined first: only those count ahead.
  const estimate = estimateAt(state, ticket.serviceId, ticket.priority, mine.key, now, without, lists)
  const ahead = own.normal.filter((e) => e !== mine && compareEntries(e, mine) < 0).length + own.priority.filter((e) => e !== mine && compareEntries(e, mine) < 0).length
  return { ahead, minutes: estimate.minutes }
}

function estimateAt(state: HallState, serviceId: string, priority: PriorityClass, myKey: number, now: number, waiting: WaitingQueues, lists: DayLists): WaitEstimate {
  const own = waiting.byService.get(serviceId)
  const ahead = atMost(own?.normal, myKey) + atMost(own?.priority, myKey)
  const serving = Object.values(state.counters).filter((c) => c.status !== 'closed' && c.services.some((s) => s.serviceId === serviceId))
  if (serving.length === 0) return { ahead, minutes: null }

  const queues = new Map<string, ServiceQueue>()
  for (const [id, q] of waiting.byService) {
    queues.set(id, { serviceId: id, normal: q.normal, priority: q.priority, nextNormal: 0, nextPriority: 0, mineNormal: -1, minePriority: -1, myKey })
  }
  let mine = queues.get(serviceId)
  if (!mine) queues.set(serviceId, (mine = { serviceId, normal: [], priority: [], nextNormal: 0, nextPriority: 0, mineNormal: -1, minePriority: -1, myKey }))
  if (priority === 'normal') mine.mineNormal = atMost(mine.normal, myKey)
  else mine.minePriority = atMost(mine.priority, myKey)

  const learned = learnedFor(state, lists, now)
  const cycle = (id: string) => learned.cycleMin.get(id) ?? state.services[id]?.defaultHandleMin ?? 5
  const played = playForward(state, queues, waiting.targeted, mine, now, cycle)
  if (played === null) return { ahead, minutes: null }
  const minutes = played + overtakers(state, learned, serviceId, priority, serving, played, cycle)
  return { ahead, minutes: Math.max(0, Math.round(minutes)) }
}

/** Minutes until a counter calls the new ticket, playing the hall's next calls forward; null if none can. */
function playForward(
  state: HallState,
  queues: Map<string, ServiceQueue>,
  targeted: ReadonlyMap<number, readonly QueueEntry[]>,
  mine: ServiceQueue,
  now: number,
  cycle: (serviceId: string) => number,
): number | null {
  const counters: PlayCounter[] = []
  for (const c of Object.values(state.counters)) {
    if (c.status === 'closed') continue
    counters.push({ counter: c, freeAt: freeAt(state, c, now, cycle), priorityRun: c.priorityRun, targeted: targeted.get(c.id) ?? [], nextTargeted: 0 })
  }
  const runLimit = state.settings.queue.priorityRunLimit
  let calls = 0
  let firstCall = 0
  for (;;) {
    // The counter that is free first calls next (a few dozen counters: a scan beats a heap).
    let pc: PlayCounter | null = null
    for (const c of counters) if (c.freeAt !== Infinity && (pc === null || c.freeAt < pc.freeAt)) pc = c
    if (pc === null) return null
    const at = pc.freeAt
    const pick = nextFor(pc, queues, runLimit)
    if (pick === null) {
      pc.freeAt = Infinity
      continue
    }
    let calledService: string
    if ('targeted' in pick) {
      calledService = pick.targeted.ticket.serviceId
    } else {
      const q = pick.q
      const index = pick.priority ? q.nextPriority++ : q.nextNormal++
      if (q === mine && index === (pick.priority ? q.minePriority : q.mineNormal)) return (at - now) / MINUTE
      calledService = q.serviceId
    }
    if (calls === 0) firstCall = at
    pc.freeAt = at + cycle(calledService) * MINUTE
    if (++calls >= MAX_CALLS) {
      // A very long queue: the hall goes on calling at the pace it has just shown.
      const rest = remainingAhead(queues, mine)
      return (at - now + ((at - firstCall) / calls) * rest) / MINUTE
    }
  }
}

/** When a counter will next call: now if idle, after its current customer, or after its pause. */
function freeAt(state: HallState, c: Counter, now: number, cycle: (serviceId: string) => number): number {
  if (c.status === 'paused') {
    const since = c.statusSince ?? now
    return Math.max(now + 2 * MINUTE, since + PAUSE_MIN[c.pauseReason ?? 'other'] * MINUTE)
  }
  if (c.currentTicketId === null) return now
  const t: Ticket | undefined = state.tickets[c.currentTicketId]
  const r: ServiceRecord | undefined = t?.recordId != null ? state.records[t.recordId] : undefined
  if (!t || !r) return now
  const total = cycle(t.serviceId) * MINUTE
  const elapsed = now - r.calledAt
  // A service that has run long is likely to run on a little: never count on less than a third.
  return now + Math.max(total - elapsed, total / 3)
}

/** The call policy of core/call-policy.ts on the play's queues: transfers to the counter, due time, 2:1. */
function nextFor(pc: PlayCounter, queues: Map<string, ServiceQueue>, runLimit: number): Pick | null {
  if (pc.nextTargeted < pc.targeted.length) return { targeted: pc.targeted[pc.nextTargeted++]! }
  let bestNormal: ServiceQueue | null = null
  let normalDue = Infinity
  let bestPriority: ServiceQueue | null = null
  let priorityDue = Infinity
  for (const s of pc.counter.services) {
    const q = queues.get(s.serviceId)
    if (!q) continue
    const boost = s.boostMin * MINUTE
    if (q.nextNormal < lengthOf(q.normal, q.mineNormal)) {
      const due = keyAt(q.normal, q.mineNormal, q.myKey, q.nextNormal) - boost
      if (due < normalDue) {
        normalDue = due
        bestNormal = q
      }
    }
    if (q.nextPriority < lengthOf(q.priority, q.minePriority)) {
      const due = keyAt(q.priority, q.minePriority, q.myKey, q.nextPriority) - boost
      if (due < priorityDue) {
        priorityDue = due
        bestPriority = q
      }
    }
  }
  if (bestPriority && (!bestNormal || (priorityDue < normalDue && pc.priorityRun < runLimit))) {
    pc.priorityRun = bestNormal ? pc.priorityRun + 1 : 0
    return { q: bestPriority, priority: true }
  }
  if (bestNormal) {
    pc.priorityRun = 0
    return { q: bestNormal, priority: false }
  }
  return null
}

/** Customers not yet called who are due no later than the new ticket, in any service. */
function remainingAhead(queues: Map<string, ServiceQueue>, mine: ServiceQueue): number {
  let n = 0
  for (const q of queues.values()) {
    // Positions in each list as the play reads it (with the new ticket in its place).
    const normalCalled = q.mineNormal >= 0 && q.nextNormal > q.mineNormal ? q.nextNormal - 1 : q.nextNormal
    const priorityCalled = q.minePriority >= 0 && q.nextPriority > q.minePriority ? q.nextPriority - 1 : q.nextPriority
    n += Math.max(0, atMost(q.normal, mine.myKey) - normalCalled)
    n += Math.max(0, atMost(q.priority, mine.myKey) - priorityCalled)
  }
  return n
}

/**
 * Minutes added by customers who arrive after the new ticket and are still called before it:
 * a priority class's head start, or a counter's main service when the ticket's service is not
 * its main one. Their expected number over the wait, times their counter time, shared by the
 * counters serving the ticket's service.
 */
function overtakers(
  state: HallState,
  learned: Learned,
  serviceId: string,
  priority: PriorityClass,
  serving: readonly Counter[],
  waitMin: number,
  cycle: (serviceId: string) => number,
): number {
  const settings = state.settings
  const myBoost = classBoostMin(priority, settings)
  let work = 0
  for (const [otherService, byClass] of learned.rates) {
    // How much earlier than ours the other service is due, on average over our counters that serve it.
    let lead = 0
    let sharing = 0
    for (const c of serving) {
      const other = c.services.find((s) => s.serviceId === otherService)
      const mine = c.services.find((s) => s.serviceId === serviceId)
      if (!other || !mine) continue
      lead += other.boostMin - mine.boostMin
      sharing++
    }
    if (sharing === 0) continue
    lead /= sharing
    for (const [k, perMinute] of byClass) {
      const window = Math.min(waitMin, lead + classBoostMin(k, settings) - myBoost)
      if (window <= 0) continue
      work += perMinute * window * (sharing / serving.length) * cycle(otherService)
    }
  }
  return work / serving.length
}
