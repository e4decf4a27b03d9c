import type { ClerkAssessment } from '../../../src/shared/reports'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enUS } from '../../../src/renderer/src/locales/en-US'
import { zhCN } from '../../../src/renderer/src/locales/zh-CN'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { EXPORT_POLL_MS, useReportsStore } from '../../../src/renderer/src/stores/reports'
import { chartTexts, hourlyChart, satisfactionChart, serviceLevelChart } from '../../../src/renderer/src/stores/reports/charts'
import {
  activeHours,
  assessmentColumns,
  marksText,
  clerkColumns,
  compareFigures,
  counterColumns,
  hourColumns,
  serviceColumns,
  type ReportColumn,
} from '../../../src/renderer/src/stores/reports/columns'
import { reportFormat } from '../../../src/renderer/src/stores/reports/format'
import { sessionKey, useSessionStore } from '../../../src/renderer/src/stores/session'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { seededState } from '../../support/pure-hall'
import { assessmentOf, DAY, emptyDay, job, MIN, smallDay } from '../reports-fixture'
import { FakeTransport } from '../support'

const f = reportFormat(zhCN)
const en = reportFormat(enUS)
const texts = <Row>(columns: ReportColumn<Row>[], row: Row) => Object.fromEntries(columns.map((c) => [c.key, c.text(row)]))

describe('report figures as people read them', () => {
  it('durations in minutes and seconds, hours past an hour; never raw milliseconds', () => {
    expect(f.duration(0)).toBe('0秒')
    expect(f.duration(45_400)).toBe('45秒')
    expect(f.duration(65_400)).toBe('1分05秒')
    expect(f.duration(362_500)).toBe('6分03秒')
    expect(f.duration(3 * 3600_000 + 5 * MIN + 40_000)).toBe('3小时05分')
    expect(en.duration(362_500)).toBe('6m 03s')
    expect(en.duration(3 * 3600_000 + 5 * MIN)).toBe('3h 05m')
  })

  it('shares as percent with at most one decimal, scores and averages', () => {
    expect(f.percent(2 / 3)).toBe('66.7%')
    expect(f.percent(1)).toBe('100%')
    expect(f.percent(0)).toBe('0%')
    expect(f.score(54.15)).toBe('54.2')
    expect(f.score(80)).toBe('80')
    expect(f.average(3.5)).toBe('3.50')
    expect(f.ofStandard(0.8)).toBe('标准的 80%')
    expect(en.ofStandard(1.25)).toBe('125% of standard')
    // a very short handling time reads as a share of the standard, never "0.02 倍"
    expect(f.ofStandard(0.02)).toBe('标准的 2%')
    expect(f.minutes(125_000)).toBe(2.08)
  })

  it('"—" for nothing to measure, and for anything that is not a finite number', () => {
    for (const bad of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect([f.duration(bad), f.percent(bad), f.count(bad), f.score(bad), f.average(bad), f.ofStandard(bad)]).toEqual(['—', '—', '—', '—', '—', '—'])
      expect(f.minutes(bad)).toBeNull()
    }
  })
})

