/**
 * What the report routes ask for: the summary of a day or a range (closed days from what the
 * close stored, today from the live hall), the day's assessment, and the proof — the same
 * figures recomputed from the event log.
 */
import type { ComplaintCase } from '../../shared/complaints'
import type { Clerk, Service } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import { isServed } from '../../shared/metrics'
import { incidentFigures, periodSpan, REPORT_TABLES, type DayAssessment, type PeriodAssessment, type VisitRow, type ExportFormat, type ReportSummary, type ReportTable, type VerifyResult } from '../../shared/reports'
import type { HallSettings } from '../../shared/settings'
import { DayCache, type ReportArchive } from './archive'
import { assessmentOf, periodAssessmentOf, scoreDay, type PeriodFacts } from './assessment'
import { dayFacts, type DayRows } from './facts'
import type { ExportContent } from './export/jobs'
import { RECORD_COLUMNS, recordRow, summaryTables, type AssessmentTables, type Cell, type CheckedVisit, type FollowUpLine } from './export/tables'
import type { AnyTable } from './export/writers'
import { assessmentFigures, differences, recomputeAssessment, recomputeClerkComplaints, recomputeComplaintCases, recomputeSummary, replayDays } from './recompute'
import { complaintCaseFigures, withClerkComplaints } from './complaint-figures'
import { addClerk, summarise, type FactsDay, type Names, type SummaryOptions } from './summary'
import { IncidentStore } from '../store/incident-store'

/** The business day in progress, as the live hall has it. */
export interface LiveDay {
  businessDay: string
  rows: DayRows
  services: Record<string, Service>
  counters: Record<number, { name: string }>
  clerks: Record<number, Clerk>
  settings: HallSettings
  asOf: number
  /** The complaint cases taken on the business days from–to, as they stand now; absent: none kept. */
  complaints?: (from: string, to: string) => ComplaintCase[]
}

/** Longest range one summary covers. */
export const MAX_RANGE_DAYS = 1096

export class ReportService {
  /** Closed days are frozen: once read they are kept, and a year summarises from memory. */
  private readonly closedDays = new DayCache()

  /** Incidents and drills (ch. 11): kept as records, not as day facts. */
  private readonly incidents: IncidentStore

  constructor(
    readonly archive: ReportArchive,
    private readonly live: () => LiveDay,
  ) {
    this.incidents = new IncidentStore(archive.db)
  }

  liveDay(): LiveDay {
    return this.live()
  }

  summary(from: string, to: string): ReportSummary {
    checkRange(from, to)
    return this.summaryAt(from, to, this.live())
  }

  private summaryAt(from: string, to: string, live: LiveDay): ReportSummary {
    this.backfill(from, to, live)
    let days: FactsDay[] = this.archive.storedDays(from, to, this.closedDays)
    if (live.businessDay >= from && live.businessDay <= to) {
      // Today is counted live — also a day used early by a clock set ahead and opened again now,
      // whose first close is stored (docs/decisions/027-corrected-clock.md).
      days = days.filter((d) => d.facts.businessDay !== live.businessDay)
      days.push(ReportService.liveFacts(live))
    }
    const summary: ReportSummary = { ...summarise(days, namesOf(live), optionsOf(from, to, live)), incidents: incidentFigures(this.incidents.range(from, to)) }
    if (live.complaints) {
      const cases = live.complaints(from, to)
      summary.complaintCases = complaintCaseFigures(cases, live.asOf, namesOf(live))
      summary.clerks = withClerkComplaints(summary.clerks, cases)
    }
    return summary
  }

  /** Today's facts, counted now from the live rows (the report page's and the centre's shipment's). */
  static liveFacts(live: LiveDay): FactsDay {
    const { facts, distributions } = dayFacts(live.rows, {
      services: live.services,
      timeZone: live.settings.hall.timeZone,
      rolloverHour: live.settings.hall.rolloverHour,
      asOf: live.asOf,
      closed: false,
    })
    return { facts, runs: distributions }
  }

  /** Closed days never counted (closed before reports existed, or their count failed): count them now. */
  private backfill(from: string, to: string, live: LiveDay): void {
    for (const day of this.archive.unreportedDays(from, to)) {
      this.archive.freeze({ businessDay: day.businessDay, closedAt: day.closedAt, services: live.services, settings: live.settings }, true)
    }
  }

