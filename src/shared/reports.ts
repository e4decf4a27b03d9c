/**
 * The reports' contract: what the manager's report page, the printed assessment and the
 * exports receive. Durations are milliseconds, shares are 0–1, instants epoch milliseconds;
 * `null` means "nothing to measure" (shown as —), never zero. Definitions: docs/metrics.md.
 */
import type { ComplaintCategory, ComplaintChannel, ComplaintConfirmation } from './complaints'
import { INCIDENT_SEVERITIES, type EmergencyKind, type IncidentAction, type IncidentSeverity, type PauseReason, type RatingReason } from './domain'
import type { AssessmentSettings, Indicator } from './settings'

/** The manager's qualitative grade: 优秀 / 良好 / 一般. */
export const ASSESSMENT_GRADES = ['excellent', 'good', 'fair'] as const
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number]

/** How many of the marks are each grade. */
export function markCounts(marks: readonly (AssessmentGrade | null)[]): Record<AssessmentGrade, number> {
  return Object.fromEntries(ASSESSMENT_GRADES.map((g) => [g, marks.filter((x) => x === g).length])) as Record<AssessmentGrade, number>
}

export interface DurationFigures {
  count: number
  totalMs: number
  avgMs: number | null
  medianMs: number | null
  p90Ms: number | null
  maxMs: number | null
}

export interface WaitFigures extends DurationFigures {
  /** Calls within the service's target wait, and above it (Qmatic's "over target"). */
  withinTarget: number
  aboveTarget: number
  /** withinTarget / count. */
  serviceLevel: number | null
}

/** Ticket figures; issued = served + cancelled + expired + open for the hall. */
export interface TicketFigures {
  issued: number
  served: number
  /** No-show marks (过号), one per call the customer did not answer. */
  noShow: number
  /** Transfers out (转办), one per transfer. */
  transferred: number
  cancelled: number
  expired: number
  /** Still waiting, called, at a counter or no-show at report time (only on a day not yet closed). */
  open: number
}

export interface HourFigures {
  /** Local hour in the hall's time zone, 0–23; rows run in business-day order from the rollover hour. */
  hour: number
  arrivals: number
  waits: number
  avgWaitMs: number | null
  withinTarget: number
}

export interface PeakWaiting {
  count: number
  at: number | null
  businessDay: string | null
}

export interface HallFigures {
  tickets: TicketFigures
  wait: WaitFigures
  handling: DurationFigures
  byHour: HourFigures[]
  peakWaiting: PeakWaiting
  /** Every rated visit of the hall. */
  satisfaction: SatisfactionFigures
}

export interface ServiceFigures {
  serviceId: string
  nameZh: string
  nameEn: string
  tickets: TicketFigures
  wait: WaitFigures
  handling: DurationFigures
  byHour: HourFigures[]
  /** Business items recorded (改套餐 ×12 …), most frequent first. */
  items: { item: string; count: number }[]
  /** The visits of this service, whichever clerk served them. */
  satisfaction: SatisfactionFigures
}

export interface SatisfactionFigures {
  /** Records the customer could rate (completed, pending, transferred). */
  ratable: number
  responses: number
  responseRate: number | null
  /** Mean score, 1 不满意 … 4 非常满意. */
  average: number | null
  /** Responses 满意 or 非常满意. */
  satisfied: number
  satisfiedShare: number | null
  /** Responses per score: [不满意, 一般, 满意, 非常满意]. */
  byScore: [number, number, number, number]
  /** Reasons given with 一般 / 不满意 (a customer may give none). */
  reasons: Record<RatingReason, number>
}

export interface ClerkFigures {
  clerkId: number
  staffCode: string
  name: string
  served: number
  handling: { count: number; totalMs: number; avgMs: number | null; maxMs: number | null }
  /** Calls the clerk made and the average wait of the customers called. */
  calledWait: { count: number; avgMs: number | null }
  noShow: number
  transferred: number
  /**
   * The complaint cases taken in the range about this clerk (the case's `clerkId`), as they stand
   * at `asOf`; null where the cases are not kept (the centre's summaries).
   */
  complaints: ClerkComplaints | null
  satisfaction: SatisfactionFigures
  loggedInMs: number
  servingMs: number
  pausedMs: number
  pausedByReason: Record<PauseReason, number>
  /** servingMs / loggedInMs. */
  utilisation: number | null
}

/** Cases about a clerk by status: taken = open + inProgress + closed + cancelled. */
export interface ClerkComplaints {
  taken: number
  /** 受理: not yet confirmed with the customer. */
  open: number
  /** 处理中 or 待回访. */
  inProgress: number
  /** 已办结. */
  closed: number
  /** 已撤销. */
  cancelled: number
}

