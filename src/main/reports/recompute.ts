/**
 * The figures again, from nothing but the event log: replay the log through `evolve` to rebuild
 * a day's tickets, records and periods, and compute every figure the plain way — arrays
 * filtered, sorted and counted, the peak followed event by event. Deliberately independent of
 * facts.ts and summary.ts (the fast path), so that comparing the two proves the stored figures.
 */
import { COMPLAINT_CATEGORIES, PAUSE_REASONS, RATING_REASONS, type ActivityPeriod, type PauseReason, type RatingReason, type Service, type ServiceRecord, type Ticket } from '../../shared/domain'
import { COMPLAINT_CHANNELS, COMPLAINT_CONFIRMATIONS, evolveComplaint, type ComplaintCase } from '../../shared/complaints'
import { withIncidentFields } from '../../shared/incident'
import type { HallEvent, LoggedCommand } from '../../shared/events'
import { emptyHallState, evolve, type HallState } from '../../shared/hall-state'
import { isRatable, isServed, medianOf, p90Of, periodMs, recordWaitMs, reportedHandleMs, share, withinTarget } from '../../shared/metrics'
import { daysInMonth, incidentFigures, type DayAssessment, type Incident, type IndicatorScore, type TeamAssessment } from '../../shared/reports'
import type { ClerkFigures, ComplaintCaseFigures, CounterFigures, DayLine, DurationFigures, HourFigures, ReportSummary, SatisfactionFigures, ServiceFigures, TicketFigures, WaitFigures } from '../../shared/reports'
import { DEFAULT_SETTINGS, INDICATORS, type HallSettings, type Indicator } from '../../shared/settings'
import type { DayRows } from './facts'
import type { Names, SummaryOptions } from './summary'

export interface ReplayedDay {
  businessDay: string
  rows: DayRows
  /** Configuration at the end of the day's log (for a closed day: at its close). */
  services: Record<string, Service>
  settings: HallSettings
  closed: boolean
  closedAt: number | null
  /** The day's events in log order. */
  events: HallEvent[]
  /** The hall state after the day's log (config for names). */
  state: HallState
  /** The manager's latest grade of each clerk's day, and latest check of each of its visits, wherever in the log they were given. */
  grades: Map<number, GradedEvent>
  checks: Map<number, CheckedEvent>
}

type GradedEvent = Extract<HallEvent, { type: 'clerkGraded' }>
type CheckedEvent = Extract<HallEvent, { type: 'visitChecked' }>

/** Events evolved in one go while replaying: bounds memory on a long log. */
const REPLAY_BATCH = 20_000

/**
 * Rebuilds the wanted business days from the log, oldest first, in one pass: the state moves
 * through every day, and the final version of each wanted day's tickets, records and periods
 * is kept. Pages may arrive asynchronously (the hub yields between them).
 */
