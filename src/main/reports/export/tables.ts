/**
 * The report as tables: one per sheet (XLSX) or per file (CSV). Cells keep their kind — counts,
 * minutes, shares, dates — so that both writers can give them real number and date formats.
 * Durations are written in minutes, shares as fractions (shown as percent).
 */
import { COMPLAINT_CHANNELS, type ComplaintChannel } from '../../../shared/complaints'
import { COMPLAINT_CATEGORIES, PAUSE_REASONS, RATING_REASONS, type EmergencyKind, type IncidentSeverity, type RatingChannel, type RatingReason, type ServiceRecord } from '../../../shared/domain'
import { recordWaitMs, reportedHandleMs } from '../../../shared/metrics'
import {
  ASSESSMENT_GRADES,
  type AssessmentGrade,
  type ComplaintCount,
  type DayAssessment,
  type DurationFigures,
  type FollowUp,
  type IndicatorScore,
  type PeriodAssessment,
  type ReportSummary,
  type ReportTable,
  type SatisfactionFigures,
  type VisitCheck,
  type WaitFigures,
} from '../../../shared/reports'
import { INDICATORS } from '../../../shared/settings'
import { ASSESSMENT_WORDS } from '../../../shared/glossary'

export type CellKind = 'text' | 'count' | 'minutes' | 'share' | 'number' | 'date' | 'datetime'

/** A date is a business day 'YYYY-MM-DD'; a datetime an instant shown in the hall's time zone. */
export type Cell = string | number | null

export interface Column {
  header: string
  kind: CellKind
}

export interface TableData {
  name: ReportTable
  title: string
  columns: Column[]
  rows: Cell[][]
}

export const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000)

export const col = (header: string, kind: CellKind): Column => ({ header, kind })

const CHANNEL_ZH: Record<ComplaintChannel, string> = { counter: '柜台', phone: '电话', letter: '信函', online: '网上', onsite: '现场' }
const CATEGORY_ZH: Record<(typeof COMPLAINT_CATEGORIES)[number], string> = { product: '产品类', service: '服务类', department: '部门类' }

export const waitColumns = (prefix: string): Column[] => [
  col(`${prefix}平均等候(分)`, 'minutes'),
  col(`${prefix}等候中位数(分)`, 'minutes'),
  col(`${prefix}等候90%分位(分)`, 'minutes'),
  col(`${prefix}最长等候(分)`, 'minutes'),
  col('目标内', 'count'),
  col('超目标', 'count'),
  col('服务水平', 'share'),
]
export const waitCells = (w: WaitFigures): Cell[] => [minutes(w.avgMs), minutes(w.medianMs), minutes(w.p90Ms), minutes(w.maxMs), w.withinTarget, w.aboveTarget, w.serviceLevel]
export const handleColumns: Column[] = [col('平均办理(分)', 'minutes'), col('办理中位数(分)', 'minutes'), col('办理90%分位(分)', 'minutes'), col('最长办理(分)', 'minutes')]
export const handleCells = (h: DurationFigures): Cell[] => [minutes(h.avgMs), minutes(h.medianMs), minutes(h.p90Ms), minutes(h.maxMs)]
export const ticketColumns: Column[] = ['取号', '办结', '过号', '转办', '取消', '过期', '未结'].map((h) => col(h, 'count'))

/** 等候太久 / 服务态度 / 业务不熟 / 问题未解决 / 其他 */
export const REASON_NAMES: Record<RatingReason, string> = { wait: '等候太久', attitude: '服务态度', skill: '业务不熟', unresolved: '问题未解决', other: '其他' }
const CHANNEL_NAMES: Record<RatingChannel, string> = { keypad: '评价器', tablet: '评价平板', screen: '评价屏', phone: '手机' }
export const satisfactionColumns: Column[] = [
  col('可评价', 'count'),
  col('评价数', 'count'),
  col('参评率', 'share'),
  col('平均评分', 'number'),
  col('满意+非常满意', 'count'),
  col('满意率', 'share'),
  ...RATING_REASONS.map((r) => col(`原因-${REASON_NAMES[r]}`, 'count')),
]
export const satisfactionCells = (x: SatisfactionFigures): Cell[] => [
  x.ratable,
  x.responses,
  x.responseRate,
  x.average,
  x.satisfied,
  x.satisfiedShare,
  ...RATING_REASONS.map((r) => x.reasons[r]),
]