export interface CounterFigures {
  counterId: number
  name: string
  openMs: number
  pausedMs: number
  served: number
}

/** One business day of a range, for the day-by-day table and chart. */
export interface DayLine {
  businessDay: string
  closed: boolean
  issued: number
  served: number
  waits: number
  avgWaitMs: number | null
  serviceLevel: number | null
}

export interface ReportSummary {
  from: string
  to: string
  /** When the figures of a day not yet closed were taken. */
  asOf: number
  timeZone: string
  /** Business days in the range that have data. */
  days: DayLine[]
  hall: HallFigures
  services: ServiceFigures[]
  clerks: ClerkFigures[]
  counters: CounterFigures[]
  /**
   * The complaint cases taken in the range, as they stand at `asOf` (docs/metrics.md, "Complaint
   * cases: figures"): not frozen with a closed day, since a case goes on after it. Absent where
   * there are no cases to read (the centre's cross-hall summary).
   */
  complaintCases?: ComplaintCaseFigures
  /** Incidents and drills of the range (ch. 11); null where they are not kept (the centre's summaries). */
  incidents: IncidentFigures | null
}

/** A count of cases and how many of them closed by their closure deadline. */
export interface ComplaintCount {
  taken: number
  closed: number
  closedOnTime: number
}

export interface ComplaintCaseFigures {
  /** Cases taken in the range, cancelled ones included. */
  taken: number
  open: number
  closed: number
  cancelled: number
  /** Open cases past a deadline at `asOf`. */
  overdue: number
  /** Closed with `closedAt` ≤ `closeDueAt`. */
  closedOnTime: number
  /** closedOnTime / closed; null with none closed. */
  onTimeShare: number | null
  /** Mean of firstContactAt − takenAt over cases with a first contact; null with none. */
  firstContactAvgMs: number | null
  /** Mean of closedAt − takenAt over closed cases; null with none. */
  closureAvgMs: number | null
  /** Cases reopened at least once, and the reopenings in all. */
  reopenedCases: number
  reopenings: number
  /** The customer's confirmation at the callback, over closed cases. */
  confirmation: Record<ComplaintConfirmation, number>
  byChannel: Record<ComplaintChannel, ComplaintCount>
  byCategory: Record<ComplaintCategory, ComplaintCount>
  /** Per service complained about (cases with one), by service order. */
  byService: (ComplaintCount & { serviceId: string; name: string })[]
  /** Per clerk complained about (cases about a clerk), by staff code. */
  byClerk: (ComplaintCount & { clerkId: number; staffCode: string; name: string })[]
}

/** An emergency broadcast as the hall's record of it (docs/decisions/028-incidents.md). */
export interface Incident {
  /** The business day it began on. */
  businessDay: string
  kind: EmergencyKind
  severity: IncidentSeverity
  drill: boolean
  message: string
  pauseIssuing: boolean
  reportedBy: string
  assessment: string
  startedAt: number
  startedBy: number | null
  actions: IncidentAction[]
  /** Null while it lasts. */
  endedAt: number | null
  endedBy: number | null
  /** The closing note. */
  note: string
}

export interface IncidentFigures {
  /** Real incidents that began in the range (drills not counted). */
  count: number
  bySeverity: Record<IncidentSeverity, number>
  /** Of them, how many paused issuing. */
  pausedIssuing: number
  /** Their time from start to end, summed over those that ended, ms. */
  durationMs: number
  /** Drills (演练) that began in the range. */
  drills: number
  /** Every incident and drill of the range, oldest first. */
  list: Incident[]
}

export function incidentFigures(list: readonly Incident[]): IncidentFigures {
  const real = list.filter((i) => !i.drill)
  const bySeverity = Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, real.filter((i) => i.severity === s).length])) as Record<IncidentSeverity, number>
  return {
    count: real.length,
    bySeverity,
    pausedIssuing: real.filter((i) => i.pauseIssuing).length,
    durationMs: real.reduce((sum, i) => sum + (i.endedAt === null ? 0 : i.endedAt - i.startedAt), 0),
    drills: list.length - real.length,
    list: [...list],
  }
}

export interface IndicatorScore {
  /** The measured figure: served count; handling ratio to standard; shares 0–1; utilisation. */
  value: number | null
  /** 0–100; null when the indicator does not apply (no data) and is left out of the mean. */
  score: number | null
  weight: number
}