export async function replayDays(
  pages: AsyncIterable<readonly LoggedCommand[]>,
  wanted: ReadonlySet<string>,
): Promise<{ days: Map<string, ReplayedDay>; state: HallState; complaints: ComplaintCase[] }> {
  interface Collected {
    tickets: Map<number, Ticket>
    records: Map<number, ServiceRecord>
    periods: Map<number, ActivityPeriod>
    events: HallEvent[]
    state: HallState
  }
  let state: HallState | null = null
  let current = ''
  let batch: HallEvent[] = []
  const collected = new Map<string, Collected>()
  const grades = new Map<string, Map<number, GradedEvent>>()
  // Complaint cases go on after the day they were taken: every case, through the whole log.
  const cases = new Map<number, ComplaintCase>()
  const checks = new Map<string, Map<number, CheckedEvent>>()
  const keep = <E>(into: Map<string, Map<number, E>>, day: string, id: number, e: E) => {
    let m = into.get(day)
    if (!m) into.set(day, (m = new Map()))
    m.set(id, e)
  }
  const flush = () => {
    if (batch.length === 0) return
    state ??= emptyHallState(current, DEFAULT_SETTINGS)
    const { state: next, changes } = evolve(state, batch)
    if (wanted.has(current)) {
      let c = collected.get(current)
      if (!c) {
        c = { tickets: new Map(), records: new Map(), periods: new Map(), events: [], state: next }
        collected.set(current, c)
      }
      for (const [id, t] of changes.tickets) c.tickets.set(id, t)
      for (const [id, r] of changes.records) c.records.set(id, r)
      for (const [id, p] of changes.periods) c.periods.set(id, p)
      c.events.push(...batch)
      c.state = next
    }
    state = next
    batch = []
  }
  for await (const page of pages) {
    for (const entry of page) {
      if (entry.businessDay !== current) {
        flush()
        current = entry.businessDay
      }
      batch.push(...entry.events)
      for (const e of entry.events) {
        if (e.type === 'clerkGraded' && wanted.has(e.businessDay)) keep(grades, e.businessDay, e.clerkId, e)
        if (e.type === 'visitChecked' && wanted.has(e.businessDay)) keep(checks, e.businessDay, e.recordId, e)
        if (e.type === 'complaintTaken') cases.set(e.complaint.id, e.complaint)
        else if (e.type === 'complaintChanged') cases.set(e.complaintId, evolveComplaint(cases.get(e.complaintId) ?? null, e))
      }
      if (batch.length >= REPLAY_BATCH) flush()
    }
  }
  flush()
  const final = state ?? emptyHallState(current, DEFAULT_SETTINGS)
  const days = new Map<string, ReplayedDay>()
  for (const businessDay of wanted) {
    const c = collected.get(businessDay)
    const ofDay = <T extends { businessDay: string; id: number }>(m: Map<number, T> | undefined) =>
      [...(m?.values() ?? [])].filter((x) => x.businessDay === businessDay).sort((a, b) => a.id - b.id)
    // The last close: a day used early by a clock set ahead closes again when the calendar reaches it.
    const closing = c?.events.findLast((e): e is Extract<HallEvent, { type: 'dayClosed' }> => e.type === 'dayClosed' && e.businessDay === businessDay)
    const config = c?.state ?? final
    days.set(businessDay, {
      businessDay,
      rows: { businessDay, tickets: ofDay(c?.tickets), records: ofDay(c?.records), periods: ofDay(c?.periods) },
      services: config.services,
      settings: config.settings,
      closed: closing !== undefined,
      closedAt: closing?.at ?? null,
      events: c?.events ?? [],
      state: config,
      grades: grades.get(businessDay) ?? new Map(),
      checks: checks.get(businessDay) ?? new Map(),
    })
  }
  return { days, state: final, complaints: [...cases.values()] }
}

/**
 * The complaint cases' figures from the cases replayed out of the log (docs/metrics.md,
 * "Complaint cases: figures"), counted here on their own, case list by case list.
 */
export function recomputeComplaintCases(all: readonly ComplaintCase[], from: string, to: string, asOf: number, names: Names): ComplaintCaseFigures {
  const cases = all.filter((c) => c.businessDay >= from && c.businessDay <= to).sort((a, b) => a.id - b.id)
  const closed = cases.filter((c) => c.status === 'closed')
  const onTime = (list: readonly ComplaintCase[]) => list.filter((c) => c.status === 'closed' && c.closedAt! <= c.closeDueAt).length
  const tally = (list: readonly ComplaintCase[]) => ({ taken: list.length, closed: list.filter((c) => c.status === 'closed').length, closedOnTime: onTime(list) })
  const avg = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)
  const open = cases.filter((c) => c.status === 'received' || c.status === 'handling' || c.status === 'callback')
  // Overdue: first contact missing past its deadline; or, once the first contact is made or due, closure past its own.
  const late = open.filter((c) => (c.firstContactAt === null ? asOf > c.firstContactDueAt : asOf > c.closeDueAt))
  const serviceIds = [...new Set(cases.map((c) => c.serviceId).filter((x): x is string => x !== null))]
  const clerkIds = [...new Set(cases.map((c) => c.clerkId).filter((x): x is number => x !== null))]
  const order = (id: string) => names.services[id]?.sortOrder ?? Number.MAX_SAFE_INTEGER
  return {
    taken: cases.length,
    open: open.length,
    closed: closed.length,
    cancelled: cases.filter((c) => c.status === 'cancelled').length,
    overdue: late.length,
    closedOnTime: onTime(cases),
    onTimeShare: closed.length === 0 ? null : onTime(cases) / closed.length,
    firstContactAvgMs: avg(cases.filter((c) => c.firstContactAt !== null).map((c) => c.firstContactAt! - c.takenAt)),
    closureAvgMs: avg(closed.map((c) => c.closedAt! - c.takenAt)),
    reopenedCases: cases.filter((c) => c.reopened > 0).length,
    reopenings: cases.reduce((a, c) => a + c.reopened, 0),
    confirmation: Object.fromEntries(COMPLAINT_CONFIRMATIONS.map((k) => [k, closed.filter((c) => c.confirmation === k).length])) as ComplaintCaseFigures['confirmation'],
    byChannel: Object.fromEntries(COMPLAINT_CHANNELS.map((k) => [k, tally(cases.filter((c) => c.channel === k))])) as ComplaintCaseFigures['byChannel'],
    byCategory: Object.fromEntries(COMPLAINT_CATEGORIES.map((k) => [k, tally(cases.filter((c) => c.category === k))])) as ComplaintCaseFigures['byCategory'],
    byService: serviceIds
      .sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))
      .map((serviceId) => ({ serviceId, name: names.services[serviceId]?.nameZh ?? serviceId, ...tally(cases.filter((c) => c.serviceId === serviceId)) })),
    byClerk: clerkIds
      .map((clerkId) => ({ clerkId, staffCode: names.clerks[clerkId]?.staffCode ?? '', name: names.clerks[clerkId]?.name ?? `#${clerkId}`, ...tally(cases.filter((c) => c.clerkId === clerkId)) }))
      .sort((a, b) => (a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : a.clerkId - b.clerkId)),
  }
}

