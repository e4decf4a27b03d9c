/**
 * Report answers as the hub gives them (src/shared/reports.ts), written out by hand: a small
 * day with two clerks (one without ratings), and an empty day.
 */
import type { ClerkFigures, DayAssessment, ExportJob, HourFigures, ReportSummary, SatisfactionFigures, WaitFigures } from '../../src/shared/reports'
import { DEFAULT_SETTINGS, INDICATORS } from '../../src/shared/settings'

export const DAY = '2026-11-28'
export const MIN = 60_000
const AS_OF = Date.parse('2026-11-28T18:05:00+08:00')

const noWait = (): WaitFigures => ({ count: 0, totalMs: 0, avgMs: null, medianMs: null, p90Ms: null, maxMs: null, withinTarget: 0, aboveTarget: 0, serviceLevel: null })
const noHandling = () => ({ count: 0, totalMs: 0, avgMs: null, medianMs: null, p90Ms: null, maxMs: null })
const tickets = (issued = 0, served = 0, noShow = 0, transferred = 0) => ({ issued, served, noShow, transferred, cancelled: 0, expired: 0, open: 0 })

/** 24 hours from the rollover hour (04:00), with arrivals at 9 and 10. */
function hours(busy: Record<number, Partial<HourFigures>> = {}): HourFigures[] {
  return Array.from({ length: 24 }, (_, i) => {
    const hour = (4 + i) % 24
    return { hour, arrivals: 0, waits: 0, avgWaitMs: null, withinTarget: 0, ...busy[hour] }
  })
}

export function noRatings(): SatisfactionFigures {
  return { ratable: 0, responses: 0, responseRate: null, average: null, satisfied: 0, satisfiedShare: null, byScore: [0, 0, 0, 0], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } }
}