  /** The day's assessment: its figures as stored at the close once closed, scored live before; the manager's inputs as they are now. */
  assessment(businessDay: string): DayAssessment {
    return this.assessmentAt(businessDay, this.live())
  }

  private assessmentAt(businessDay: string, live: LiveDay): DayAssessment {
    if (businessDay > live.businessDay) throw new AppError('FUTURE_DAY', { businessDay, today: live.businessDay })
    this.backfill(businessDay, businessDay, live)
    const grades = this.archive.grades(businessDay)
    const checks = this.archive.checks(businessDay, businessDay)
    const followUps = this.archive.followUps(businessDay, businessDay)
    const cases = { cases: live.complaints?.(businessDay, businessDay) ?? [], asOf: live.asOf }
    const frozen = businessDay === live.businessDay ? null : this.archive.storedAssessment(businessDay)
    if (frozen) return assessmentOf(businessDay, frozen.stored, grades, live.clerks, frozen.closedAt, checks, followUps, cases)
    const clerks = businessDay === live.businessDay ? ReportService.liveFacts(live).facts.clerks : []
    return assessmentOf(businessDay, scoreDay(businessDay, clerks, live.settings.assessment), grades, live.clerks, null, checks, followUps, cases)
  }

  /**
   * The assessment of the week or month a day falls in: the days' figures added up per clerk,
   * scored with the settings in force at the period's end — the live ones while it runs, those
   * stored with its last closed day once the business day in progress is past it (frozen).
   */
  periodAssessment(period: 'week' | 'month', day: string): PeriodAssessment {
    const live = this.live()
    if (day > live.businessDay) throw new AppError('FUTURE_DAY', { businessDay: day, today: live.businessDay })
    const { from, to } = periodSpan(period, day)
    this.backfill(from, to, live)
    let days: FactsDay[] = this.archive.storedDays(from, to, this.closedDays)
    if (live.businessDay >= from && live.businessDay <= to) {
      // Today is counted live, as in the summary (a day opened again after a clock set ahead too).
      days = days.filter((d) => d.facts.businessDay !== live.businessDay)
      days.push(ReportService.liveFacts(live))
    }
    const facts = new Map<number, PeriodFacts>()
    for (const d of days) {
      for (const c of d.facts.clerks) {
        const seen = facts.get(c.clerkId)
        if (seen) {
          addClerk(seen.facts, c)
          seen.days++
        } else facts.set(c.clerkId, { facts: structuredClone(c), days: 1 })
      }
    }
    const frozen = live.businessDay > to
    const lastClosed = frozen ? this.archive.closedDays(from, to).at(-1) : undefined
    const stored = lastClosed ? this.archive.storedAssessment(lastClosed.businessDay) : null
    return periodAssessmentOf({
      period,
      from,
      to,
      frozen,
      closedAt: lastClosed?.closedAt ?? null,
      settings: stored?.stored.settings ?? live.settings.assessment,
      facts,
      grades: this.archive.grades(from, to),
      checks: this.archive.checks(from, to),
      followUps: this.archive.followUps(from, to),
      clerks: live.clerks,
      cases: { cases: live.complaints?.(from, to) ?? [], asOf: live.asOf },
    })
  }

  /**
   * Every week or month that the days from–to touch, up to the business day in progress, each
   * scored as `periodAssessment` scores it — frozen once past, as on the report page.
   */
  periodsIn(period: 'week' | 'month', from: string, to: string): PeriodAssessment[] {
    const today = this.live().businessDay
    const out: PeriodAssessment[] = []
    for (let day = from; day <= to && day <= today; ) {
      out.push(this.periodAssessment(period, day))
      const next = new Date(`${periodSpan(period, day).to}T00:00:00Z`)
      next.setUTCDate(next.getUTCDate() + 1)
      day = next.toISOString().slice(0, 10)
    }
    return out
  }