describe('report tables', () => {
  const s = smallDay()

  it('per clerk: counts, times, ratings, pauses by reason; a clerk without ratings shows —', () => {
    const columns = clerkColumns(zhCN, f)
    expect(texts(columns, s.clerks[0]!)).toEqual({
      staffCode: '1001',
      name: '王芳',
      served: '2',
      avgHandling: '6分03秒',
      maxHandling: '6分50秒',
      calledWait: '3分20秒',
      noShow: '1',
      transferred: '1',
      complaints: '1',
      responses: '2 / 2',
      average: '3.50',
      satisfiedShare: '100%',
      loggedIn: '3小时05分',
      serving: '12分05秒',
      paused: '30分00秒',
      utilisation: '6.5%',
    })
    const detail = (key: string, row = s.clerks[0]!) => columns.find((c) => c.key === key)!.detail!(row)
    expect(detail('paused')).toBe('用餐 30分00秒')
    expect(detail('complaints')).toBe('受理 1 · 处理中 0 · 已办结 0')
    expect(detail('responses')).toBe('参评率 100%')
    expect(texts(columns, s.clerks[1]!)).toMatchObject({ served: '0', avgHandling: '—', calledWait: '—', responses: '0 / 0', average: '—', satisfiedShare: '—', utilisation: '0%' })
    expect(detail('responses', s.clerks[1]!)).toBe('')
  })

  it('per service, with the business items counted; per counter; per hour of the day that had customers', () => {
    const services = serviceColumns(zhCN, f, 'zh-CN')
    expect(texts(services, s.services[0]!)).toMatchObject({ service: '移动业务', issued: '2', serviceLevel: '100%', avgWait: '2分05秒', items: '改套餐 ×12、补换卡 ×3' })
    expect(texts(services, s.services[2]!)).toMatchObject({ service: '增值业务', issued: '0', avgWait: '—', serviceLevel: '—', items: '—' })
    expect(texts(serviceColumns(enUS, en, 'en-US'), s.services[0]!)).toMatchObject({ service: 'Mobile', items: '改套餐 ×12, 补换卡 ×3' })
    expect(texts(counterColumns(zhCN, f), s.counters[0]!)).toEqual({ counter: '1号窗口', openTime: '3小时05分', pausedTime: '30分00秒', served: '2' })
    const hours = activeHours(s.hall.byHour)
    expect(hours.map((h) => h.hour)).toEqual([9, 10])
    expect(hours.map((h) => texts(hourColumns(zhCN, f), h))).toEqual([
      { hour: '09:00–10:00', arrivals: '2', calls: '2', avgWait: '2分05秒', withinTarget: '2', serviceLevel: '100%' },
      { hour: '10:00–11:00', arrivals: '1', calls: '1', avgWait: '16分40秒', withinTarget: '0', serviceLevel: '0%' },
    ])
    expect(activeHours(emptyDay().hall.byHour)).toEqual([])
  })

  it('the assessment: score with the measured value under it, the weight in the header', () => {
    const a = assessmentOf()
    const columns = assessmentColumns(zhCN, f, a)
    expect(columns.find((c) => c.key === 'ind-satisfaction')).toMatchObject({ title: '满意率', subtitle: '权重 25' })
    expect(columns.map((c) => c.key).slice(0, 5)).toEqual(['staffCode', 'name', 'quantitative', 'grade', 'combined'])
    expect(texts(columns, a.clerks[0]!)).toMatchObject({ 'ind-served': '5', 'ind-handling': '100', quantitative: '54.2', grade: '未评定', combined: '—' })
    const detail = (key: string, row = a.clerks[0]!) => columns.find((c) => c.key === key)!.detail!(row)
    expect([detail('ind-served'), detail('ind-handling'), detail('ind-satisfaction'), detail('ind-utilisation')]).toEqual(['2', '标准的 80%', '100%', '6.5%'])
    expect(texts(columns, a.clerks[1]!)).toMatchObject({ 'ind-satisfaction': '—', grade: '一般', combined: '12' })
    expect(detail('comment', a.clerks[1]!)).toBe('上岗时间短')
  })

  it('团队协作 reads as the mark the manager gave, its points under it only where it is scored', () => {
    const a = assessmentOf()
    const marked: ClerkAssessment = { ...a.clerks[0]!, teamwork: 'good', indicators: { ...a.clerks[0]!.indicators, teamwork: { value: 80, score: 80, weight: 10 } } }
    const day = { ...a, clerks: [marked, a.clerks[1]!] }
    const cell = (d: typeof day, row = marked) => {
      const c = assessmentColumns(zhCN, f, d).find((x) => x.key === 'ind-teamwork')!
      return [c.text(row), c.detail!(row)]
    }
    expect(cell(day)).toEqual(['良好', '80 分'])
    expect(cell(day, a.clerks[1]!)).toEqual(['—', ''])
    // Switched off (weight 0): the mark is still shown, its points are not.
    const off = { ...day, settings: { ...day.settings, indicators: { ...day.settings.indicators, teamwork: { weight: 0 } } } }
    expect(cell(off)).toEqual(['良好', ''])
    const en = assessmentColumns(enUS, reportFormat(enUS), day).find((x) => x.key === 'ind-teamwork')!
    expect([en.text(marked), en.detail!(marked)]).toEqual(['Good', '80 points'])
    // A period: the marks of its days, and their mean points.
    expect(marksText({ excellent: 2, good: 1, fair: 0 }, zhCN)).toBe('优秀×2 · 良好')
    expect(marksText({ excellent: 0, good: 0, fair: 0 }, zhCN)).toBe('—')
    expect(marksText(null, zhCN)).toBe('—')
  })

  it('sorts by the figure, not by its text, with nothing-to-measure first', () => {
    const values = [362_500, null, 65_000, 3_600_000]
    expect([...values].sort(compareFigures)).toEqual([null, 65_000, 362_500, 3_600_000])
    expect(['10号窗口', '2号窗口', '1号窗口'].sort(compareFigures)).toEqual(['1号窗口', '2号窗口', '10号窗口'])
    expect(compareFigures(Number.NaN, 1)).toBeLessThan(0)
  })
})