export interface ClerkAssessment {
  clerkId: number
  staffCode: string
  name: string
  indicators: Record<Indicator, IndicatorScore>
  /** Weighted mean of the scores that apply, 0–100. */
  quantitative: number | null
  grade: AssessmentGrade | null
  /** 团队协作: the manager's mark given with the grade (scored as the teamwork indicator). */
  teamwork: AssessmentGrade | null
  comment: string
  gradedAt: number | null
  gradedBy: number | null
  /** (100 − qualitativeWeight)% quantitative + qualitativeWeight% grade points; null until graded. */
  combined: number | null
  /** 激励与约束: the manager's follow-ups to this clerk's results of the day or period. */
  followUps: FollowUp[]
}

export interface DayAssessment {
  businessDay: string
  /** True once the day is closed: figures and settings are those stored at the close. */
  frozen: boolean
  closedAt: number | null
  settings: AssessmentSettings
  clerks: ClerkAssessment[]
  /** The hall's (team) result: each figure the mean over its clerks. */
  team: TeamAssessment
}

/** A grade as stored with the day. */
export interface ClerkGrade {
  businessDay: string
  clerkId: number
  grade: AssessmentGrade
  teamwork: AssessmentGrade | null
  comment: string
  gradedAt: number
  gradedBy: number | null
}

/** 质检: the manager's spot check of a served visit. */
export const CHECK_RESULTS = ['pass', 'fail'] as const
export type CheckResult = (typeof CHECK_RESULTS)[number]
/** Why a checked visit failed: 业务差错 / 服务用语 / 资料不全 / 流程不符 / 其他. */
export const CHECK_REASONS = ['error', 'wording', 'documents', 'procedure', 'other'] as const
export type CheckReason = (typeof CHECK_REASONS)[number]

export interface VisitCheck {
  recordId: number
  businessDay: string
  clerkId: number
  result: CheckResult
  /** Null for a pass. */
  reason: CheckReason | null
  note: string
  checkedAt: number
  checkedBy: number | null
}

/** One visit of the day's visit list (the report page's 质检 list). */
export interface VisitRow {
  recordId: number
  ticketNumber: string
  serviceId: string
  clerkId: number
  staffCode: string
  name: string
  counterId: number
  calledAt: number
  startedAt: number | null
  endedAt: number | null
  outcome: string | null
  items: string[]
  /** Only served visits (completed or pending) can be checked. */
  checkable: boolean
  check: VisitCheck | null
}

/** 激励与约束: what the manager did about a result. */
export const FOLLOW_UP_KINDS = ['praise', 'coaching', 'training', 'interview'] as const
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number]
/** The assessment's periods: a business day, an ISO week (Monday–Sunday), a calendar month. */
export const ASSESSMENT_PERIODS = ['day', 'week', 'month'] as const
export type AssessmentPeriod = (typeof ASSESSMENT_PERIODS)[number]

export interface FollowUp {
  id: number
  clerkId: number
  period: AssessmentPeriod
  /** The result it follows up: the period's first and last day. */
  from: string
  to: string
  kind: FollowUpKind
  note: string
  at: number
  by: number | null
}

/** A clerk's result over a week or a month (the period's days added up, see docs/metrics.md). */
export interface PeriodClerkAssessment extends Omit<ClerkAssessment, 'grade' | 'teamwork' | 'comment' | 'gradedAt' | 'gradedBy'> {
  /** Business days the clerk has figures on in the period. */
  days: number
  /** Days the manager graded, and the mean of their grade points. */
  graded: number
  gradePoints: number | null
  /** 团队协作: how many of the period's days got each teamwork mark (the indicator scores their mean points). */
  teamworkMarks: Record<AssessmentGrade, number>
}

/** The hall's (team) result: each figure the mean over the clerks it applies to. */
export interface TeamAssessment {
  indicators: Record<Indicator, IndicatorScore>
  quantitative: number | null
  combined: number | null
  clerks: number
}

