import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { evolve } from '../../../src/shared/hall-state'
import type { PeriodAssessment } from '../../../src/shared/reports'
import { DEFAULT_SETTINGS, INDICATORS } from '../../../src/shared/settings'
import type { ReportChartOption } from '../../../src/renderer/src/stores/reports/charts'
import { EXPORT_POLL_MS } from '../../../src/renderer/src/stores/reports'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import ManagerView from '../../../src/renderer/src/views/ManagerView.vue'
import ReportsView from '../../../src/renderer/src/views/ReportsView.vue'
import { seededState } from '../../support/pure-hall'
import { assessmentOf, DAY, emptyDay, job, smallDay } from '../reports-fixture'
import type { FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

// happy-dom has no canvas: the charts show what they were given instead (the e2e test draws them).
const charts: { title: string; option: ReportChartOption | null }[] = []
const ChartStub = defineComponent({
  props: { title: { type: String, required: true }, option: { type: Object, default: null }, empty: { type: String, required: true } },
  setup(props) {
    return () => {
      charts.push({ title: props.title, option: props.option as ReportChartOption | null })
      return h('figure', { class: 'chart-stub' }, [h('figcaption', props.title), props.option ? h('span', 'chart') : h('p', props.empty)])
    }
  },
})

let transport: FakeTransport
let wrapper: VueWrapper
const manager = { id: 9, staffCode: 'm9', name: '张经理', role: 'manager' as const, active: true }

beforeEach(() => {
  localStorage.clear()
  charts.length = 0
  ;({ transport } = setup())
  const state = evolve(seededState(), [{ type: 'clerkSaved', at: 0, clerk: manager }]).state
  transport.connect(10, state)
  transport.readReplies.set('reportDays', () => ({ today: DAY, closed: [{ businessDay: '2026-11-27', closedAt: Date.parse('2026-11-27T18:02:00+08:00') }] }))
  transport.readReplies.set('reportSummary', (args) => (args.day === '2026-11-27' ? emptyDay('2026-11-27') : smallDay()))
  transport.readReplies.set('reportAssessment', (args) => (args.day === '2026-11-27' ? { ...assessmentOf('2026-11-27'), clerks: [] } : assessmentOf(DAY, false)))
  transport.readReplies.set('reportVisits', () => [])
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
  vi.useRealTimers()
})

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await flush()
}

function asManager(): void {
  localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'mtok', clerk: manager }))
}

async function openTab(name: string): Promise<void> {
  await wrapper.get(`.n-tabs-tab[data-name=${name}]`).trigger('click')
  await settle()
}