/** The summary's per-clerk `complaints`, from the replayed cases about each clerk, list by list. */
export function recomputeClerkComplaints(clerks: readonly ClerkFigures[], all: readonly ComplaintCase[], from: string, to: string): ClerkFigures[] {
  return clerks.map((x) => {
    const about = all.filter((c) => c.clerkId === x.clerkId && c.businessDay >= from && c.businessDay <= to)
    const status = (...s: string[]) => about.filter((c) => s.includes(c.status)).length
    return { ...x, complaints: { taken: about.length, open: status('received'), inProgress: status('handling', 'callback'), closed: status('closed'), cancelled: status('cancelled') } }
  })
}

const hourFormats = new Map<string, Intl.DateTimeFormat>()
function localHour(at: number, timeZone: string): number {
  let f = hourFormats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })
    hourFormats.set(timeZone, f)
  }
  return Number(f.formatToParts(new Date(at)).find((p) => p.type === 'hour')!.value) % 24
}

/**
 * The incidents of the replayed days, from their events alone: a broadcast belongs to the day
 * it began on; actions and the end follow it across a day's close.
 */
export function incidentsFromEvents(days: readonly ReplayedDay[]): Incident[] {
  const list: Incident[] = []
  let open: Incident | null = null
  for (const day of [...days].sort((a, b) => (a.businessDay < b.businessDay ? -1 : 1))) {
    for (const e of day.events) {
      if (e.type === 'emergencyStarted') {
        const em = withIncidentFields(e.emergency)
        open = {
          businessDay: day.businessDay,
          kind: em.kind,
          severity: em.severity,
          drill: em.drill,
          message: em.message,
          pauseIssuing: em.pauseIssuing,
          reportedBy: em.reportedBy,
          assessment: em.assessment,
          startedAt: em.startedAt,
          startedBy: em.startedBy,
          actions: [],
          endedAt: null,
          endedBy: null,
          note: '',
        }
        list.push(open)
      } else if (e.type === 'incidentActionAdded' && open) {
        open.actions.push(e.action)
      } else if (e.type === 'emergencyEnded' && open) {
        open.endedAt = e.at
        open.endedBy = e.endedBy ?? null
        open.note = e.note ?? ''
        open = null
      }
    }
  }
  return list
}

/** The most tickets waiting after the events of one millisecond, following the log event by event. */
export function peakFromEvents(events: readonly HallEvent[]): { count: number; at: number | null } {
  const waiting = new Set<number>()
  let best = 0
  let bestAt: number | null = null
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    switch (e.type) {
      case 'ticketIssued':
        waiting.add(e.ticket.id)
        break
      case 'ticketTransferred':
      case 'ticketReactivated':
        waiting.add(e.ticketId)
        break
      case 'ticketCalled':
      case 'ticketCancelled':
        waiting.delete(e.ticketId)
        break
      case 'dayClosed':
        waiting.clear()
        break
    }
    const next = events[i + 1]
    if (next && next.at === e.at) continue
    if (waiting.size > best) {
      best = waiting.size
      bestAt = e.at
    }
  }
  return { count: best, at: bestAt }
}

