/**
 * The report page's tables as column lists: each column knows the raw figure (for sorting)
 * and the text people read. The view turns them into NDataTable columns; the print layout
 * and the tests read the same lists.
 */
import { PAUSE_REASONS } from '../../../../shared/domain'
import {
  ASSESSMENT_GRADES,
  type AssessmentGrade,
  type ClerkAssessment,
  type ClerkFigures,
  type CounterFigures,
  type DayAssessment,
  type DayLine,
  type FollowUp,
  type HourFigures,
  type Incident,
  type IndicatorScore,
  type PeriodAssessment,
  type ServiceFigures,
  type VisitRow,
} from '../../../../shared/reports'
import { formatTime } from '../../locales/zh-CN'
import { INDICATORS, type Indicator } from '../../../../shared/settings'
import type { Locale, Messages } from '../../locales'
import type { ReportFormat } from './format'

export interface ReportColumn<Row> {
  key: string
  title: string
  /** A second, smaller line in the header (an indicator's weight). */
  subtitle?: string
  /** The figure the column sorts by; null sorts with the smallest. */
  value: (row: Row) => number | string | null
  text: (row: Row) => string
  /** A second, smaller line under the text (a breakdown). */
  detail?: (row: Row) => string
  align?: 'left' | 'right'
  /** Minimum width in pixels. */
  width?: number
  /** Kept in view when the table scrolls sideways. */
  fixed?: boolean
  sortable?: boolean
}

/** Orders figures: numbers by value, text by the hall's language, null first. */
export function compareFigures(a: number | string | null, b: number | string | null): number {
  if (a === null || (typeof a === 'number' && !Number.isFinite(a))) return b === null ? 0 : -1
  if (b === null || (typeof b === 'number' && !Number.isFinite(b))) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true })
}

const num = <Row>(key: string, title: string, value: (row: Row) => number | null, text: (v: number | null) => string, width = 96): ReportColumn<Row> => ({
  key,
  title,
  value,
  text: (row) => text(value(row)),
  align: 'right',
  width,
  sortable: true,
})

export function clerkColumns(m: Messages, f: ReportFormat): ReportColumn<ClerkFigures>[] {
  const c = m.reports.columns
  return [
    { key: 'staffCode', title: c.staffCode, value: (r) => r.staffCode, text: (r) => r.staffCode, width: 80, fixed: true, sortable: true },
    { key: 'name', title: c.name, value: (r) => r.name, text: (r) => r.name, width: 90, fixed: true, sortable: true },
    num('served', c.served, (r) => r.served, f.count, 70),
    num('avgHandling', c.avgHandling, (r) => r.handling.avgMs, f.duration, 110),
    num('maxHandling', c.maxHandling, (r) => r.handling.maxMs, f.duration, 110),
    num('calledWait', c.calledWait, (r) => r.calledWait.avgMs, f.duration, 120),
    num('noShow', c.noShow, (r) => r.noShow, f.count, 70),
    num('transferred', c.transferred, (r) => r.transferred, f.count, 70),
    {
      ...num<ClerkFigures>('complaints', c.complaints, (r) => r.complaints?.taken ?? null, f.count, 100),
      detail: (r) => (r.complaints && r.complaints.taken > 0 ? c.complaintState(r.complaints.open, r.complaints.inProgress, r.complaints.closed, r.complaints.cancelled) : ''),
    },
    {
      ...num<ClerkFigures>('responses', c.responses, (r) => r.satisfaction.responses, f.count, 80),
      text: (r) => c.responsesOf(r.satisfaction.responses, r.satisfaction.ratable),
      detail: (r) => (r.satisfaction.ratable > 0 ? `${c.responseRate} ${f.percent(r.satisfaction.responseRate)}` : ''),
    },
    num('average', c.average, (r) => r.satisfaction.average, f.average, 90),
    num('satisfiedShare', c.satisfiedShare, (r) => r.satisfaction.satisfiedShare, f.percent, 80),
    num('loggedIn', c.loggedIn, (r) => r.loggedInMs, f.duration, 110),
    num('serving', c.serving, (r) => r.servingMs, f.duration, 110),
    {
      ...num<ClerkFigures>('paused', c.paused, (r) => r.pausedMs, f.duration, 110),
      detail: (r) =>
        PAUSE_REASONS.filter((reason) => r.pausedByReason[reason] > 0)
          .map((reason) => `${m.pauseReason[reason]} ${f.duration(r.pausedByReason[reason])}`)
          .join(' · '),
    },
    num('utilisation', c.utilisation, (r) => r.utilisation, f.percent, 80),
  ]
}

export function serviceName(s: Pick<ServiceFigures, 'nameZh' | 'nameEn' | 'serviceId'>, locale: Locale): string {
  return (locale === 'en-US' ? s.nameEn : s.nameZh) || s.serviceId
}