export function clerk(over: Partial<ClerkFigures> & Pick<ClerkFigures, 'clerkId' | 'staffCode' | 'name'>): ClerkFigures {
  return {
    served: 0,
    handling: { count: 0, totalMs: 0, avgMs: null, maxMs: null },
    calledWait: { count: 0, avgMs: null },
    noShow: 0,
    transferred: 0,
    complaints: { taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 },
    satisfaction: { ratable: 0, responses: 0, responseRate: null, average: null, satisfied: 0, satisfiedShare: null, byScore: [0, 0, 0, 0], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
    loggedInMs: 0,
    servingMs: 0,
    pausedMs: 0,
    pausedByReason: { meal: 0, training: 0, backoffice: 0, meeting: 0, other: 0 },
    utilisation: null,
    ...over,
  }
}

export function smallDay(): ReportSummary {
  return {
    from: DAY,
    to: DAY,
    asOf: AS_OF,
    timeZone: 'Asia/Shanghai',
    days: [{ businessDay: DAY, closed: true, issued: 3, served: 2, waits: 3, avgWaitMs: 200_000, serviceLevel: 2 / 3 }],
    hall: {
      tickets: tickets(3, 2, 1, 1),
      wait: { count: 3, totalMs: 600_000, avgMs: 200_000, medianMs: 185_000, p90Ms: 390_000, maxMs: 1_000_000, withinTarget: 2, aboveTarget: 1, serviceLevel: 2 / 3 },
      handling: { count: 2, totalMs: 725_000, avgMs: 362_500, medianMs: 362_500, p90Ms: 400_000, maxMs: 410_000 },
      byHour: hours({ 9: { arrivals: 2, waits: 2, avgWaitMs: 125_000, withinTarget: 2 }, 10: { arrivals: 1, waits: 1, avgWaitMs: 1_000_000, withinTarget: 0 } }),
      peakWaiting: { count: 2, at: Date.parse('2026-11-28T09:05:00+08:00'), businessDay: DAY },
      satisfaction: { ratable: 2, responses: 2, responseRate: 1, average: 3.5, satisfied: 2, satisfiedShare: 1, byScore: [0, 0, 1, 1], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
    },
    services: [
      {
        serviceId: 'MOBILE',
        nameZh: '移动业务',
        nameEn: 'Mobile',
        tickets: tickets(2, 1, 1, 1),
        wait: { count: 2, totalMs: 250_000, avgMs: 125_000, medianMs: 125_000, p90Ms: 175_000, maxMs: 185_000, withinTarget: 2, aboveTarget: 0, serviceLevel: 1 },
        handling: { count: 1, totalMs: 315_000, avgMs: 315_000, medianMs: 315_000, p90Ms: 315_000, maxMs: 315_000 },
        byHour: hours(),
        items: [
          { item: '改套餐', count: 12 },
          { item: '补换卡', count: 3 },
        ],
        satisfaction: { ratable: 1, responses: 1, responseRate: 1, average: 4, satisfied: 1, satisfiedShare: 1, byScore: [0, 0, 0, 1], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
      },
      {
        serviceId: 'COMPLAINT',
        nameZh: '投诉建议',
        nameEn: 'Complaints',
        tickets: tickets(1, 1),
        wait: { count: 1, totalMs: 1_000_000, avgMs: 1_000_000, medianMs: 1_000_000, p90Ms: 1_000_000, maxMs: 1_000_000, withinTarget: 0, aboveTarget: 1, serviceLevel: 0 },
        handling: { count: 1, totalMs: 410_000, avgMs: 410_000, medianMs: 410_000, p90Ms: 410_000, maxMs: 410_000 },
        byHour: hours(),
        items: [],
        satisfaction: { ratable: 1, responses: 1, responseRate: 1, average: 3, satisfied: 1, satisfiedShare: 1, byScore: [0, 0, 1, 0], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
      },
      { serviceId: 'VAS', nameZh: '增值业务', nameEn: 'Value-added', tickets: tickets(), wait: noWait(), handling: noHandling(), byHour: hours(), items: [], satisfaction: noRatings() },
    ],
    clerks: [
      clerk({
        clerkId: 2,
        staffCode: '1001',
        name: '王芳',
        served: 2,
        handling: { count: 2, totalMs: 725_000, avgMs: 362_500, maxMs: 410_000 },
        calledWait: { count: 3, avgMs: 200_000 },
        noShow: 1,
        transferred: 1,
        complaints: { taken: 1, open: 1, inProgress: 0, closed: 0, cancelled: 0 },
        satisfaction: { ratable: 2, responses: 2, responseRate: 1, average: 3.5, satisfied: 2, satisfiedShare: 1, byScore: [0, 0, 1, 1], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
        loggedInMs: 3 * 60 * MIN + 5 * MIN,
        servingMs: 725_000,
        pausedMs: 30 * MIN,
        pausedByReason: { meal: 30 * MIN, training: 0, backoffice: 0, meeting: 0, other: 0 },
        utilisation: 725_000 / (185 * MIN),
      }),
      clerk({ clerkId: 3, staffCode: '1002', name: '李强', loggedInMs: 10 * MIN, utilisation: 0 }),
    ],
    counters: [
      { counterId: 1, name: '1号窗口', openMs: 185 * MIN, pausedMs: 30 * MIN, served: 2 },
      { counterId: 2, name: '2号窗口', openMs: 0, pausedMs: 0, served: 0 },
    ],
    incidents: {
      count: 1,
      bySeverity: { general: 0, major: 1, serious: 0 },
      pausedIssuing: 1,
      durationMs: 25 * MIN,
      drills: 1,
      list: [
        {
          businessDay: DAY,
          kind: 'evacuation',
          severity: 'general',
          drill: true,
          message: '紧急情况，请听从工作人员指引，从最近的安全出口有序撤离。',
          pauseIssuing: false,
          reportedBy: '',
          assessment: '季度消防演练',
          startedAt: AS_OF - 300 * MIN,
          startedBy: 9,
          actions: [],
          endedAt: AS_OF - 290 * MIN,
          endedBy: 9,
          note: '',
        },
        {
          businessDay: DAY,
          kind: 'outage',
          severity: 'major',
          drill: false,
          message: '系统故障，正在抢修。请保留您的号码，工作人员将为您手写登记。',
          pauseIssuing: true,
          reportedBy: '2号窗口 王芳',
          assessment: 'CRM 无法登录，影响全部业务',
          startedAt: AS_OF - 200 * MIN,
          startedBy: 9,
          actions: [{ at: AS_OF - 190 * MIN, by: 9, note: '已报省公司运维' }],
          endedAt: AS_OF - 175 * MIN,
          endedBy: 9,
          note: '系统恢复，手写登记的 6 位客户已补录',
        },
      ],
    },
  }
}

export function emptyDay(day = '2026-11-29'): ReportSummary {
  return {
    from: day,
    to: day,
    asOf: AS_OF,
    timeZone: 'Asia/Shanghai',
    days: [],
    hall: { tickets: tickets(), wait: noWait(), handling: noHandling(), byHour: hours(), peakWaiting: { count: 0, at: null, businessDay: null }, satisfaction: noRatings() },
    services: [{ serviceId: 'MOBILE', nameZh: '移动业务', nameEn: 'Mobile', tickets: tickets(), wait: noWait(), handling: noHandling(), byHour: hours(), items: [], satisfaction: noRatings() }],
    clerks: [],
    counters: [{ counterId: 1, name: '1号窗口', openMs: 0, pausedMs: 0, served: 0 }],
    incidents: { count: 0, bySeverity: { general: 0, major: 0, serious: 0 }, pausedIssuing: 0, durationMs: 0, drills: 0, list: [] },
  }
}

const score = (value: number | null, score: number | null, weight: number) => ({ value, score, weight })

export function assessmentOf(day = DAY, frozen = true): DayAssessment {
  const w = DEFAULT_SETTINGS.assessment.indicators
  return {
    businessDay: day,
    frozen,
    closedAt: frozen ? AS_OF : null,
    settings: DEFAULT_SETTINGS.assessment,
    clerks: [
      {
        clerkId: 2,
        staffCode: '1001',
        name: '王芳',
        indicators: {
          served: score(2, 5, w.served.weight),
          handling: score(0.8, 100, w.handling.weight),
          satisfaction: score(1, 100, w.satisfaction.weight),
          noShow: score(0.5, 50, w.noShow.weight),
          complaints: score(0, 0, w.complaints.weight),
          utilisation: score(0.0653, 9.33, w.utilisation.weight),
          quality: score(null, null, w.quality.weight),
          plan: score(null, null, w.plan.weight),
          teamwork: score(null, null, w.teamwork.weight),
        },
        quantitative: 54.15,
        grade: null,
        teamwork: null,
        comment: '',
        gradedAt: null,
        gradedBy: null,
        combined: null,
        followUps: [],
      },
      {
        clerkId: 3,
        staffCode: '1002',
        name: '李强',
        indicators: {
          served: score(0, 0, w.served.weight),
          handling: score(null, null, w.handling.weight),
          satisfaction: score(null, null, w.satisfaction.weight),
          noShow: score(null, null, w.noShow.weight),
          complaints: score(null, null, w.complaints.weight),
          utilisation: score(0, 0, w.utilisation.weight),
          quality: score(null, null, w.quality.weight),
          plan: score(null, null, w.plan.weight),
          teamwork: score(null, null, w.teamwork.weight),
        },
        quantitative: 0,
        grade: 'fair',
        teamwork: null,
        comment: '上岗时间短',
        gradedAt: AS_OF,
        gradedBy: 9,
        combined: 12,
        followUps: [],
      },
    ],
    team: {
      indicators: Object.fromEntries(INDICATORS.map((k) => [k, score(null, null, w[k].weight)])) as DayAssessment['team']['indicators'],
      quantitative: 27.075,
      combined: 12,
      clerks: 2,
    },
  }
}

export function job(over: Partial<ExportJob> = {}): ExportJob {
  return { id: 'job1', state: 'running', format: 'xlsx', fileName: `营业报表_${DAY}.xlsx`, done: 0, total: 40, bytes: null, error: null, createdAt: AS_OF, ...over }
}