interface Visit {
  record: ServiceRecord
  day: ReplayedDay
  target: number
}

function durations(values: number[]): DurationFigures {
  const sorted = [...values].sort((a, b) => a - b)
  const total = values.reduce((a, b) => a + b, 0)
  return {
    count: values.length,
    totalMs: total,
    avgMs: share(total, values.length),
    medianMs: medianOf(sorted),
    p90Ms: p90Of(sorted),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : null,
  }
}

function waits(visits: Visit[]): WaitFigures {
  const values = visits.map((v) => recordWaitMs(v.record))
  const within = visits.filter((v) => withinTarget(recordWaitMs(v.record), v.target)).length
  return { ...durations(values), withinTarget: within, aboveTarget: visits.length - within, serviceLevel: share(within, visits.length) }
}

function handling(visits: Visit[]): DurationFigures {
  return durations(visits.map((v) => reportedHandleMs(v.record)).filter((x): x is number => x !== null))
}

function tickets(all: Ticket[], visits: Visit[], serviceId: string | null): TicketFigures {
  const mine = (id: string) => serviceId === null || id === serviceId
  const now = all.filter((t) => mine(t.serviceId))
  const recs = visits.filter((v) => mine(v.record.serviceId)).map((v) => v.record)
  return {
    issued: all.filter((t) => mine(t.issuedServiceId)).length,
    served: recs.filter(isServed).length,
    noShow: recs.filter((r) => r.outcome === 'no_show').length,
    transferred: recs.filter((r) => r.outcome === 'transferred').length,
    cancelled: now.filter((t) => t.status === 'cancelled').length,
    expired: now.filter((t) => t.status === 'expired').length,
    open: now.filter((t) => ['waiting', 'called', 'serving', 'no_show'].includes(t.status)).length,
  }
}

function byHour(all: { ticket: Ticket; day: ReplayedDay }[], visits: Visit[], rolloverHour: number): HourFigures[] {
  return Array.from({ length: 24 }, (_, i) => (rolloverHour + i) % 24).map((hour) => {
    const arrivals = all.filter(({ ticket, day }) => localHour(ticket.issuedAt, day.settings.hall.timeZone) === hour).length
    const inHour = visits.filter((v) => localHour(v.record.queuedAt, v.day.settings.hall.timeZone) === hour)
    const total = inHour.reduce((a, v) => a + recordWaitMs(v.record), 0)
    return {
      hour,
      arrivals,
      waits: inHour.length,
      avgWaitMs: share(total, inHour.length),
      withinTarget: inHour.filter((v) => withinTarget(recordWaitMs(v.record), v.target)).length,
    }
  })
}

/** Satisfaction of a set of visits, counted the plain way. */
function satisfaction(records: readonly ServiceRecord[]): SatisfactionFigures {
  const ratings = records.filter((r) => r.rating !== null).map((r) => r.rating!)
  const ratable = records.filter(isRatable).length
  const satisfied = ratings.filter((s) => s >= 3).length
  return {
    ratable,
    responses: ratings.length,
    responseRate: share(ratings.length, ratable),
    average: share(
      ratings.reduce((a, b) => a + b, 0),
      ratings.length,
    ),
    satisfied,
    satisfiedShare: share(satisfied, ratings.length),
    byScore: [1, 2, 3, 4].map((s) => ratings.filter((x) => x === s).length) as [number, number, number, number],
    reasons: Object.fromEntries(RATING_REASONS.map((reason) => [reason, records.filter((r) => r.ratingReason === reason).length])) as Record<RatingReason, number>,
  }
}