/** "改套餐 ×12、补换卡 ×3" — most frequent first, as the summary lists them. */
export function itemsText(items: ServiceFigures['items'], m: Messages, locale: Locale): string {
  return items.map((i) => m.reports.columns.itemCount(i.item, i.count)).join(locale === 'zh-CN' ? '、' : ', ')
}

export function serviceColumns(m: Messages, f: ReportFormat, locale: Locale): ReportColumn<ServiceFigures>[] {
  const c = m.reports.columns
  return [
    { key: 'service', title: c.service, value: (r) => serviceName(r, locale), text: (r) => serviceName(r, locale), width: 110, fixed: true, sortable: true },
    num('issued', c.issued, (r) => r.tickets.issued, f.count, 70),
    num('served', c.served, (r) => r.tickets.served, f.count, 70),
    num('noShow', c.noShow, (r) => r.tickets.noShow, f.count, 70),
    num('transferred', c.transferred, (r) => r.tickets.transferred, f.count, 70),
    num('cancelled', c.cancelled, (r) => r.tickets.cancelled, f.count, 70),
    num('expired', c.expired, (r) => r.tickets.expired, f.count, 70),
    num('avgWait', c.avgWait, (r) => r.wait.avgMs, f.duration, 110),
    num('medianWait', c.medianWait, (r) => r.wait.medianMs, f.duration, 110),
    num('p90Wait', c.p90Wait, (r) => r.wait.p90Ms, f.duration, 110),
    num('maxWait', c.maxWait, (r) => r.wait.maxMs, f.duration, 110),
    num('serviceLevel', c.serviceLevel, (r) => r.wait.serviceLevel, f.percent, 80),
    num('aboveTarget', c.aboveTarget, (r) => r.wait.aboveTarget, f.count, 70),
    num('avgHandling', c.avgHandling, (r) => r.handling.avgMs, f.duration, 110),
    num('maxHandling', c.maxHandling, (r) => r.handling.maxMs, f.duration, 110),
    {
      key: 'items',
      title: c.items,
      value: (r) => r.items.reduce((n, i) => n + i.count, 0),
      text: (r) => itemsText(r.items, m, locale) || '—',
      width: 220,
      sortable: false,
    },
  ]
}

export function counterColumns(m: Messages, f: ReportFormat): ReportColumn<CounterFigures>[] {
  const c = m.reports.columns
  return [
    { key: 'counter', title: c.counter, value: (r) => r.counterId, text: (r) => r.name, width: 110, sortable: true },
    num('openTime', c.openTime, (r) => r.openMs, f.duration, 120),
    num('pausedTime', c.pausedTime, (r) => r.pausedMs, f.duration, 120),
    num('served', c.served, (r) => r.served, f.count, 80),
  ]
}

export function hourColumns(m: Messages, f: ReportFormat): ReportColumn<HourFigures>[] {
  const c = m.reports.columns
  return [
    { key: 'hour', title: c.hour, value: (r) => r.hour, text: (r) => c.hourRange(r.hour, (r.hour + 1) % 24), width: 120, sortable: false },
    num('arrivals', c.arrivals, (r) => r.arrivals, f.count, 80),
    num('calls', c.calls, (r) => r.waits, f.count, 80),
    num('avgWait', c.avgWait, (r) => r.avgWaitMs, f.duration, 110),
    num('withinTarget', c.withinTarget, (r) => r.withinTarget, f.count, 80),
    num('serviceLevel', c.serviceLevel, (r) => (r.waits > 0 ? r.withinTarget / r.waits : null), f.percent, 80),
  ]
}

export function dayColumns(m: Messages, f: ReportFormat): ReportColumn<DayLine>[] {
  const c = m.reports.columns
  return [
    { key: 'businessDay', title: c.businessDay, value: (r) => r.businessDay, text: (r) => r.businessDay, width: 120, sortable: true },
    { key: 'closed', title: c.closed, value: (r) => (r.closed ? 1 : 0), text: (r) => (r.closed ? c.yes : c.no), width: 70, sortable: true },
    num('issued', c.issued, (r) => r.issued, f.count, 80),
    num('served', c.served, (r) => r.served, f.count, 80),
    num('calls', c.calls, (r) => r.waits, f.count, 80),
    num('avgWait', c.avgWait, (r) => r.avgWaitMs, f.duration, 110),
    num('serviceLevel', c.serviceLevel, (r) => r.serviceLevel, f.percent, 80),
  ]
}

/** The hours worth showing: from the first to the last with any arrival or call (a whole day is mostly night). */
export function activeHours(hours: readonly HourFigures[]): HourFigures[] {
  const busy = (h: HourFigures) => h.arrivals > 0 || h.waits > 0
  const first = hours.findIndex(busy)
  if (first < 0) return []
  let last = hours.length - 1
  while (last > first && !busy(hours[last]!)) last -= 1
  return hours.slice(first, last + 1)
}

