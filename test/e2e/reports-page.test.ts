/**
 * The manager's report page in real Chromium against the hub's own composition
 * (startHallApp, serving the renderer build). The hub runs in this process on a hand-moved
 * clock, so the scripted day has real minutes — waits, handling times, an hour by hour
 * picture — played over the HTTP API: a transfer, a no-show, a pause, ratings (and a clerk
 * without any), closed by the manager. The page's figures are checked against the API's
 * numbers, the charts drawn, a clerk graded, the XLSX downloaded and read back, the empty
 * day shown with "—", and the print layout rendered to A4.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import pino from 'pino'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../src/main/app'
import { ASSESSMENT_WORDS } from '../../src/shared/glossary'
import type { ClosedDays, DayAssessment, ReportSummary } from '../../src/shared/reports'
import { INDICATORS } from '../../src/shared/settings'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { pageWeights } from '../../scripts/page-weights'
import { launchChromium, SCREENSHOTS, shoot, SIZES, watchErrors } from '../support/browser'
import { TestClock, tempDir } from '../support/hall-fixture'
import { hubClient } from '../support/hub-client'
import { ROOT } from '../support/hub-process'
import { requireProgram } from '../support/requirements'

const PIN = '135790'
const WAIT = { timeout: 30_000 }
const SCENARIO_MS = 360_000
const DAY = '2026-11-28'
const NEXT_DAY = '2026-11-29'
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`)

let app: HallApp
let data: { dir: string; remove(): void }
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
let manager: string
const clock = new TestClock(at('08:50'))

const { ok, read } = hubClient(() => app.url)
const api = <T>(path: string): Promise<T> => read<T>(path, manager)

// The page's figures, formatted here on their own (docs: minutes and seconds, percent, —).
const DASH = '—'
const pad = (n: number) => String(n).padStart(2, '0')
function duration(ms: number | null): string {
  if (ms === null) return DASH
  const total = Math.round(ms / 1000)
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60]
  return h > 0 ? `${h}小时${pad(m)}分` : m > 0 ? `${m}分${pad(s)}秒` : `${s}秒`
}
function percent(x: number | null): string {
  if (x === null) return DASH
  const v = Math.round(x * 1000) / 10
  return `${Number.isInteger(v) ? v : v.toFixed(1)}%`
}
function score(x: number | null): string {
  if (x === null) return DASH
  const v = Math.round(x * 10) / 10
  return Number.isInteger(v) ? String(v) : v.toFixed(1)
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent(WAIT)) ?? '').trim()
}

async function waitText(selector: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => ((globalThis as any).document.querySelector(sel)?.textContent ?? '').trim() === want,
    [selector, expected] as const,
    WAIT,
  )
}

async function openTab(name: string): Promise<void> {
  await page.click(`.n-tabs-tab[data-name=${name}]`)
  await page.waitForSelector(`.n-tabs-tab--active[data-name=${name}]`, WAIT)
}

/** A picture once the tab bar and dialogs have finished moving. */
async function picture(name: string): Promise<void> {
  await page.waitForTimeout(400)
  await shoot(page, name)
}

async function chooseDay(day: string): Promise<void> {
  await page.click('[data-test=day-select]')
  await page.click(`.n-base-select-option:has-text("${day}")`)
  // The status comes with the assessment, which arrives together with the summary.
  await waitText('[data-test=report-status] .n-tag', day === DAY ? '已日结 · 考核已冻结' : '未日结 · 实时统计')
}

/** How much of a chart's canvas is painted (share of pixels not blank). */
async function painted(chart: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = (globalThis as any).document.querySelector(`${sel} canvas`)
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data as Uint8ClampedArray
    let inked = 0
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked += 1
    return inked / (pixels.length / 4)
  }, chart)
}