describe('report charts', () => {
  it('arrivals and average wait per hour, for the hours that had customers', () => {
    const option = hourlyChart(smallDay(), zhCN, f)!
    expect(option.xAxis).toMatchObject({ data: ['09:00', '10:00'] })
    const [bars, line] = option.series as { data: unknown[]; name: string }[]
    expect(bars).toMatchObject({ name: '取号人数', data: [2, 1] })
    expect(line).toMatchObject({ name: '平均等候（分钟）', data: [2.08, 16.67] })
  })

  it('service level per service that had customers, as percent; "—" where nobody was called', () => {
    const option = serviceLevelChart(smallDay(), zhCN, 'zh-CN')!
    expect(option.yAxis).toMatchObject({ data: ['投诉建议', '移动业务'] })
    expect((option.series as { data: unknown[] }[])[0]!.data).toEqual([0, 100])
    const uncalled = smallDay()
    uncalled.services[2]!.tickets.issued = 1
    const withUncalled = serviceLevelChart(uncalled, zhCN, 'zh-CN')!
    expect(withUncalled.yAxis).toMatchObject({ data: ['增值业务', '投诉建议', '移动业务'] })
    expect(chartTexts(withUncalled).slice(3)).toEqual(['—', '0', '100'])
  })

  it('satisfaction per clerk: ratings stacked by score, the share in the label', () => {
    const option = satisfactionChart(smallDay(), zhCN, f)!
    expect(option.yAxis).toMatchObject({ data: ['李强  —', '王芳  100%'] })
    const series = option.series as { name: string; data: number[] }[]
    expect(series.map((x) => [x.name, x.data])).toEqual([
      ['非常满意', [0, 1]],
      ['满意', [0, 1]],
      ['一般', [0, 0]],
      ['不满意', [0, 0]],
    ])
  })

  it('an empty day draws nothing (the page says 暂无数据) and no chart ever carries NaN', () => {
    const empty = emptyDay()
    expect([hourlyChart(empty, zhCN, f), serviceLevelChart(empty, zhCN, 'zh-CN'), satisfactionChart(empty, zhCN, f)]).toEqual([null, null, null])
    const all = [hourlyChart(smallDay(), zhCN, f), serviceLevelChart(smallDay(), zhCN, 'zh-CN'), satisfactionChart(smallDay(), zhCN, f)].flatMap(chartTexts)
    expect(all.length).toBeGreaterThan(10)
    expect(all.filter((t) => /NaN|Infinity|undefined/.test(t))).toEqual([])
  })
})