/** What an indicator measured, as people read it: a count, the handling ratio, or a share. */
export function indicatorValueText(indicator: Indicator, score: IndicatorScore, f: ReportFormat): string {
  if (indicator === 'served') return f.count(score.value)
  if (indicator === 'handling') return f.ofStandard(score.value)
  if (indicator === 'teamwork') return f.score(score.value)
  return f.percent(score.value)
}

export function assessmentColumns(m: Messages, f: ReportFormat, day: DayAssessment): ReportColumn<ClerkAssessment>[] {
  const r = m.reports
  const c = r.columns
  // The results first, so they stay in view on a laptop; the indicators they come from after.
  return [
    { key: 'staffCode', title: c.staffCode, value: (x) => x.staffCode, text: (x) => x.staffCode, width: 76, fixed: true, sortable: true },
    { key: 'name', title: c.name, value: (x) => x.name, text: (x) => x.name, width: 84, fixed: true, sortable: true },
    num('quantitative', r.quantitative, (x) => x.quantitative, f.score, 92),
    {
      key: 'grade',
      title: r.grade,
      value: (x) => (x.grade === null ? null : day.settings.gradePoints[x.grade]),
      text: (x) => (x.grade === null ? r.notGraded : r.grades[x.grade]),
      width: 80,
      sortable: true,
    },
    num('combined', r.combined, (x) => x.combined, f.score, 92),
    ...INDICATORS.map((k): ReportColumn<ClerkAssessment> => {
      const column = {
        ...num<ClerkAssessment>(`ind-${k}`, r.indicators[k], (x) => x.indicators[k].score, f.score, 100),
        subtitle: r.indicatorWeight(day.settings.indicators[k].weight),
      }
      // 团队协作 is the manager's mark: shown as the mark, its points under it where they are scored.
      if (k === 'teamwork')
        return { ...column, text: (x) => (x.teamwork === null ? '—' : r.grades[x.teamwork]), detail: (x) => markPoints(m, f, day.settings, x.indicators.teamwork) }
      return { ...column, detail: (x) => indicatorValueText(k, x.indicators[k], f) }
    }),
    { key: 'comment', title: r.comment, value: (x) => x.comment, text: () => '', detail: (x) => x.comment, width: 150, sortable: false },
  ]
}

/** The points a teamwork mark scores, where it is scored (its weight above 0); else nothing. */
export function markPoints(m: Messages, f: ReportFormat, settings: { indicators: { teamwork: { weight: number } } }, score: IndicatorScore): string {
  return settings.indicators.teamwork.weight > 0 && score.score !== null ? m.assessment.markPoints(f.score(score.score)) : ''
}

/** A period's teamwork marks: 优秀×2 · 良好; — with none. */
export function marksText(marks: Record<AssessmentGrade, number> | null, m: Messages): string {
  if (!marks) return '—'
  const given = ASSESSMENT_GRADES.filter((g) => marks[g] > 0).map((g) => (marks[g] === 1 ? m.reports.grades[g] : `${m.reports.grades[g]}×${marks[g]}`))
  return given.length === 0 ? '—' : given.join(' · ')
}

/** The follow-ups of a result as one line: 表扬：… · 辅导. */
export function followUpsText(list: readonly FollowUp[], m: Messages): string {
  const a = m.assessment
  return list.map((x) => a.followUp.item(a.words.followUpKinds[x.kind], x.note)).join(' · ')
}

/** A row of the period table: a clerk, or the hall's (team) result (clerkId 0). */
export interface PeriodRow {
  clerkId: number
  staffCode: string
  name: string
  days: number | null
  indicators: PeriodAssessment['team']['indicators']
  quantitative: number | null
  graded: number | null
  gradePoints: number | null
  /** The clerk's teamwork marks of the period; null on the hall's row. */
  teamworkMarks: Record<AssessmentGrade, number> | null
  combined: number | null
  followUps: FollowUp[]
}

export function periodRows(p: PeriodAssessment, m: Messages): PeriodRow[] {
  return [
    ...p.clerks.map((c) => ({ ...c })),
    { clerkId: 0, staffCode: '', name: m.assessment.teamRow, days: null, indicators: p.team.indicators, quantitative: p.team.quantitative, graded: null, gradePoints: null, teamworkMarks: null, combined: p.team.combined, followUps: [] },
  ]
}