export interface PeriodAssessment {
  period: 'week' | 'month'
  from: string
  to: string
  /** True once the business day in progress is past the period: scored with the settings stored with its last closed day. */
  frozen: boolean
  closedAt: number | null
  settings: AssessmentSettings
  clerks: PeriodClerkAssessment[]
  team: TeamAssessment
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
/** The tables of a report; XLSX has one sheet each, CSV one table per file. */
export const REPORT_TABLES = [
  'hall',
  'days',
  'hours',
  'services',
  'items',
  'clerks',
  'counters',
  'complaints',
  'incidents',
  'assessment',
  'weeks',
  'months',
  'checks',
  'followUps',
  'records',
] as const
export type ReportTable = (typeof REPORT_TABLES)[number]

export interface ExportJob {
  id: string
  state: 'running' | 'done' | 'failed'
  format: ExportFormat
  fileName: string
  /** Progress: rows written of rows to write. */
  done: number
  total: number
  /** Size of the finished file. */
  bytes: number | null
  error: { code: string; message: string } | null
  createdAt: number
}

export interface VerifyResult {
  businessDay: string
  equal: boolean
  /** Paths where the stored or live summary (and the day's assessment, under `assessment.`) and the recomputation from the event log differ. */
  differences: { path: string; summary: unknown; recomputed: unknown }[]
  events: number
}

export const REPORT_PATHS = {
  summary: '/api/v1/reports/summary',
  days: '/api/v1/reports/days',
  assessment: (day: string) => `/api/v1/reports/days/${day}/assessment`,
  verify: (day: string) => `/api/v1/reports/days/${day}/verify`,
  visits: (day: string) => `/api/v1/reports/days/${day}/visits`,
  period: (period: string) => `/api/v1/reports/periods/${period}`,
  exports: '/api/v1/reports/exports',
  exportJob: (id: string) => `/api/v1/reports/exports/${id}`,
  exportFile: (id: string) => `/api/v1/reports/exports/${id}/file`,
} as const

/** The closed business days, for the report page's day picker (`GET /reports/days`). */
export interface ClosedDays {
  today: string
  closed: { businessDay: string; closedAt: number }[]
}

/** What an export is asked to write (`POST /reports/exports`). */
export interface ExportRequest {
  format: ExportFormat
  from: string
  to: string
  /** XLSX: the sheets (default every summary table, and the assessment for one day); CSV: exactly one. */
  tables?: ReportTable[]
}

/**
 * The report reads, one name each. A browser sends them as HTTP GETs (`reportReadPath`), the
 * desktop app as IPC queries; both end in the same code in main (server/routes/reports.ts).
 */
export interface ReportReads {
  reportSummary: { args: { day?: string; from?: string; to?: string }; result: ReportSummary }
  reportDays: { args: { from?: string; to?: string }; result: ClosedDays }
  reportAssessment: { args: { day: string }; result: DayAssessment }
  reportVerify: { args: { day: string }; result: VerifyResult }
  reportVisits: { args: { day: string }; result: VisitRow[] }
  reportPeriod: { args: { period: 'week' | 'month'; day: string }; result: PeriodAssessment }
  exportJob: { args: { id: string }; result: ExportJob }
}
export type ReportReadName = keyof ReportReads
export const REPORT_READS = ['reportSummary', 'reportDays', 'reportAssessment', 'reportVerify', 'reportVisits', 'reportPeriod', 'exportJob'] as const satisfies readonly ReportReadName[]

export function isReportRead(name: unknown): name is ReportReadName {
  return typeof name === 'string' && (REPORT_READS as readonly string[]).includes(name)
}

/** The HTTP path of a read, with its query string. */
export function reportReadPath<R extends ReportReadName>(name: R, args: ReportReads[R]['args']): string {
  const a = args as Record<string, string | undefined>
  const query = (keys: string[]) => {
    const params = new URLSearchParams()
    for (const k of keys) if (a[k] !== undefined) params.set(k, a[k])
    const s = params.toString()
    return s ? `?${s}` : ''
  }
  switch (name) {
    case 'reportSummary':
      return REPORT_PATHS.summary + query(['day', 'from', 'to'])
    case 'reportDays':
      return REPORT_PATHS.days + query(['from', 'to'])
    case 'reportAssessment':
      return REPORT_PATHS.assessment(encodeURIComponent(a.day ?? ''))
    case 'reportVerify':
      return REPORT_PATHS.verify(encodeURIComponent(a.day ?? ''))
    case 'reportVisits':
      return REPORT_PATHS.visits(encodeURIComponent(a.day ?? ''))
    case 'reportPeriod':
      return REPORT_PATHS.period(encodeURIComponent(a.period ?? '')) + query(['day'])
    default:
      return REPORT_PATHS.exportJob(encodeURIComponent(a.id ?? ''))
  }
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000
const dayOfNumber = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)

/** Days in the calendar month of a business day. */
export function daysInMonth(day: string): number {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** The first and last business day of the day, ISO week (Monday–Sunday) or calendar month a day falls in. */
export function periodSpan(period: AssessmentPeriod, day: string): { from: string; to: string } {
  if (period === 'day') return { from: day, to: day }
  if (period === 'month') return { from: `${day.slice(0, 8)}01`, to: `${day.slice(0, 8)}${String(daysInMonth(day)).padStart(2, '0')}` }
  const n = dayNumber(day)
  const monday = n - ((new Date(n * 86_400_000).getUTCDay() + 6) % 7)
  return { from: dayOfNumber(monday), to: dayOfNumber(monday + 6) }
}

/** Every calendar day from `from` to `to`, in order. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let n = dayNumber(from); n <= dayNumber(to); n++) out.push(dayOfNumber(n))
  return out
}