/** 突发事件 as the manager's screen names them (locales/zh-CN.ts, emergency.kinds). */
const INCIDENT_KIND_NAMES: Record<EmergencyKind, string> = {
  outage: '系统故障',
  power: '停电',
  network: '网络中断',
  evacuation: '紧急疏散',
  crowding: '客流拥挤',
  security: '安全事件',
  custom: '其他情况',
}
/** 一般 / 较大 / 重大 */
export const SEVERITY_NAMES: Record<IncidentSeverity, string> = { general: '一般', major: '较大', serious: '重大' }

const PAUSE_NAMES: Record<(typeof PAUSE_REASONS)[number], string> = { meal: '就餐', training: '培训', backoffice: '后台', meeting: '会议', other: '其他' }
/** The sheet's words are the screens' (src/shared/glossary.ts). */
const WORDS = ASSESSMENT_WORDS['zh-CN']
const INDICATOR_NAMES = WORDS.indicators
const GRADE_NAMES = WORDS.grades
const OUTCOME_NAMES: Record<string, string> = {
  completed: '办结',
  pending: '待办',
  transferred: '转办',
  no_show: '过号',
  cancelled: '取消',
  expired: '过期',
}

/** A spot-checked visit as the export lists it: the check, its visit, and who is who. */
export interface CheckedVisit extends VisitCheck {
  ticketNumber: string
  serviceId: string
  staffCode: string
  name: string
  /** The manager who checked it. */
  checkedByName: string
}

/** A follow-up as the export lists it, with the clerk's and the manager's names. */
export interface FollowUpLine extends FollowUp {
  staffCode: string
  name: string
  byName: string
}

/** The assessment's tables of an export: the day's (one-day export), the weeks and months the range touches, the manager's checks and follow-ups. */
export interface AssessmentTables {
  day: DayAssessment | null
  weeks: readonly PeriodAssessment[]
  months: readonly PeriodAssessment[]
  checks: readonly CheckedVisit[]
  followUps: readonly FollowUpLine[]
}

export const NO_ASSESSMENT: AssessmentTables = { day: null, weeks: [], months: [], checks: [], followUps: [] }

/** Each indicator's measured value and score, as columns: 办理时长 as its share of the standard. */
const indicatorColumns = (): Column[] =>
  INDICATORS.flatMap((k) => [
    col(k === 'handling' ? WORDS.handlingOfStandard : INDICATOR_NAMES[k], k === 'served' ? 'count' : k === 'teamwork' ? 'number' : 'share'),
    col(WORDS.scoreOf(INDICATOR_NAMES[k]), 'number'),
  ])
const indicatorCells = (indicators: Record<(typeof INDICATORS)[number], IndicatorScore>): Cell[] => INDICATORS.flatMap((k) => [indicators[k].value, indicators[k].score])

/** 团队协作 as the manager gives it: the mark (优秀 / 良好 / 一般); its points are the indicator's value and score. */
const TEAMWORK_MARK = `${INDICATOR_NAMES.teamwork}评定`
/** A period's marks: 优秀×2、良好; null with none. */
function marksText(marks: Record<AssessmentGrade, number>): string | null {
  const given = ASSESSMENT_GRADES.filter((g) => marks[g] > 0).map((g) => (marks[g] === 1 ? GRADE_NAMES[g] : `${GRADE_NAMES[g]}×${marks[g]}`))
  return given.length === 0 ? null : given.join('、')
}

/** The rows of a week's or a month's assessment: each clerk, then the hall's (team) result. */
function periodRows(p: PeriodAssessment): Cell[][] {
  const head = (staffCode: string | null, name: string): Cell[] => [WORDS.periods[p.period], p.from, p.to, p.frozen ? '已冻结' : '进行中', staffCode, name]
  return [
    ...p.clerks.map((c) => [
      ...head(c.staffCode, c.name),
      c.days,
      ...indicatorCells(c.indicators),
      c.quantitative,
      c.graded,
      c.gradePoints,
      marksText(c.teamworkMarks),
      c.combined,
      c.followUps.length === 0 ? null : c.followUps.map((x) => (x.note ? `${WORDS.followUpKinds[x.kind]}：${x.note}` : WORDS.followUpKinds[x.kind])).join('；'),
    ]),
    [...head(null, WORDS.team), p.team.clerks, ...indicatorCells(p.team.indicators), p.team.quantitative, null, null, null, p.team.combined, null],
  ]
}