/** The summary of replayed days, computed directly from their rows (docs/metrics.md). */
export function recomputeSummary(days: readonly ReplayedDay[], names: Names, options: SummaryOptions, asOf: number): ReportSummary {
  const allTickets = days.flatMap((day) => day.rows.tickets.map((ticket) => ({ ticket, day })))
  const ticketList = allTickets.map((x) => x.ticket)
  const visits: Visit[] = days.flatMap((day) => day.rows.records.map((record) => ({ record, day, target: day.services[record.serviceId]?.targetWaitMin ?? 0 })))
  const measuredUntil = (day: ReplayedDay) => (day.closed ? day.closedAt! : asOf)

  let peak = { count: 0, at: null as number | null, businessDay: null as string | null }
  for (const day of days) {
    const p = peakFromEvents(day.events)
    if (p.count > peak.count) peak = { ...p, businessDay: day.businessDay }
  }

  const serviceIds = new Set<string>()
  for (const t of ticketList) {
    serviceIds.add(t.issuedServiceId)
    serviceIds.add(t.serviceId)
  }
  for (const v of visits) serviceIds.add(v.record.serviceId)
  const order = (id: string) => names.services[id]?.sortOrder ?? Number.MAX_SAFE_INTEGER
  const services: ServiceFigures[] = [...serviceIds]
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))
    .map((id) => {
      const mine = visits.filter((v) => v.record.serviceId === id)
      const items = new Map<string, number>()
      for (const v of mine) for (const item of v.record.items) items.set(item, (items.get(item) ?? 0) + 1)
      return {
        serviceId: id,
        nameZh: names.services[id]?.nameZh ?? id,
        nameEn: names.services[id]?.nameEn ?? id,
        tickets: tickets(ticketList, visits, id),
        wait: waits(mine),
        handling: handling(mine),
        byHour: byHour(
          allTickets.filter((x) => x.ticket.issuedServiceId === id),
          mine,
          options.rolloverHour,
        ),
        items: [...items.entries()]
          .map(([item, count]) => ({ item, count }))
          .sort((a, b) => b.count - a.count || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)),
        satisfaction: satisfaction(mine.map((v) => v.record)),
      }
    })

  const periods = days.flatMap((day) => day.rows.periods.map((period) => ({ period, day })))
  const clerkIds = [...new Set([...visits.map((v) => v.record.clerkId), ...periods.map((p) => p.period.clerkId)])].sort((a, b) => a - b)
  const clerks: ClerkFigures[] = clerkIds.map((clerkId) => {
    const mine = visits.filter((v) => v.record.clerkId === clerkId).map((v) => v.record)
    const handled = mine.map(reportedHandleMs).filter((x): x is number => x !== null)
    const servingMs = handled.reduce((a, b) => a + b, 0)
    const loggedInMs = periods.filter((p) => p.period.clerkId === clerkId && p.period.kind === 'open').reduce((a, p) => a + periodMs(p.period, measuredUntil(p.day)), 0)
    const pausedByReason = Object.fromEntries(
      PAUSE_REASONS.map((reason) => [
        reason,
        periods
          .filter((p) => p.period.clerkId === clerkId && p.period.kind === 'pause' && (p.period.reason ?? 'other') === reason)
          .reduce((a, p) => a + periodMs(p.period, measuredUntil(p.day)), 0),
      ]),
    ) as Record<PauseReason, number>
    const waitsCalled = mine.map(recordWaitMs)
    const clerk = names.clerks[clerkId]
    return {
      clerkId,
      staffCode: clerk?.staffCode ?? '',
      name: clerk?.name ?? `#${clerkId}`,
      served: mine.filter(isServed).length,
      handling: { count: handled.length, totalMs: servingMs, avgMs: share(servingMs, handled.length), maxMs: handled.length > 0 ? Math.max(...handled) : null },
      calledWait: { count: mine.length, avgMs: share(waitsCalled.reduce((a, b) => a + b, 0), mine.length) },
      noShow: mine.filter((r) => r.outcome === 'no_show').length,
      transferred: mine.filter((r) => r.outcome === 'transferred').length,
      complaints: null,
      satisfaction: satisfaction(mine),
      loggedInMs,
      servingMs,
      pausedMs: PAUSE_REASONS.reduce((a, r) => a + pausedByReason[r], 0),
      pausedByReason,
      utilisation: share(servingMs, loggedInMs),
    }
  })

  const counterIds = [...new Set([...visits.filter((v) => isServed(v.record)).map((v) => v.record.counterId), ...periods.map((p) => p.period.counterId)])].sort((a, b) => a - b)
  const counters: CounterFigures[] = counterIds.map((counterId) => {
    const sumOf = (kind: 'open' | 'pause') =>
      periods.filter((p) => p.period.counterId === counterId && p.period.kind === kind).reduce((a, p) => a + periodMs(p.period, measuredUntil(p.day)), 0)
    return {
      counterId,
      name: names.counters[counterId]?.name ?? String(counterId),
      openMs: sumOf('open'),
      pausedMs: sumOf('pause'),
      served: visits.filter((v) => v.record.counterId === counterId && isServed(v.record)).length,
    }
  })

  const dayLines: DayLine[] = days
    .map((day) => {
      const dayVisits = visits.filter((v) => v.day === day)
      const w = waits(dayVisits)
      return {
        businessDay: day.businessDay,
        closed: day.closed,
        issued: day.rows.tickets.length,
        served: dayVisits.filter((v) => isServed(v.record)).length,
        waits: w.count,
        avgWaitMs: w.avgMs,
        serviceLevel: w.serviceLevel,
      }
    })
    .sort((a, b) => (a.businessDay < b.businessDay ? -1 : 1))

  return {
    from: options.from,
    to: options.to,
    asOf: options.asOf,
    timeZone: options.timeZone,
    days: dayLines,
    hall: {
      tickets: tickets(ticketList, visits, null),
      wait: waits(visits),
      handling: handling(visits),
      byHour: byHour(allTickets, visits, options.rolloverHour),
      peakWaiting: peak,
      satisfaction: satisfaction(visits.map((v) => v.record)),
    },
    services,
    clerks,
    counters,
    incidents: incidentFigures(incidentsFromEvents(days)),
  }
}