beforeAll(async () => {
  // The printed page is read back with poppler-utils: say so now, not after the whole day.
  requireProgram('pdftoppm')
  requireProgram('pdftotext')
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-reports-')
  app = await startHallApp({ dataDir: join(data.dir, 'hall'), port: 0, host: '127.0.0.1', version: 'test', adminPin: PIN, clock: clock.read, logger: pino({ level: 'silent' }) })
  const admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  await ok('saveClerk', { staffCode: '1002', name: '李强', role: 'clerk', active: true, pin: '2222' }, admin)
  await ok('saveClerk', { staffCode: '1003', name: '赵敏', role: 'clerk', active: true, pin: '3333' }, admin)
  await ok('saveClerk', { staffCode: '2001', name: '张经理', role: 'manager', active: true, pin: '9999' }, admin)
  manager = (await ok('login', { staffCode: '2001', pin: '9999' })).token
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await browser?.close()
  await app?.close()
  data?.remove()
})

describe('the report page', () => {
  it('is its own chunk: ECharts reaches the report page and no other screen, and only after its figures', () => {
    const weights = pageWeights(join(ROOT, 'out', 'renderer'))
    const assets = join(ROOT, 'out', 'renderer', 'assets')
    const code = (f: string) => readFileSync(join(assets, f), 'utf8')
    const carriesECharts = (files: string[]) => files.some((f) => f.endsWith('.js') && code(f).includes('CanvasPainter'))
    const byView = Object.fromEntries(weights.map((w) => [w.view, w]))
    // Every screen in src/renderer/src/views is its own page; none loads ECharts before it shows.
    const views = readdirSync(join(ROOT, 'src', 'renderer', 'src', 'views')).filter((f) => f.endsWith('.vue')).map((f) => f.slice(0, -4)).sort()
    expect(views).toContain('ReportsView')
    expect(Object.keys(byView).sort()).toEqual(views)
    for (const view of views) expect(carriesECharts(byView[view]!.files), view).toBe(false)
    // The report page imports its charts when it draws them: ECharts and its renderer, in chunks of their own.
    const names = readdirSync(assets)
    const charts = names.filter((f) => /^(ReportChart|zrender)-[\w-]+\.js$/.test(f))
    expect(charts).toHaveLength(2)
    expect(carriesECharts(charts)).toBe(true)
    const report = names.find((f) => /^ReportsView-.*\.js$/.test(f))!
    for (const chunk of charts) expect(code(report)).toContain(chunk)
    for (const view of views.filter((v) => v !== 'ReportsView')) for (const f of byView[view]!.files) for (const chunk of charts) expect(code(f).includes(chunk), `${view}: ${f}`).toBe(false)
    // Only what the report draws: bar and line on canvas, no pie, map or SVG renderer.
    const chartCode = charts.map(code).join('\n')
    for (const unused of ['PieView', 'GeoView', 'SVGPainter', 'DataZoomModel']) expect(chartCode.includes(unused), unused).toBe(false)
  })

  it('a scripted day, closed by the manager, read on the page exactly as the API counts it', async () => {
    // --- the day, over the API
    const wang = (await ok('login', { staffCode: '1001', pin: '1111' })).token
    const li = (await ok('login', { staffCode: '1002', pin: '2222' })).token
    const zhao = (await ok('login', { staffCode: '1003', pin: '3333' })).token
    await ok('openCounter', { counterId: 1 }, wang)
    await ok('openCounter', { counterId: 5 }, li)
    await ok('openCounter', { counterId: 2 }, zhao)
    const issue = async (hhmm: string, serviceId: string) => {
      clock.now = at(hhmm)
      return (await ok('issueTicket', { serviceId })).ticket.number as string
    }
    const serve = async (hhmm: string, counterId: number, token: string, startAfterMin: number, handleMin: number, items: string[], rating: number | null) => {
      clock.now = at(hhmm)
      const called = (await ok('callNext', { counterId }, token)).ticket.number as string
      clock.minutes(startAfterMin)
      await ok('startService', { counterId }, token)
      clock.minutes(handleMin)
      const done = await ok('finishService', { counterId, items }, token)
      if (rating !== null) await ok('rateService', { recordId: done.record.id, score: rating })
      return called
    }
    // Nine o'clock: four customers; time only moves forward, one step after another.
    await issue('09:00', 'MOBILE')
    await issue('09:01', 'MOBILE')
    await issue('09:02', 'PAYMENT')
    await issue('09:03', 'MOBILE')
    await serve('09:04', 1, wang, 1, 6, ['改套餐', '补换卡'], 4)
    // Counter 2 calls, recalls, and nobody comes: a no-show.
    clock.now = at('09:12')
    await ok('callNext', { counterId: 2 }, zhao)
    clock.now = at('09:14')
    await ok('recall', { counterId: 2 }, zhao)
    clock.now = at('09:16')
    await ok('noShow', { counterId: 2 }, zhao)
    // Counter 1 starts a customer who turns out to have a complaint: transferred to counter 5.
    clock.now = at('09:17')
    await ok('callNext', { counterId: 1 }, wang)
    clock.minutes(1)
    await ok('startService', { counterId: 1 }, wang)
    clock.minutes(2)
    await ok('transfer', { counterId: 1, toServiceId: 'COMPLAINT', toCounterId: 5, note: '对账单扣费有异议' }, wang)
    clock.now = at('09:21')
    await ok('callNext', { counterId: 5 }, li)
    clock.minutes(1)
    await ok('startService', { counterId: 5 }, li)
    clock.minutes(10)
    const complaint = await ok(
      'finishService',
      { counterId: 5, items: ['投诉受理'], complaint: { category: 'service', summary: '套餐扣费有误，要求退费', followUp: 'open' } },
      li,
    )
    await ok('rateService', { recordId: complaint.record.id, score: 2 })
    await serve('09:33', 1, wang, 1, 5, ['缴费'], 3)
    // Ten o'clock: more customers, a clerk without ratings, a lunch break.
    await issue('10:00', 'MOBILE')
    await issue('10:01', 'BROADBAND')
    await issue('10:01', 'CONSULT')
    await serve('10:02', 2, zhao, 1, 9, ['改套餐'], null)
    await serve('10:13', 1, wang, 1, 8, ['业务咨询'], 4)
    await serve('10:23', 2, zhao, 1, 14, ['宽带新装'], null)
    clock.now = at('10:39')
    await ok('pauseCounter', { counterId: 1, reason: 'meal' }, wang)
    await issue('10:40', 'MOBILE')
    clock.now = at('11:09')
    await ok('resumeCounter', { counterId: 1 }, wang)
    await serve('11:10', 1, wang, 1, 7, ['改套餐'], 4)
    await issue('11:20', 'VAS')
    // An outage in the afternoon, reported by the clerk at counter 2, handled and closed; then a
    // fire drill. The printed day lists both.
    clock.now = at('14:00')
    await ok('startEmergency', { kind: 'outage', severity: 'major', message: '系统故障，请稍候', reportedBy: '李强（2号窗口）', assessment: '核心系统无响应' }, manager)
    clock.now = at('14:10')
    await ok('addIncidentAction', { note: '改为手工登记' }, manager)
    clock.now = at('14:40')
    await ok('endEmergency', { note: '系统恢复，补录完毕' }, manager)
    clock.now = at('16:00')
    await ok('startEmergency', { kind: 'evacuation', severity: 'general', message: '消防演练', reportedBy: '张经理', drill: true }, manager)
    clock.now = at('16:15')
    await ok('endEmergency', { note: '演练结束，疏散用时4分钟' }, manager)
    clock.now = at('18:00')
    const closed = await ok('closeDay', {}, manager)
    expect(closed).toMatchObject({ businessDay: DAY, nextBusinessDay: NEXT_DAY })
    clock.now = at('18:05')

    const summary = await api<ReportSummary>(`/api/v1/reports/summary?day=${DAY}`)
    const assessment = await api<DayAssessment>(`/api/v1/reports/days/${DAY}/assessment`)
    expect(summary.hall.tickets).toMatchObject({ issued: 9, noShow: 1, transferred: 1 })
    expect(assessment.frozen).toBe(true)
    expect(await api<ClosedDays>('/api/v1/reports/days')).toMatchObject({ today: NEXT_DAY, closed: [{ businessDay: DAY }] })

    // --- the page: the manager logs in; it opens on today, which is empty
    context = await browser.newContext({ viewport: SIZES.fullHd, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true })
    page = await context.newPage()
    errors = watchErrors(page)
    await page.goto(`${app.url}/reports`)
    await page.fill('input[name=staff-code]', '2001')
    await page.fill('input[name=pin]', '9999')
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=report-figures]', WAIT)
    await waitText('[data-test=report-empty]', '所选日期没有营业数据')
    expect(await text('[data-test=fig-issued] .f-value')).toBe('0')
    for (const key of ['avgWait', 'p90Wait', 'serviceLevel', 'avgHandling']) expect(await text(`[data-test=fig-${key}] .f-value`), key).toBe(DASH)
    expect(await page.locator('[data-test=chart-hourly] canvas').count()).toBe(0)
    await openTab('assessment')
    await page.waitForSelector('[data-test=table-assessment]', WAIT)
    for (const tab of ['clerks', 'services', 'counters', 'hours']) await openTab(tab)
    const emptyText = (await page.textContent('body')) ?? ''
    expect(emptyText).not.toMatch(/NaN|Infinity|undefined/)
    await openTab('overview')
    await picture('reports-empty-day-1920x1080')

    // --- the closed day, as the API counts it
    await chooseDay(DAY)
    const h = summary.hall
    expect(await text('[data-test=fig-issued] .f-value')).toBe(String(h.tickets.issued))
    expect(await text('[data-test=fig-served] .f-value')).toBe(String(h.tickets.served))
    expect(await text('[data-test=fig-noShow] .f-value')).toBe(`${h.tickets.noShow} / ${h.tickets.transferred}`)
    expect(await text('[data-test=fig-avgWait] .f-value')).toBe(duration(h.wait.avgMs))
    expect(await text('[data-test=fig-avgWait] .f-detail')).toBe(`等候中位数 ${duration(h.wait.medianMs)}`)
    expect(await text('[data-test=fig-p90Wait] .f-value')).toBe(duration(h.wait.p90Ms))
    expect(await text('[data-test=fig-serviceLevel] .f-value')).toBe(percent(h.wait.serviceLevel))
    expect(await text('[data-test=fig-avgHandling] .f-value')).toBe(duration(h.handling.avgMs))
    expect(await text('[data-test=fig-peakWaiting] .f-value')).toBe(String(h.peakWaiting.count))
    expect(h.wait.avgMs).toBeGreaterThan(60_000)

    // The charts are drawn: a canvas each, with ink on it.
    for (const chart of ['chart-hourly', 'chart-service-level', 'chart-satisfaction']) {
      await page.waitForSelector(`[data-test=${chart}] canvas`, WAIT)
      await expect.poll(() => painted(`[data-test=${chart}]`), { timeout: 10_000 }).toBeGreaterThan(0.01)
    }
    await picture('reports-overview-1920x1080')
    await page.setViewportSize(SIZES.laptop)
    await picture('reports-overview-1366x768')
    await page.setViewportSize(SIZES.fullHd)

    // Per clerk, per service, per counter, per hour: each figure as the API has it.
    await openTab('clerks')
    for (const c of summary.clerks) {
      const row = `[data-test=table-clerks] [data-test=row-${c.clerkId}]`
      expect(await text(`${row} [data-test=cell-name]`)).toBe(c.name)
      expect(await text(`${row} [data-test=cell-served]`)).toBe(String(c.served))
      expect(await text(`${row} [data-test=cell-avgHandling]`)).toBe(duration(c.handling.avgMs))
      expect(await text(`${row} [data-test=cell-calledWait]`)).toBe(duration(c.calledWait.avgMs))
      expect(await text(`${row} [data-test=cell-noShow]`)).toBe(String(c.noShow))
      expect(await text(`${row} [data-test=cell-satisfiedShare]`)).toBe(percent(c.satisfaction.satisfiedShare))
      expect(await text(`${row} [data-test=cell-utilisation]`)).toBe(percent(c.utilisation))
      expect(await text(`${row} [data-test=cell-loggedIn] .main`)).toBe(duration(c.loggedInMs))
    }
    const zhaoFigures = summary.clerks.find((c) => c.name === '赵敏')!
    expect(zhaoFigures.satisfaction.responses).toBe(0)
    expect(await text(`[data-test=table-clerks] [data-test=row-${zhaoFigures.clerkId}] [data-test=cell-average]`)).toBe(DASH)
    const wangFigures = summary.clerks.find((c) => c.name === '王芳')!
    expect(await text(`[data-test=table-clerks] [data-test=row-${wangFigures.clerkId}] [data-test=cell-paused] .detail`)).toBe(`用餐 ${duration(wangFigures.pausedByReason.meal)}`)
    await picture('reports-clerks-1920x1080')

    await openTab('services')
    for (const s of summary.services.filter((x) => x.tickets.issued > 0)) {
      const row = `[data-test=table-services] [data-test=row-${s.serviceId}]`
      expect(await text(`${row} [data-test=cell-issued]`)).toBe(String(s.tickets.issued))
      expect(await text(`${row} [data-test=cell-avgWait]`)).toBe(duration(s.wait.avgMs))
      expect(await text(`${row} [data-test=cell-serviceLevel]`)).toBe(percent(s.wait.serviceLevel))
      expect(await text(`${row} [data-test=cell-items]`)).toBe(s.items.length ? s.items.map((i) => `${i.item} ×${i.count}`).join('、') : DASH)
    }
    expect(await text('[data-test=table-services] [data-test=row-MOBILE] [data-test=cell-items]')).toMatch(/^改套餐 ×3、/)
    await openTab('counters')
    for (const c of summary.counters) {
      expect(await text(`[data-test=table-counters] [data-test=row-${c.counterId}] [data-test=cell-openTime]`)).toBe(duration(c.openMs))
      expect(await text(`[data-test=table-counters] [data-test=row-${c.counterId}] [data-test=cell-served]`)).toBe(String(c.served))
    }
    await openTab('hours')
    const busy = h.byHour.filter((x) => x.arrivals > 0 || x.waits > 0)
    expect(await page.locator('[data-test=table-hours] [data-test=cell-hour]').allTextContents()).toEqual(
      h.byHour.slice(h.byHour.indexOf(busy[0]!), h.byHour.indexOf(busy.at(-1)!) + 1).map((x) => `${pad(x.hour)}:00–${pad((x.hour + 1) % 24)}:00`),
    )
    expect(await text('[data-test=table-hours] [data-test=row-9] [data-test=cell-arrivals]')).toBe(String(h.byHour.find((x) => x.hour === 9)!.arrivals))

    // --- the assessment, frozen with the day; the manager grades 王芳
    await openTab('assessment')
    const wangRow = `[data-test=table-assessment] [data-test=row-${wangFigures.clerkId}]`
    const wangScore = assessment.clerks.find((c) => c.clerkId === wangFigures.clerkId)!
    expect(await text(`${wangRow} [data-test=cell-quantitative]`)).toBe(score(wangScore.quantitative))
    expect(await text(`${wangRow} [data-test=cell-ind-satisfaction] .main`)).toBe(score(wangScore.indicators.satisfaction.score))
    expect(await text(`${wangRow} [data-test=cell-ind-satisfaction] .detail`)).toBe(percent(wangScore.indicators.satisfaction.value))
    expect(await text(`${wangRow} [data-test=cell-grade]`)).toBe('未评定')
    expect(await text('[data-test=assessment-note]')).toContain('按日结时的指标设置计分')
    await page.click(`[data-test=action-${wangFigures.clerkId}]`)
    await page.waitForSelector('[data-test=grade-dialog]', WAIT)
    await page.click('[data-test=grade-excellent]')
    await page.fill('textarea[name=grade-comment]', '服务热情，业务熟练')
    await page.click('[data-test=grade-save]')
    await waitText(`${wangRow} [data-test=cell-grade]`, '优秀')
    await page.waitForSelector('[data-test=grade-dialog]', { state: 'detached', timeout: 30_000 })
    const graded = await api<DayAssessment>(`/api/v1/reports/days/${DAY}/assessment`)
    const stored = graded.clerks.find((c) => c.clerkId === wangFigures.clerkId)!
    expect(stored).toMatchObject({ grade: 'excellent', comment: '服务热情，业务熟练', gradedBy: expect.any(Number) })
    expect(await text(`${wangRow} [data-test=cell-combined]`)).toBe(score(stored.combined))
    expect(stored.combined).not.toBeNull()
    await picture('reports-assessment-1920x1080')
    await page.setViewportSize(SIZES.laptop)
    await picture('reports-assessment-1366x768')
    await page.setViewportSize(SIZES.fullHd)

    // --- export to XLSX: progress, a download link, a file with numbers as numbers
    await page.click('[data-test=open-export]')
    await page.click('[data-test=export-start]')
    await page.waitForSelector('[data-test=export-download]', WAIT)
    await picture('reports-export-1920x1080')
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-test=export-download]')])
    expect(download.suggestedFilename()).toBe(`营业报表_${DAY}.xlsx`)
    const file = join(data.dir, 'report.xlsx')
    await download.saveAs(file)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['汇总', '营业员', '业务', '考核']))
    const sheet = book.getWorksheet('营业员')!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    const wangLine = sheet.getSheetValues().find((r) => Array.isArray(r) && r.includes('王芳')) as unknown[]
    expect(wangLine[headers.indexOf('办结') + 1]).toBe(wangFigures.served)
    expect(wangLine[headers.indexOf('平均办理(分)') + 1]).toBeCloseTo(wangFigures.handling.avgMs! / 60_000, 6)
    const graded2 = book.getWorksheet('考核')!
    const gradedLine = graded2.getSheetValues().find((r) => Array.isArray(r) && r.includes('王芳')) as unknown[]
    expect(gradedLine).toContain('优秀')
    // The sheet names the indicators and scores as the screens do (src/shared/glossary.ts).
    const sheetHeads = (graded2.getRow(1).values as unknown[]).slice(1)
    const words = ASSESSMENT_WORDS['zh-CN']
    expect(sheetHeads).toEqual(expect.arrayContaining([...INDICATORS.filter((k) => k !== 'handling').map((k) => words.indicators[k]), words.handlingOfStandard, ...INDICATORS.map((k) => words.scoreOf(words.indicators[k])), words.quantitative, words.grade, words.combined]))
    await page.keyboard.press('Escape')

    // --- the printed assessment: A4, rendered as the browser prints it
    await openTab('overview')
    await page.evaluate(() => ((globalThis as any).print = () => undefined))
    await page.click('[data-test=print]')
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('[data-test=print-layout]')?.textContent ?? '').includes('打印时间'), null, WAIT)
    const pdf = join(SCREENSHOTS, 'reports-print.pdf')
    // On A4 portrait (190 mm between the margins, 718 CSS px) no table is wider than the sheet,
    // in either language: the nine indicators' headers wrap rather than push past the paper's edge.
    for (const lang of ['en-US', 'zh-CN']) {
      await page.click(`[data-test=lang-${lang}]`)
      await page.emulateMedia({ media: 'print' })
      await page.setViewportSize({ width: 718, height: 1000 })
      const widths = await page.evaluate(() => {
        const sheet = (globalThis as any).document.querySelector('[data-test=print-layout]')
        const left = sheet.getBoundingClientRect().left
        return { sheet: sheet.scrollWidth, tables: [...sheet.querySelectorAll('table')].map((t: any) => Math.ceil(t.getBoundingClientRect().right - left)) }
      })
      expect(widths.sheet, lang).toBeLessThanOrEqual(718)
      for (const right of widths.tables) expect(right, lang).toBeLessThanOrEqual(718)
      await page.setViewportSize(SIZES.fullHd)
      await page.emulateMedia({ media: null })
    }
    await page.emulateMedia({ media: 'print' })
    expect(await page.isVisible('[data-test=print-layout]')).toBe(true)
    expect(await page.isVisible('[data-test=report-figures]')).toBe(false)
    await page.emulateMedia({ media: null })
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true })
    execFileSync(requireProgram('pdftoppm'), ['-png', '-r', '90', pdf, join(SCREENSHOTS, 'reports-print')])
    const pages = readdirSync(SCREENSHOTS).filter((f) => /^reports-print-\d+\.png$/.test(f))
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(pages.length).toBeLessThanOrEqual(2)
    const printed = execFileSync(requireProgram('pdftotext'), ['-layout', pdf, '-']).toString()
    expect(printed).toContain('日终考核表')
    expect(printed).toContain(`营业日：${DAY}`)
    expect(printed).toContain('王芳')
    expect(printed).toContain('服务热情，业务熟练')
    for (const w of [words.quantitative, words.combined, ...INDICATORS.map((k) => words.indicators[k])]) expect(printed.replace(/\s+/g, '')).toContain(w)
    // The day's incidents and drills: who reported, kind, severity, start and end, actions, closing note.
    const flat = printed.replace(/\s+/g, '')
    for (const w of ['突发事件与演练', '突发事件1起（重大0，较大1），累计40分00秒；演练1次', '系统故障', '较大', '李强（2号窗口）', '核心系统无响应', '14:10改为手工登记', '系统恢复，补录完毕', '紧急疏散·演练', '演练结束，疏散用时4分钟', '结束14:40'])
      expect(flat).toContain(w)
    expect(printed).not.toMatch(/NaN|Infinity|undefined/)

    // --- a range: both days, summed by the hub; the day-by-day table
    await page.click('[data-test=mode-range]')
    const ends = page.locator('[data-test=range-picker] input')
    await ends.nth(0).fill(DAY)
    await ends.nth(1).fill(NEXT_DAY)
    await ends.nth(1).press('Enter')
    await page.keyboard.press('Escape')
    const range = await api<ReportSummary>(`/api/v1/reports/summary?from=${DAY}&to=${NEXT_DAY}`)
    await waitText('[data-test=report-status] .as-of', `共 ${range.days.length} 个营业日有数据`)
    expect(await text('[data-test=fig-issued] .f-value')).toBe(String(range.hall.tickets.issued))
    expect(await text('[data-test=fig-avgWait] .f-value')).toBe(duration(range.hall.wait.avgMs))
    expect(await page.locator('.n-tabs-tab[data-name=assessment]').count()).toBe(0)
    await openTab('days')
    expect(await page.locator('[data-test=table-days] [data-test=cell-businessDay]').allTextContents()).toEqual(range.days.map((d) => d.businessDay))

    // --- the same page in English
    await page.click('[data-test=lang-en-US]')
    await openTab('overview')
    await waitText('.bar h1', 'Daily assessment and reports')
    await page.setViewportSize(SIZES.laptop)
    await picture('reports-range-en-1366x768')

    expect((await page.textContent('body')) ?? '').not.toMatch(/NaN|Infinity|undefined/)
    expect(errors).toEqual([])
  }, SCENARIO_MS)
})