export function periodColumns(m: Messages, f: ReportFormat, p: PeriodAssessment): ReportColumn<PeriodRow>[] {
  const r = m.reports
  const a = m.assessment
  const c = r.columns
  return [
    { key: 'staffCode', title: c.staffCode, value: (x) => x.staffCode, text: (x) => x.staffCode, width: 76, fixed: true, sortable: true },
    { key: 'name', title: c.name, value: (x) => x.name, text: (x) => x.name, width: 110, fixed: true, sortable: true },
    num('days', a.days, (x) => x.days, f.count, 60),
    num('quantitative', r.quantitative, (x) => x.quantitative, f.score, 92),
    { ...num<PeriodRow>('gradePoints', a.gradePoints, (x) => x.gradePoints, f.score, 92), detail: (x) => (x.graded ? a.graded(x.graded) : '') },
    num('combined', r.combined, (x) => x.combined, f.score, 92),
    ...INDICATORS.map((k): ReportColumn<PeriodRow> => {
      const column = {
        ...num<PeriodRow>(`ind-${k}`, r.indicators[k], (x) => x.indicators[k].score, f.score, 100),
        subtitle: r.indicatorWeight(p.settings.indicators[k].weight),
      }
      if (k === 'teamwork') return { ...column, text: (x) => marksText(x.teamworkMarks, m), detail: (x) => markPoints(m, f, p.settings, x.indicators.teamwork) }
      return { ...column, detail: (x) => indicatorValueText(k, x.indicators[k], f) }
    }),
    { key: 'followUps', title: a.followUp.list, value: (x) => x.followUps.length, text: () => '', detail: (x) => followUpsText(x.followUps, m), width: 160, sortable: false },
  ]
}

export function visitColumns(m: Messages, time: (at: number) => string, serviceName: (id: string) => string): ReportColumn<VisitRow>[] {
  const v = m.assessment.visits
  const w = m.assessment.words
  return [
    { key: 'ticket', title: v.ticket, value: (x) => x.ticketNumber, text: (x) => x.ticketNumber, width: 80, fixed: true, sortable: true },
    { key: 'clerk', title: v.clerk, value: (x) => x.name, text: (x) => x.name, detail: (x) => x.staffCode, width: 100, sortable: true },
    { key: 'service', title: v.service, value: (x) => serviceName(x.serviceId), text: (x) => serviceName(x.serviceId), width: 110, sortable: true },
    { key: 'time', title: v.time, value: (x) => x.calledAt, text: (x) => time(x.calledAt), detail: (x) => (x.endedAt === null ? '' : `→ ${time(x.endedAt)}`), width: 90, sortable: true },
    { key: 'outcome', title: v.outcome, value: (x) => x.outcome ?? '', text: (x) => (x.outcome === null ? '—' : (m.assessment.outcomes[x.outcome] ?? x.outcome)), width: 80, sortable: true },
    { key: 'items', title: v.items, value: (x) => x.items.length, text: (x) => x.items.join('、'), width: 160, sortable: true },
    {
      key: 'check',
      title: v.check,
      value: (x) => x.check?.result ?? '',
      text: (x) => (!x.checkable ? v.notCheckable : x.check === null ? v.notChecked : w.checkResults[x.check.result]),
      detail: (x) => (x.check?.reason ? w.checkReasons[x.check.reason] + (x.check.note ? `：${x.check.note}` : '') : (x.check?.note ?? '')),
      width: 150,
      sortable: true,
    },
  ]
}

/** 突发事件: every incident and drill of the range, oldest first. */
export function incidentColumns(m: Messages, f: ReportFormat, locale: Locale, timeZone: string): ReportColumn<Incident>[] {
  const c = m.reports.incidents
  const text = (key: string, title: string, get: (r: Incident) => string, width = 160): ReportColumn<Incident> => ({
    key,
    title,
    value: get,
    text: (r) => get(r) || '—',
    align: 'left',
    width,
    sortable: false,
  })
  return [
    { key: 'day', title: c.day, value: (r) => r.startedAt, text: (r) => r.businessDay, width: 110, sortable: true },
    text('kind', c.kind, (r) => (r.drill ? `${m.emergency.kinds[r.kind]} · ${c.drill}` : m.emergency.kinds[r.kind]), 140),
    text('severity', c.severity, (r) => m.emergency.severities[r.severity], 70),
    {
      key: 'started',
      title: c.started,
      value: (r) => r.startedAt,
      text: (r) => formatTime(r.startedAt, timeZone, locale),
      detail: (r) => (r.endedAt === null ? c.ongoing : `${c.ended} ${formatTime(r.endedAt, timeZone, locale)}`),
      width: 110,
      sortable: true,
    },
    num('duration', c.duration, (r) => (r.endedAt === null ? null : r.endedAt - r.startedAt), f.duration, 100),
    text('reportedBy', c.reportedBy, (r) => r.reportedBy, 130),
    text('assessment', c.assessment, (r) => r.assessment, 220),
    text('actions', c.actions, (r) => r.actions.map((a) => `${formatTime(a.at, timeZone, locale)} ${a.note}`).join('；'), 240),
    text('note', c.note, (r) => r.note, 200),
  ]
}