describe('ReportsView', () => {
  it('asks for a manager or admin account', async () => {
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'c', clerk: { id: 1, staffCode: 'c1', name: 'c1', role: 'clerk', active: true } }))
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    expect(wrapper.text()).toContain('此页面需要值班经理或管理员账号')
    expect(transport.reads).toEqual([])
  })

  it('shows today: the hall’s figures, the three charts, live status — and no NaN anywhere', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    expect(wrapper.get('[data-test=fig-issued] .f-value').text()).toBe('3')
    expect(wrapper.get('[data-test=fig-avgWait] .f-value').text()).toBe('3分20秒')
    expect(wrapper.get('[data-test=fig-avgWait] .f-detail').text()).toBe('等候中位数 3分05秒')
    expect(wrapper.get('[data-test=fig-serviceLevel] .f-value').text()).toBe('66.7%')
    expect(wrapper.get('[data-test=fig-serviceLevel] .f-detail').text()).toBe('超过目标 1 人')
    expect(wrapper.get('[data-test=report-status]').text()).toContain('未日结 · 实时统计')
    expect(wrapper.get('[data-test=report-status]').text()).toContain('统计截至 18:05')
    expect(charts.slice(-3).map((c) => [c.title, c.option !== null])).toEqual([
      ['各时段取号与平均等候', true],
      ['各业务服务达标率', true],
      ['各营业员满意率', true],
    ])
    expect(document.body.textContent).not.toMatch(/NaN|Infinity|undefined/)
  })

  it('tables per clerk, service, counter and hour, sortable', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    await openTab('clerks')
    const clerks = wrapper.get('[data-test=table-clerks]')
    expect(clerks.get('[data-test=row-2] [data-test=cell-avgHandling]').text()).toBe('6分03秒')
    expect(clerks.get('[data-test=row-3] [data-test=cell-satisfiedShare]').text()).toBe('—')
    expect(clerks.get('[data-test=row-2] [data-test=cell-paused]').text()).toBe('30分00秒用餐 30分00秒')
    await openTab('services')
    expect(wrapper.get('[data-test=table-services] [data-test=row-MOBILE] [data-test=cell-items]').text()).toBe('改套餐 ×12、补换卡 ×3')
    // Sorting by the figure, not its text: the longest average wait first (16 min, then 2 min),
    // the service without waits last; once more, the other way round.
    const header = wrapper.findAll('[data-test=table-services] th').find((t) => t.text().startsWith('平均等候'))!
    await header.trigger('click')
    await settle()
    const order = () => wrapper.findAll('[data-test=table-services] tbody tr').map((r) => r.attributes('data-test'))
    expect(order()).toEqual(['row-COMPLAINT', 'row-MOBILE', 'row-VAS'])
    await header.trigger('click')
    await settle()
    expect(order()).toEqual(['row-VAS', 'row-MOBILE', 'row-COMPLAINT'])
    await openTab('counters')
    expect(wrapper.get('[data-test=table-counters] [data-test=row-1] [data-test=cell-openTime]').text()).toBe('3小时05分')
    await openTab('hours')
    expect(wrapper.findAll('[data-test=table-hours] [data-test=cell-hour]').map((c) => c.text())).toEqual(['09:00–10:00', '10:00–11:00'])
  }, 15_000)

  it('the incidents and drills of the day, with their record', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    expect(wrapper.get('.n-tabs-tab[data-name=incidents]').text()).toBe('突发事件 2')
    await openTab('incidents')
    expect(wrapper.get('[data-test=incidents-summary]').text()).toBe('突发事件 1 起（重大 0，较大 1），累计 25分00秒；演练 1 次')
    const rows = wrapper.findAll('[data-test=table-incidents] tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.get('[data-test=cell-kind]').text()).toBe('紧急疏散 · 演练')
    expect(rows[1]!.get('[data-test=cell-severity]').text()).toBe('较大')
    expect(rows[1]!.get('[data-test=cell-reportedBy]').text()).toBe('2号窗口 王芳')
    expect(rows[1]!.get('[data-test=cell-actions]').text()).toContain('已报省公司运维')
    expect(rows[1]!.get('[data-test=cell-note]').text()).toBe('系统恢复，手写登记的 6 位客户已补录')
  })

  it('the assessment: indicators, score and grade; the manager grades a clerk', async () => {
    asManager()
    transport.replies.set('gradeClerk', (p) => ({ grade: { ...p, gradedAt: 1, gradedBy: 9 } }))
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    await openTab('assessment')
    const row = () => wrapper.get('[data-test=table-assessment] [data-test=row-2]')
    expect(row().get('[data-test=cell-ind-satisfaction]').text()).toBe('100100%')
    expect(row().get('[data-test=cell-quantitative]').text()).toBe('54.2')
    expect(row().get('[data-test=cell-grade]').text()).toBe('未评定')
    expect(wrapper.get('[data-test=assessment-note]').text()).toContain('今天尚未日结')
    const graded = assessmentOf(DAY, false)
    graded.clerks[0] = { ...graded.clerks[0]!, grade: 'good', comment: '耐心细致', combined: 59.32 }
    transport.readReplies.set('reportAssessment', () => graded)
    await row().get('[data-test=action-2]').trigger('click')
    await settle()
    const dialog = document.querySelector('[data-test=grade-dialog]') as HTMLElement
    expect(dialog.textContent).toContain('评定：王芳')
    expect(dialog.textContent).toContain('定量得分 54.2')
    ;(dialog.querySelector('[data-test=grade-good] input') as HTMLInputElement).click()
    ;(dialog.querySelector('[data-test=teamwork-excellent] input') as HTMLInputElement).click()
    const comment = dialog.querySelector('textarea[name=grade-comment]') as HTMLTextAreaElement
    comment.value = '耐心细致'
    comment.dispatchEvent(new Event('input'))
    await settle()
    ;(dialog.querySelector('[data-test=grade-save]') as HTMLButtonElement).click()
    await settle()
    expect(transport.sent.at(-1)).toEqual({ name: 'gradeClerk', payload: { businessDay: DAY, clerkId: 2, grade: 'good', teamwork: 'excellent', comment: '耐心细致' }, token: 'mtok' })
    expect(row().get('[data-test=cell-grade]').text()).toBe('良好')
    expect(row().get('[data-test=cell-combined]').text()).toBe('59.3')
    expect(document.body.textContent).toContain('已评定 王芳：良好')
  })

  it('the plans of a month: every clerk, with figures or not, settable while it runs and not once frozen', async () => {
    asManager()
    const none = Object.fromEntries(INDICATORS.map((k) => [k, { value: null, score: null, weight: 10 }]))
    const month = (frozen: boolean): PeriodAssessment => ({
      period: 'month',
      from: '2026-11-01',
      to: '2026-11-30',
      frozen,
      closedAt: null,
      settings: { ...DEFAULT_SETTINGS.assessment, plans: [{ clerkId: 2, measure: 'items', per: 'day', target: 4 }] },
      clerks: [],
      team: { indicators: none as PeriodAssessment['team']['indicators'], quantitative: null, combined: null, clerks: 0 },
    })
    transport.readReplies.set('reportPeriod', () => month(false))
    transport.replies.set('setClerkPlan', (p) => ({ plan: { clerkId: p.clerkId, ...p.plan } }))
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    ;(wrapper.get('[data-test=mode-month] input').element as HTMLInputElement).click()
    await settle()
    await openTab('plans')
    // The month has no figures yet, and still every active clerk is listed with the plan in force.
    expect(wrapper.get('[data-test=table-plans] [data-test=row-2] [data-test=cell-plan]').text()).toBe('每日业务笔数 4')
    expect(wrapper.get('[data-test=table-plans] [data-test=row-3] [data-test=cell-plan]').text()).toBe('无计划')
    // The seeded clerks, but for id 9, which this hall gave to the manager.
    const active = Object.values(seededState().clerks).filter((c) => c.role === 'clerk' && c.active && c.id !== manager.id)
    expect(wrapper.findAll('[data-test=table-plans] [data-test=cell-staffCode]').map((x) => x.text())).toEqual(active.map((c) => c.staffCode).sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true })))
    expect(wrapper.get('[data-test=plans-note]').text()).toContain('自当前营业日起计分')
    await wrapper.get('[data-test=table-plans] [data-test=action-3]').trigger('click')
    await settle()
    const dialog = document.querySelector('[data-test=plan-dialog]') as HTMLElement
    ;(dialog.querySelector('[data-test=plan-per-month] input') as HTMLInputElement).click()
    const target = dialog.querySelector('input[name=plan-target]') as HTMLInputElement
    target.value = '300'
    target.dispatchEvent(new Event('input'))
    target.dispatchEvent(new Event('blur'))
    await settle()
    ;(dialog.querySelector('[data-test=plan-save]') as HTMLButtonElement).click()
    await settle()
    expect(transport.sent.at(-1)).toEqual({ name: 'setClerkPlan', payload: { clerkId: 3, plan: { measure: 'served', per: 'month', target: 300 } }, token: 'mtok' })

    // A frozen month shows the plans it was closed with, and they cannot be changed from here.
    transport.readReplies.set('reportPeriod', () => month(true))
    await wrapper.get('[data-test=refresh]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=plans-note]').text()).toContain('本期已冻结')
    expect(wrapper.get('[data-test=table-plans] [data-test=action-3]').attributes('disabled')).toBeDefined()
  })

  it('a closed, empty day: frozen, "—" for every time and share, no NaN, and says there was nothing', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    expect(wrapper.text()).toContain(`${DAY}（今天，未日结）`)
    const select = wrapper.findComponent({ name: 'Select' })
    expect(select.props('options')).toEqual([
      { label: `${DAY}（今天，未日结）`, value: DAY },
      { label: '2026-11-27（18:02 已日结）', value: '2026-11-27' },
    ])
    select.vm.$emit('update:value', '2026-11-27')
    await settle()
    expect(wrapper.get('[data-test=report-status]').text()).toContain('已日结 · 考核已冻结')
    expect(wrapper.get('[data-test=report-empty]').text()).toBe('所选日期没有营业数据')
    for (const key of ['avgWait', 'p90Wait', 'serviceLevel', 'avgHandling']) expect(wrapper.get(`[data-test=fig-${key}] .f-value`).text()).toBe('—')
    expect(charts.slice(-3).map((c) => c.option)).toEqual([null, null, null])
    expect(wrapper.text()).toContain('暂无数据')
    await openTab('assessment')
    expect(wrapper.get('[data-test=table-assessment]').text()).toContain('当天没有营业员上岗')
    expect(document.body.textContent).not.toMatch(/NaN|Infinity|undefined/)
  })

  it('exports with a progress bar and a download link', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    vi.useFakeTimers()
    transport.exportReply = () => job()
    const answers = [job({ done: 10 }), job({ state: 'done', done: 40, bytes: 12_800 })]
    transport.readReplies.set('exportJob', () => answers.shift())
    await wrapper.get('[data-test=open-export]').trigger('click')
    await vi.advanceTimersByTimeAsync(0)
    ;(document.querySelector('[data-test=export-start]') as HTMLButtonElement).click()
    await vi.advanceTimersByTimeAsync(0)
    expect(transport.exportsStarted.at(-1)).toEqual({ request: { format: 'xlsx', from: DAY, to: DAY }, token: 'mtok' })
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS)
    expect(document.querySelector('[data-test=export-progress]')!.textContent).toContain('正在导出：10 / 40 行')
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS)
    const link = document.querySelector('[data-test=export-download]') as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe('http://hub/api/v1/reports/exports/job1/file')
    expect(link.getAttribute('download')).toBe(`营业报表_${DAY}.xlsx`)
    expect(link.textContent).toBe(`下载 营业报表_${DAY}.xlsx（12.5 KB）`)
  })

  it('in the desktop app the finished export is saved through main', async () => {
    asManager()
    transport.fileUrls = false
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    transport.exportReply = () => job({ state: 'done', done: 40, bytes: 100 })
    await wrapper.get('[data-test=open-export]').trigger('click')
    await settle()
    ;(document.querySelector('[data-test=export-csv] input') as HTMLInputElement).click()
    await settle()
    ;(document.querySelector('[data-test=export-start]') as HTMLButtonElement).click()
    await settle()
    expect(transport.exportsStarted.at(-1)!.request).toEqual({ format: 'csv', from: DAY, to: DAY, tables: ['clerks'] })
    expect(document.querySelector('[data-test=export-download]')).toBeNull()
    ;(document.querySelector('[data-test=export-save]') as HTMLButtonElement).click()
    await settle()
    expect(transport.saved).toEqual(['job1'])
    expect(document.body.textContent).toContain(`已保存：/home/manager/营业报表_${DAY}.xlsx`)
  })

  it('prints the day’s assessment and summary from a print layout of its own', async () => {
    asManager()
    wrapper = mountView(ReportsView, { ReportChart: ChartStub })
    await settle()
    await wrapper.get('[data-test=print]').trigger('click')
    await settle()
    expect(transport.printed).toEqual([`日终考核_${DAY}.pdf`])
    const printout = wrapper.get('[data-test=print-layout]')
    expect(printout.classes()).toContain('print-only')
    expect(printout.text()).toContain('日终考核表')
    expect(printout.text()).toContain(`营业日：${DAY}`)
    expect(printout.get('[data-test=print-assessment]').text()).toContain('王芳')
    expect(printout.text()).toContain('当日尚未日结')
    expect(printout.text()).toContain('移动业务：改套餐 ×12、补换卡 ×3')
    expect(printout.text()).not.toMatch(/NaN|Infinity|undefined/)
  })
})

describe('ManagerView', () => {
  it('links to the report page', async () => {
    asManager()
    wrapper = mountView(ManagerView)
    await settle()
    expect(wrapper.get('[data-test=open-reports]').attributes('href')).toBe('/reports')
    expect(wrapper.get('[data-test=open-reports]').text()).toBe('日终考核 / 报表')
  })
})