describe('the reports store', () => {
  let transport: FakeTransport

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    transport = new FakeTransport()
    useHallStore().start(transport)
    transport.connect(10, seededState())
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'mtok', clerk: { id: 9, staffCode: 'm9', name: '张经理', role: 'manager', active: true } }))
    useSessionStore().configure(sessionKey('t1', 'manager'), localStorage)
    transport.readReplies.set('reportDays', () => ({ today: DAY, closed: [{ businessDay: '2026-11-27', closedAt: 1 }] }))
    transport.readReplies.set('reportSummary', (args) => (args.day === '2026-11-29' ? emptyDay() : smallDay()))
    transport.readReplies.set('reportAssessment', (args) => assessmentOf(args.day))
    transport.readReplies.set('reportVisits', () => [])
  })
  afterEach(() => vi.useRealTimers())

  it('starts on today, reading the summary and the assessment with the manager’s token', async () => {
    const reports = useReportsStore()
    await reports.loadDays()
    expect(reports.day).toBe(DAY)
    await reports.load()
    expect(transport.reads.map((r) => [r.name, r.args, r.token])).toEqual([
      ['reportDays', {}, 'mtok'],
      ['reportSummary', { day: DAY }, 'mtok'],
      ['reportAssessment', { day: DAY }, 'mtok'],
      ['reportVisits', { day: DAY }, 'mtok'],
    ])
    expect(reports.summary?.hall.tickets.issued).toBe(3)
    expect(reports.assessment?.businessDay).toBe(DAY)
    expect(reports.oneDay).toBe(true)
    expect(reports.empty).toBe(false)
  })

  it('opens with the figures before the assessment has come, and reads once however often it is opened', async () => {
    const reports = useReportsStore()
    let answer: (value: unknown) => void = () => undefined
    transport.readReplies.set('reportAssessment', () => new Promise((resolve) => (answer = resolve)))
    const opened = reports.open()
    void reports.open()
    await vi.waitFor(() => expect(reports.summary?.hall.tickets.issued).toBe(3))
    expect(reports.loading).toBe(false)
    expect(reports.assessment).toBeNull()
    answer(assessmentOf(DAY))
    await opened
    expect(reports.assessment?.businessDay).toBe(DAY)
    expect(transport.reads.map((r) => r.name)).toEqual(['reportDays', 'reportSummary', 'reportAssessment', 'reportVisits'])
  })

  it('a range reads the summary of the range only; an empty day is said to be empty', async () => {
    const reports = useReportsStore()
    await reports.showRange('2026-11-30', '2026-11-01')
    expect(transport.reads.at(-1)).toMatchObject({ name: 'reportSummary', args: { from: '2026-11-01', to: '2026-11-30' } })
    expect(transport.reads.some((r) => r.name === 'reportAssessment')).toBe(false)
    expect(reports.assessment).toBeNull()
    await reports.showDay('2026-11-29')
    expect(reports.empty).toBe(true)
  })

  it('an answer for a day no longer chosen is dropped', async () => {
    let release!: () => void
    transport.readReplies.set('reportSummary', (args) =>
      args.day === '2026-11-27' ? new Promise((r) => (release = () => r(smallDay()))) : emptyDay(args.day),
    )
    const reports = useReportsStore()
    const slow = reports.showDay('2026-11-27')
    await reports.showDay('2026-11-29')
    release()
    await slow
    expect(reports.summary?.from).toBe('2026-11-29')
    expect(reports.day).toBe('2026-11-29')
  })

  it('a refusal is kept as the error (the page says it); a stale token logs the page out', async () => {
    transport.readReplies.set('reportSummary', () => {
      throw new HallError('FORBIDDEN')
    })
    const reports = useReportsStore()
    await reports.showDay(DAY)
    expect(reports.error).toMatchObject({ code: 'FORBIDDEN' })
    expect(reports.summary).toBeNull()
    transport.readReplies.set('reportSummary', () => {
      throw new HallError('UNAUTHENTICATED')
    })
    await reports.load()
    expect(useSessionStore().loggedIn).toBe(false)
  })

  it('grades a clerk with the audited command, then shows the hub’s combined result', async () => {
    const reports = useReportsStore()
    await reports.showDay(DAY)
    transport.replies.set('gradeClerk', (p) => ({ grade: { ...p, gradedAt: 1, gradedBy: 9 } }))
    const graded = assessmentOf()
    graded.clerks[0] = { ...graded.clerks[0]!, grade: 'excellent', comment: '服务热情', combined: 63.32 }
    transport.readReplies.set('reportAssessment', () => graded)
    await reports.grade(2, 'excellent', '  服务热情 ')
    expect(transport.sent.at(-1)).toEqual({ name: 'gradeClerk', payload: { businessDay: DAY, clerkId: 2, grade: 'excellent', teamwork: null, comment: '服务热情' }, token: 'mtok' })
    expect(reports.assessment?.clerks[0]).toMatchObject({ grade: 'excellent', combined: 63.32 })
  })

  it('follows an export job to the end, then offers its file', async () => {
    vi.useFakeTimers()
    const reports = useReportsStore()
    await reports.showDay(DAY)
    transport.exportReply = () => job()
    const answers = [job({ done: 20 }), job({ state: 'done', done: 40, bytes: 9000 })]
    transport.readReplies.set('exportJob', () => answers.shift())
    await reports.startExport({ format: 'xlsx' })
    expect(transport.exportsStarted).toEqual([{ request: { format: 'xlsx', from: DAY, to: DAY }, token: 'mtok' }])
    expect(reports.exporting).toBe(true)
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS)
    expect(reports.exportJob?.done).toBe(20)
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS)
    expect(reports.exportJob).toMatchObject({ state: 'done', bytes: 9000 })
    expect(reports.exporting).toBe(false)
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS * 3)
    expect(transport.reads.filter((r) => r.name === 'exportJob')).toHaveLength(2)
    expect(reports.exportFileUrl()).toBe('http://hub/api/v1/reports/exports/job1/file')
    expect(await reports.saveExport()).toBe(`/home/manager/营业报表_${DAY}.xlsx`)
    expect(reports.exportSavedPath).toBe(`/home/manager/营业报表_${DAY}.xlsx`)
  })

  it('an export that cannot start, or whose progress cannot be read, says why', async () => {
    vi.useFakeTimers()
    const reports = useReportsStore()
    await reports.showDay(DAY)
    transport.exportReply = () => {
      throw new HallError('TOO_MANY_EXPORTS')
    }
    await reports.startExport({ format: 'csv', tables: ['clerks'] })
    expect(reports.exportError).toMatchObject({ code: 'TOO_MANY_EXPORTS' })
    transport.exportReply = () => job()
    transport.readReplies.set('exportJob', () => {
      throw new HallError('OFFLINE')
    })
    await reports.startExport({ format: 'xlsx' })
    expect(reports.exportError).toBeNull()
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS)
    expect(reports.exportError).toMatchObject({ code: 'OFFLINE' })
  })

  it('prints through the transport with the day’s file name', async () => {
    const reports = useReportsStore()
    await reports.print('日终考核_2026-11-28.pdf')
    expect(transport.printed).toEqual(['日终考核_2026-11-28.pdf'])
  })
})