function periodTable(name: 'weeks' | 'months', periods: readonly PeriodAssessment[]): TableData {
  return {
    name,
    title: name === 'weeks' ? '周考核' : '月考核',
    columns: [
      col('周期', 'text'),
      col('开始日期', 'date'),
      col('结束日期', 'date'),
      col('状态', 'text'),
      col('工号', 'text'),
      col('姓名', 'text'),
      // A clerk's days with figures; on the hall's row, the clerks assessed.
      col('天数/人数', 'count'),
      ...indicatorColumns(),
      col(WORDS.quantitative, 'number'),
      col('评定天数', 'count'),
      col(`${WORDS.grade}(平均分)`, 'number'),
      col(TEAMWORK_MARK, 'text'),
      col(WORDS.combined, 'number'),
      col(WORDS.followUp, 'text'),
    ],
    rows: periods.flatMap(periodRows),
  }
}

/** The summary tables of a report, and the assessment's (the day's when it covers one day). */
export function summaryTables(s: ReportSummary, assessment: AssessmentTables, wanted: readonly ReportTable[]): TableData[] {
  const tables: TableData[] = []
  const want = (t: ReportTable) => wanted.includes(t)
  if (want('hall')) {
    const h = s.hall
    tables.push({
      name: 'hall',
      title: '汇总',
      columns: [
        col('开始日期', 'date'),
        col('结束日期', 'date'),
        ...ticketColumns,
        col('呼叫', 'count'),
        ...waitColumns(''),
        ...handleColumns,
        col('最高同时等候', 'count'),
        col('最高等候时刻', 'datetime'),
        ...satisfactionColumns,
      ],
      rows: [
        [
          s.from,
          s.to,
          ...Object.values(h.tickets),
          h.wait.count,
          ...waitCells(h.wait),
          ...handleCells(h.handling),
          h.peakWaiting.count,
          h.peakWaiting.at,
          ...satisfactionCells(h.satisfaction),
        ],
      ],
    })
  }
  if (want('days')) {
    tables.push({
      name: 'days',
      title: '每日',
      columns: [col('营业日', 'date'), col('已日结', 'text'), col('取号', 'count'), col('办结', 'count'), col('呼叫', 'count'), col('平均等候(分)', 'minutes'), col('服务水平', 'share')],
      rows: s.days.map((d) => [d.businessDay, d.closed ? '是' : '否', d.issued, d.served, d.waits, minutes(d.avgWaitMs), d.serviceLevel]),
    })
  }
  if (want('hours')) {
    tables.push({
      name: 'hours',
      title: '时段',
      columns: [col('时段', 'text'), col('到达', 'count'), col('呼叫', 'count'), col('平均等候(分)', 'minutes'), col('目标内', 'count')],
      rows: s.hall.byHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00-${String((h.hour + 1) % 24).padStart(2, '0')}:00`, h.arrivals, h.waits, minutes(h.avgWaitMs), h.withinTarget]),
    })
  }
  if (want('services')) {
    tables.push({
      name: 'services',
      title: '业务',
      columns: [col('业务编码', 'text'), col('业务名称', 'text'), ...ticketColumns, col('呼叫', 'count'), ...waitColumns(''), ...handleColumns, ...satisfactionColumns],
      rows: s.services.map((x) => [x.serviceId, x.nameZh, ...Object.values(x.tickets), x.wait.count, ...waitCells(x.wait), ...handleCells(x.handling), ...satisfactionCells(x.satisfaction)]),
    })
  }
  if (want('items')) {
    tables.push({
      name: 'items',
      title: '业务事项',
      columns: [col('业务编码', 'text'), col('业务名称', 'text'), col('事项', 'text'), col('笔数', 'count')],
      rows: s.services.flatMap((x) => x.items.map((i) => [x.serviceId, x.nameZh, i.item, i.count])),
    })
  }
  if (want('clerks')) {
    tables.push({
      name: 'clerks',
      title: '营业员',
      columns: [
        col('工号', 'text'),
        col('姓名', 'text'),
        col('办结', 'count'),
        col('平均办理(分)', 'minutes'),
        col('最长办理(分)', 'minutes'),
        col('呼叫', 'count'),
        col('所叫客户平均等候(分)', 'minutes'),
        col('过号', 'count'),
        col('转办', 'count'),
        col('被投诉工单', 'count'),
        col('被投诉-受理', 'count'),
        col('被投诉-处理中', 'count'),
        col('被投诉-已办结', 'count'),
        col('被投诉-已撤销', 'count'),
        ...satisfactionColumns,
        col('登录时长(分)', 'minutes'),
        col('办理时长(分)', 'minutes'),
        col('暂停时长(分)', 'minutes'),
        ...PAUSE_REASONS.map((r) => col(`暂停-${PAUSE_NAMES[r]}(分)`, 'minutes')),
        col('利用率', 'share'),
      ],
      rows: s.clerks.map((c) => [
        c.staffCode,
        c.name,
        c.served,
        minutes(c.handling.avgMs),
        minutes(c.handling.maxMs),
        c.calledWait.count,
        minutes(c.calledWait.avgMs),
        c.noShow,
        c.transferred,
        c.complaints?.taken ?? null,
        c.complaints?.open ?? null,
        c.complaints?.inProgress ?? null,
        c.complaints?.closed ?? null,
        c.complaints?.cancelled ?? null,
        ...satisfactionCells(c.satisfaction),
        minutes(c.loggedInMs),
        minutes(c.servingMs),
        minutes(c.pausedMs),
        ...PAUSE_REASONS.map((r) => minutes(c.pausedByReason[r])),
        c.utilisation,
      ]),
    })
  }
  if (want('counters')) {
    tables.push({
      name: 'counters',
      title: '窗口',
      columns: [col('窗口', 'count'), col('名称', 'text'), col('开启时长(分)', 'minutes'), col('暂停时长(分)', 'minutes'), col('办结', 'count')],
      rows: s.counters.map((c) => [c.counterId, c.name, minutes(c.openMs), minutes(c.pausedMs), c.served]),
    })
  }
  if (want('complaints') && s.complaintCases) {
    const k = s.complaintCases
    const part = (group: string, label: string, c: ComplaintCount): Cell[] => [group, label, c.taken, c.closed, c.closedOnTime, c.closed > 0 ? c.closedOnTime / c.closed : null]
    const none = Array<Cell>(10).fill(null)
    tables.push({
      name: 'complaints',
      title: '投诉工单',
      columns: [
        col('分组', 'text'),
        col('项目', 'text'),
        col('受理', 'count'),
        col('已办结', 'count'),
        col('按时办结', 'count'),
        col('按时办结率', 'share'),
        col('未办结', 'count'),
        col('其中逾期', 'count'),
        col('已撤销', 'count'),
        col('平均首次联系(分)', 'minutes'),
        col('平均办结(分)', 'minutes'),
        col('重开工单', 'count'),
        col('重开次数', 'count'),
        col('满意', 'count'),
        col('基本满意', 'count'),
        col('不满意', 'count'),
      ],
      rows: [
        [
          ...part('合计', `${s.from}–${s.to}`, k),
          k.open,
          k.overdue,
          k.cancelled,
          minutes(k.firstContactAvgMs),
          minutes(k.closureAvgMs),
          k.reopenedCases,
          k.reopenings,
          k.confirmation.satisfied,
          k.confirmation.partly,
          k.confirmation.dissatisfied,
        ],
        ...COMPLAINT_CHANNELS.map((c) => [...part('渠道', CHANNEL_ZH[c], k.byChannel[c]), ...none]),
        ...COMPLAINT_CATEGORIES.map((c) => [...part('分类', CATEGORY_ZH[c], k.byCategory[c]), ...none]),
        ...k.byService.map((x) => [...part('业务', x.name, x), ...none]),
        ...k.byClerk.map((x) => [...part('被投诉营业员', x.staffCode ? `${x.name}(${x.staffCode})` : x.name, x), ...none]),
      ],
    })
  }
  if (want('incidents') && s.incidents) {
    const at = (ms: number | null) => ms
    tables.push({
      name: 'incidents',
      title: '突发事件',
      columns: [
        col('营业日', 'date'),
        col('类型', 'text'),
        col('级别', 'text'),
        col('演练', 'text'),
        col('开始', 'datetime'),
        col('结束', 'datetime'),
        col('持续(分)', 'minutes'),
        col('暂停取号', 'text'),
        col('报告人', 'text'),
        col('广播内容', 'text'),
        col('初步研判', 'text'),
        col('处置措施', 'text'),
        col('结束说明', 'text'),
      ],
      rows: s.incidents.list.map((i) => [
        i.businessDay,
        INCIDENT_KIND_NAMES[i.kind],
        SEVERITY_NAMES[i.severity],
        i.drill ? '演练' : null,
        at(i.startedAt),
        at(i.endedAt),
        i.endedAt === null ? null : minutes(i.endedAt - i.startedAt),
        i.pauseIssuing ? '是' : '否',
        i.reportedBy === '' ? null : i.reportedBy,
        i.message,
        i.assessment === '' ? null : i.assessment,
        i.actions.length === 0 ? null : i.actions.map((a) => a.note).join('；'),
        i.note === '' ? null : i.note,
      ]),
    })
  }
  const day = assessment.day
  if (want('assessment') && day) {
    tables.push({
      name: 'assessment',
      title: '考核',
      columns: [col('营业日', 'date'), col('工号', 'text'), col('姓名', 'text'), ...indicatorColumns(), col(WORDS.quantitative, 'number'), col(WORDS.grade, 'text'), col(TEAMWORK_MARK, 'text'), col('评语', 'text'), col(WORDS.combined, 'number')],
      rows: [
        ...day.clerks.map((c) => [
          day.businessDay,
          c.staffCode,
          c.name,
          ...indicatorCells(c.indicators),
          c.quantitative,
          c.grade === null ? null : GRADE_NAMES[c.grade],
          c.teamwork === null ? null : GRADE_NAMES[c.teamwork],
          c.comment === '' ? null : c.comment,
          c.combined,
        ]),
        [day.businessDay, null, WORDS.team, ...indicatorCells(day.team.indicators), day.team.quantitative, null, null, null, day.team.combined],
      ],
    })
  }
  if (want('weeks')) tables.push(periodTable('weeks', assessment.weeks))
  if (want('months')) tables.push(periodTable('months', assessment.months))
  if (want('checks')) {
    tables.push({
      name: 'checks',
      title: '质检',
      columns: [
        col('营业日', 'date'),
        col('号码', 'text'),
        col('业务编码', 'text'),
        col('工号', 'text'),
        col('营业员', 'text'),
        col('结果', 'text'),
        col('原因', 'text'),
        col('说明', 'text'),
        col('质检人', 'text'),
        col('质检时间', 'datetime'),
      ],
      rows: assessment.checks.map((c) => [
        c.businessDay,
        c.ticketNumber,
        c.serviceId,
        c.staffCode,
        c.name,
        WORDS.checkResults[c.result],
        c.reason === null ? null : WORDS.checkReasons[c.reason],
        c.note === '' ? null : c.note,
        c.checkedByName,
        c.checkedAt,
      ]),
    })
  }
  if (want('followUps')) {
    tables.push({
      name: 'followUps',
      title: '激励与约束',
      columns: [
        col('工号', 'text'),
        col('营业员', 'text'),
        col('周期', 'text'),
        col('开始日期', 'date'),
        col('结束日期', 'date'),
        col('措施', 'text'),
        col('说明', 'text'),
        col('记录人', 'text'),
        col('记录时间', 'datetime'),
      ],
      rows: assessment.followUps.map((x) => [
        x.staffCode,
        x.name,
        WORDS.periods[x.period],
        x.from,
        x.to,
        WORDS.followUpKinds[x.kind],
        x.note === '' ? null : x.note,
        x.byName,
        x.at,
      ]),
    })
  }
  return tables
}

export const RECORD_COLUMNS: Column[] = [
  col('营业日', 'date'),
  col('号码', 'text'),
  col('业务编码', 'text'),
  col('窗口', 'count'),
  col('工号', 'text'),
  col('营业员', 'text'),
  col('进入队列', 'datetime'),
  col('呼叫', 'datetime'),
  col('开始办理', 'datetime'),
  col('结束', 'datetime'),
  col('结果', 'text'),
  col('等候(分)', 'minutes'),
  col('办理(分)', 'minutes'),
  col('呼叫次数', 'count'),
  col('业务事项', 'text'),
  col('评价', 'count'),
  col('评价来源', 'text'),
  col('评价原因', 'text'),
]

/** One row of the records table (明细): every visit of a customer at a counter. */
export function recordRow(r: ServiceRecord & { ticketNumber: string }, clerks: Record<number, { staffCode: string; name: string }>): Cell[] {
  return [
    r.businessDay,
    r.ticketNumber,
    r.serviceId,
    r.counterId,
    clerks[r.clerkId]?.staffCode ?? '',
    clerks[r.clerkId]?.name ?? '',
    r.queuedAt,
    r.calledAt,
    r.startedAt,
    r.endedAt,
    r.outcome === null ? '进行中' : (OUTCOME_NAMES[r.outcome] ?? r.outcome),
    minutes(recordWaitMs(r)),
    minutes(reportedHandleMs(r)),
    r.callCount,
    r.items.length === 0 ? null : r.items.join('、'),
    r.rating,
    r.ratingChannel === null ? null : CHANNEL_NAMES[r.ratingChannel],
    r.ratingReason === null ? null : REASON_NAMES[r.ratingReason],
  ]
}