  /** The spot checks (质检) of the visits of the days from–to, with the visit and the names. */
  checkedVisits(from: string, to: string): CheckedVisit[] {
    const clerks = this.live().clerks
    const visits = this.archive.checkedVisits(from, to)
    return this.archive.checks(from, to).map((c) => ({
      ...c,
      ticketNumber: visits.get(c.recordId)?.ticketNumber ?? '',
      serviceId: visits.get(c.recordId)?.serviceId ?? '',
      staffCode: clerks[c.clerkId]?.staffCode ?? '',
      name: clerks[c.clerkId]?.name ?? `#${c.clerkId}`,
      checkedByName: c.checkedBy === null ? '' : (clerks[c.checkedBy]?.name ?? `#${c.checkedBy}`),
    }))
  }

  /** The follow-ups (激励与约束) to results whose days overlap from–to, with the names. */
  followUpLines(from: string, to: string): FollowUpLine[] {
    const clerks = this.live().clerks
    return this.archive.followUps(from, to).map((x) => ({
      ...x,
      staffCode: clerks[x.clerkId]?.staffCode ?? '',
      name: clerks[x.clerkId]?.name ?? `#${x.clerkId}`,
      byName: x.by === null ? '' : (clerks[x.by]?.name ?? `#${x.by}`),
    }))
  }

  /** The day's visits for the manager's spot checks (质检), with each visit's check. */
  visits(businessDay: string): VisitRow[] {
    const live = this.live()
    if (businessDay > live.businessDay) throw new AppError('FUTURE_DAY', { businessDay, today: live.businessDay })
    const checks = new Map(this.archive.checks(businessDay, businessDay).map((c) => [c.recordId, c]))
    const rows = businessDay === live.businessDay ? live.rows : this.archive.dayRows(businessDay)
    const numbers = new Map(rows.tickets.map((t) => [t.id, t.number]))
    return [...rows.records]
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        recordId: r.id,
        ticketNumber: numbers.get(r.ticketId) ?? '',
        serviceId: r.serviceId,
        clerkId: r.clerkId,
        staffCode: live.clerks[r.clerkId]?.staffCode ?? '',
        name: live.clerks[r.clerkId]?.name ?? `#${r.clerkId}`,
        counterId: r.counterId,
        calledAt: r.calledAt,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        outcome: r.outcome,
        items: r.items,
        checkable: isServed(r),
        check: checks.get(r.id) ?? null,
      }))
  }

  /** The range's figures recomputed from the event log alone. */
  async recompute(from: string, to: string): Promise<ReportSummary> {
    checkRange(from, to)
    const live = this.live()
    return this.recomputeAt(from, to, live, this.archive.lastSeq(null))
  }

  /** Replays the log through `throughSeq` (the state `live` was taken at) and counts the range. */
  private async recomputeAt(from: string, to: string, live: LiveDay, throughSeq: number): Promise<ReportSummary> {
    const wanted = new Set(this.archive.closedDays(from, to).map((d) => d.businessDay))
    if (live.businessDay >= from && live.businessDay <= to) wanted.add(live.businessDay)
    const { days, complaints } = await replayDays(this.archive.logPages(throughSeq), wanted)
    const replayed = [...wanted].sort().map((d) => days.get(d)!)
    const recomputed = recomputeSummary(replayed, namesOf(live), optionsOf(from, to, live), live.asOf)
    if (live.complaints) {
      recomputed.complaintCases = recomputeComplaintCases(complaints, from, to, live.asOf, namesOf(live))
      recomputed.clerks = recomputeClerkComplaints(recomputed.clerks, complaints, from, to)
    }
    return recomputed
  }

  /** Compares the summary and the assessment of a day with their recomputation from the event log. */
  async verify(businessDay: string): Promise<VerifyResult> {
    const live = this.live()
    if (businessDay > live.businessDay) throw new AppError('FUTURE_DAY', { businessDay, today: live.businessDay })
    // Taken together, with nothing awaited in between: the summary and the log it is checked
    // against describe the same moment, whatever commands arrive while the log is replayed.
    const summary = this.summaryAt(businessDay, businessDay, live)
    const assessment = assessmentFigures(this.assessmentAt(businessDay, live))
    const throughSeq = this.archive.lastSeq(null)
    const wanted = new Set([businessDay])
    const { days, complaints } = await replayDays(this.archive.logPages(throughSeq), wanted)
    const replayed = days.get(businessDay)!
    const hasDay = businessDay === live.businessDay || this.archive.closedAt(businessDay) !== null
    const recomputed = recomputeSummary(hasDay ? [replayed] : [], namesOf(live), optionsOf(businessDay, businessDay, live), live.asOf)
    if (live.complaints) {
      recomputed.complaintCases = recomputeComplaintCases(complaints, businessDay, businessDay, live.asOf, namesOf(live))
      recomputed.clerks = recomputeClerkComplaints(recomputed.clerks, complaints, businessDay, businessDay)
    }
    const diff = [
      ...differences(summary, recomputed),
      ...differences(assessment, recomputeAssessment(replayed, live.asOf, live.complaints ? complaints : []), 'assessment'),
    ]
    return { businessDay, equal: diff.length === 0, differences: diff.slice(0, 100), events: this.archive.eventCount(businessDay) }
  }
}