/** The figures of a day's assessment that the recomputation proves: per clerk, and the hall's. */
export interface AssessmentFigures {
  clerks: { clerkId: number; indicators: Record<Indicator, IndicatorScore>; quantitative: number | null; grade: string | null; teamwork: string | null; combined: number | null }[]
  team: TeamAssessment
}

export function assessmentFigures(a: DayAssessment): AssessmentFigures {
  return {
    clerks: a.clerks.map((c) => ({ clerkId: c.clerkId, indicators: c.indicators, quantitative: c.quantitative, grade: c.grade, teamwork: c.teamwork, combined: c.combined })),
    team: a.team,
  }
}

const clamp100 = (x: number) => Math.min(100, Math.max(0, x))
const meanOrNull = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null)
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length
}

/**
 * The day's assessment from its replayed rows and the manager's marks, the plain way
 * (docs/metrics.md, "Assessment"); settings as they were at the end of the day's log.
 */
export function recomputeAssessment(day: ReplayedDay, asOf: number, cases: readonly ComplaintCase[] = []): AssessmentFigures {
  const settings = day.settings.assessment
  const w = (k: Indicator) => settings.indicators[k].weight
  const until = day.closed ? day.closedAt! : asOf
  const records = day.rows.records
  const clerkIds = [
    ...new Set([
      ...records.map((r) => r.clerkId),
      ...day.rows.periods.map((p) => p.clerkId),
      ...[...day.grades.values()].map((g) => g.clerkId),
      ...[...day.checks.values()].map((c) => c.clerkId),
      ...cases.filter((c) => c.businessDay === day.businessDay && c.ownerId !== null).map((c) => c.ownerId!),
    ]),
  ].sort((a, b) => a - b)
  const hasFigures = new Set([...records.map((r) => r.clerkId), ...day.rows.periods.map((p) => p.clerkId)])
  const clerks = clerkIds.map((clerkId) => {
    const mine = records.filter((r) => r.clerkId === clerkId)
    const none = { value: null, score: null }
    const values = {} as Record<Indicator, { value: number | null; score: number | null }>
    if (hasFigures.has(clerkId)) {
      const i = settings.indicators
      const served = mine.filter(isServed).length
      const handled = mine.filter((r) => reportedHandleMs(r) !== null)
      const handleMs = handled.reduce((a, r) => a + reportedHandleMs(r)!, 0)
      const standardMs = handled.reduce((a, r) => a + (day.services[r.serviceId]?.defaultHandleMin ?? 0) * 60_000, 0)
      const ratio = handled.length > 0 && standardMs > 0 ? handleMs / standardMs : null
      const z = i.handling.zeroAtRatio
      const ratings = mine.filter((r) => r.rating !== null)
      const satisfied = ratings.length === 0 ? null : ratings.filter((r) => r.rating! >= 3).length / ratings.length
      const noShows = mine.filter((r) => r.outcome === 'no_show')
      const noShow = noShows.length === 0 ? null : noShows.filter((r) => r.callCount >= i.noShow.minCalls).length / noShows.length
      const loggedIn = day.rows.periods.filter((p) => p.clerkId === clerkId && p.kind === 'open').reduce((a, p) => a + periodMs(p, until), 0)
      const utilisation = loggedIn === 0 ? null : handleMs / loggedIn
      const plan = settings.plans.find((p) => p.clerkId === clerkId)
      const planned = plan === undefined ? null : plan.per === 'day' ? plan.target : (plan.target * 1) / daysInMonth(day.businessDay)
      const done = plan?.measure === 'items' ? mine.reduce((a, r) => a + r.items.length, 0) : served
      const rate = planned === null ? null : done / planned
      values.served = { value: served, score: clamp100((100 * served) / i.served.target) }
      values.handling = { value: ratio, score: ratio === null ? null : ratio <= 1 ? 100 : clamp100((100 * (z - ratio)) / (z - 1)) }
      values.satisfaction = { value: satisfied, score: satisfied === null ? null : 100 * satisfied }
      values.noShow = { value: noShow, score: noShow === null ? null : 100 * noShow }
      values.utilisation = { value: utilisation, score: utilisation === null ? null : clamp100((100 * utilisation) / i.utilisation.target) }
      values.plan = { value: rate, score: rate === null ? null : clamp100(100 * rate) }
    } else {
      for (const k of INDICATORS) values[k] = none
    }
    // The cases the clerk owns, taken this day: those closed or past their closure deadline count,
    // and of them the ones closed in time with 满意 or 基本满意 at the callback.
    const owned = cases.filter((c) => c.businessDay === day.businessDay && c.ownerId === clerkId && c.status !== 'cancelled')
    const counted = owned.filter((c) => c.status === 'closed' || asOf > c.closeDueAt)
    const inTime = counted.filter((c) => c.status === 'closed' && c.closedAt! <= c.closeDueAt && c.confirmation !== null && c.confirmation !== 'dissatisfied')
    const handled = counted.length === 0 ? null : inTime.length / counted.length
    values.complaints = { value: handled, score: handled === null ? null : 100 * handled }
    const checked = [...day.checks.values()].filter((c) => c.clerkId === clerkId)
    const quality = checked.length === 0 ? null : checked.filter((c) => c.result === 'pass').length / checked.length
    values.quality = { value: quality, score: quality === null ? null : 100 * quality }
    const grade = day.grades.get(clerkId)
    const teamwork = grade?.teamwork ? settings.gradePoints[grade.teamwork] : null
    values.teamwork = { value: teamwork, score: teamwork }
    const indicators = Object.fromEntries(INDICATORS.map((k) => [k, { ...values[k], weight: w(k) }])) as Record<Indicator, IndicatorScore>
    let weights = 0
    let points = 0
    for (const k of INDICATORS) {
      const x = indicators[k]
      if (x.score !== null && x.weight > 0) {
        weights += x.weight
        points += x.weight * x.score
      }
    }
    const quantitative = weights === 0 ? null : points / weights
    const q = settings.qualitativeWeight
    const combined = grade === undefined || quantitative === null ? null : ((100 - q) * quantitative + q * settings.gradePoints[grade.grade]) / 100
    return { clerkId, indicators, quantitative, grade: grade?.grade ?? null, teamwork: grade?.teamwork ?? null, combined }
  })
  const team: TeamAssessment = {
    indicators: Object.fromEntries(
      INDICATORS.map((k) => [k, { value: meanOrNull(clerks.map((c) => c.indicators[k].value)), score: meanOrNull(clerks.map((c) => c.indicators[k].score)), weight: w(k) }]),
    ) as Record<Indicator, IndicatorScore>,
    quantitative: meanOrNull(clerks.map((c) => c.quantitative)),
    combined: meanOrNull(clerks.map((c) => c.combined)),
    clerks: clerks.length,
  }
  return { clerks, team }
}

/** Where two summaries differ, path by path (numbers compared exactly). */
export function differences(a: unknown, b: unknown, path = ''): { path: string; summary: unknown; recomputed: unknown }[] {
  if (Object.is(a, b)) return []
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return [{ path: path || '.', summary: a, recomputed: b }]
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k))
}