/** Rows per page when a long table is read for an export. */
const EXPORT_PAGE = 5000

export interface ExportRequest {
  format: ExportFormat
  from: string
  to: string
  /** XLSX: the sheets (default every summary table, and the assessment for one day); CSV: exactly one. */
  tables?: ReportTable[]
}

/** Builds what an export writes: the summary tables, and the records of the range a page at a time. */
export function exportContent(reports: ReportService, request: ExportRequest): ExportContent {
  const { format, from, to } = request
  const summaryTablesAll = REPORT_TABLES.filter((t) => t !== 'records')
  const tables = request.tables ?? (format === 'xlsx' ? summaryTablesAll : [])
  if (format === 'csv' && tables.length !== 1) throw new AppError('VALIDATION_FAILED', [{ path: ['tables'], message: 'a CSV file holds exactly one table' }])
  if (tables.length === 0) throw new AppError('VALIDATION_FAILED', [{ path: ['tables'], message: 'at least one table' }])
  if (format === 'csv' && tables[0] === 'assessment' && from !== to) {
    throw new AppError('VALIDATION_FAILED', [{ path: ['tables'], message: 'the assessment is for one business day: from = to' }])
  }
  const summary = reports.summary(from, to)
  const live = reports.liveDay()
  const past = from <= live.businessDay
  const assessment: AssessmentTables = {
    day: from === to && past && tables.includes('assessment') ? reports.assessment(from) : null,
    weeks: tables.includes('weeks') && past ? reports.periodsIn('week', from, to) : [],
    months: tables.includes('months') && past ? reports.periodsIn('month', from, to) : [],
    checks: tables.includes('checks') ? reports.checkedVisits(from, to) : [],
    followUps: tables.includes('followUps') ? reports.followUpLines(from, to) : [],
  }
  const out: AnyTable[] = summaryTables(summary, assessment, tables)
  if (tables.includes('records')) {
    const archive = reports.archive
    const clerks = live.clerks
    async function* pages(): AsyncIterable<Cell[][]> {
      let after = 0
      for (;;) {
        const page = archive.recordPage(from, to, after, EXPORT_PAGE)
        if (page.length === 0) return
        after = page[page.length - 1]!.id
        yield page.map((r) => recordRow(r, clerks))
      }
    }
    out.push({ name: 'records', title: '明细', columns: RECORD_COLUMNS, total: archive.recordCount(from, to), pages: pages() })
  }
  const span = from === to ? from : `${from}_${to}`
  const first = out[0]
  const fileName = format === 'xlsx' ? `营业报表_${span}.xlsx` : `营业报表_${first?.title ?? ''}_${span}.csv`
  return { fileName, tables: out, timeZone: live.settings.hall.timeZone }
}

function namesOf(live: LiveDay): Names {
  return { services: live.services, clerks: live.clerks, counters: live.counters }
}

function optionsOf(from: string, to: string, live: LiveDay): SummaryOptions {
  return { from, to, asOf: live.asOf, timeZone: live.settings.hall.timeZone, rolloverHour: live.settings.hall.rolloverHour }
}

function checkRange(from: string, to: string): void {
  if (from > to) throw new AppError('VALIDATION_FAILED', [{ path: ['from'], message: 'from must not be after to' }])
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
  if (days > MAX_RANGE_DAYS) throw new AppError('VALIDATION_FAILED', [{ path: ['to'], message: `at most ${MAX_RANGE_DAYS} days` }])
}
