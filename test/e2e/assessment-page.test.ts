/**
 * The assessment of manual ch. 10.2 on the report page, in real Chromium against the hub's own
 * composition: the manager spot-checks a visit from the day's visit list (质检), sets a clerk's
 * work plan, grades with the teamwork mark, records a follow-up, opens the month and prints the
 * monthly sheet (read back with pdftotext). Every figure on the page is the API's, and the day
 * still equals its recomputation from the event log.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import pino from 'pino'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../src/main/app'
import { ASSESSMENT_WORDS } from '../../src/shared/glossary'
import { INDICATORS } from '../../src/shared/settings'
import type { DayAssessment, PeriodAssessment, VerifyResult, VisitRow } from '../../src/shared/reports'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { launchChromium, SCREENSHOTS, shoot, SIZES, waitText, watchErrors, WAIT } from '../support/browser'
import { TestClock, tempDir } from '../support/hall-fixture'
import { hubClient } from '../support/hub-client'
import { ROOT } from '../support/hub-process'
import { requireProgram } from '../support/requirements'

const PIN = '135790'
const SCENARIO_MS = 300_000
const DAY = '2026-11-28'
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

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent(WAIT)) ?? '').trim()
}

async function openTab(name: string): Promise<void> {
  await page.click(`.n-tabs-tab[data-name=${name}]`)
  await page.waitForSelector(`.n-tabs-tab--active[data-name=${name}]`, WAIT)
}

async function picture(name: string): Promise<void> {
  await page.waitForTimeout(400)
  await shoot(page, name)
}

async function closed(dialog: string): Promise<void> {
  await page.waitForSelector(`[data-test=${dialog}]`, { state: 'detached', timeout: 30_000 })
}

beforeAll(async () => {
  requireProgram('pdftoppm')
  requireProgram('pdftotext')
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-assessment-')
  app = await startHallApp({ dataDir: join(data.dir, 'hall'), port: 0, host: '127.0.0.1', version: 'test', adminPin: PIN, clock: clock.read, logger: pino({ level: 'silent' }) })
  const admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  await ok('saveClerk', { staffCode: '1002', name: '李强', role: 'clerk', active: true, pin: '2222' }, admin)
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

describe('the assessment of 10.2 on the report page', () => {
  it('质检 from the visit list, a plan, a grade with teamwork, a follow-up, the month and its printed sheet', async () => {
    // --- the morning, over the API: 王芳 serves two customers (three business items), 李强 one.
    const wang = (await ok('login', { staffCode: '1001', pin: '1111' })).token
    const li = (await ok('login', { staffCode: '1002', pin: '2222' })).token
    await ok('openCounter', { counterId: 1 }, wang)
    await ok('openCounter', { counterId: 2 }, li)
    const serve = async (hhmm: string, counterId: number, token: string, items: string[]) => {
      clock.now = at(hhmm)
      await ok('issueTicket', { serviceId: 'MOBILE' })
      clock.minutes(1)
      await ok('callNext', { counterId }, token)
      await ok('startService', { counterId }, token)
      clock.minutes(6)
      await ok('finishService', { counterId, items }, token)
    }
    await serve('09:00', 1, wang, ['改套餐', '补换卡'])
    await serve('09:10', 2, li, ['缴费'])
    await serve('09:20', 1, wang, ['缴费'])
    clock.now = at('10:00')
    const visits = await api<VisitRow[]>(`/api/v1/reports/days/${DAY}/visits`)
    const first = visits.find((v) => v.name === '王芳')!
    const wangId = first.clerkId

    // --- the page: today, the visit list, a spot check that fails for incomplete documents
    context = await browser.newContext({ viewport: SIZES.fullHd, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    page = await context.newPage()
    errors = watchErrors(page)
    await page.goto(`${app.url}/reports`)
    await page.fill('input[name=staff-code]', '2001')
    await page.fill('input[name=pin]', '9999')
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=report-figures]', WAIT)
    await openTab('visits')
    const visitRow = `[data-test=table-visits] [data-test=row-${first.recordId}]`
    await waitText(page, `${visitRow} [data-test=cell-check]`, '未质检')
    await page.click(`[data-test=action-${first.recordId}]`)
    await page.waitForSelector('[data-test=check-dialog]', WAIT)
    await page.click('[data-test=check-fail]')
    await page.click('[data-test=check-reason]')
    await page.click('.n-base-select-option:has-text("资料不全")')
    await page.fill('textarea[name=check-note]', '未核对身份证原件')
    await picture('assessment-check-dialog-1920x1080')
    await page.click('[data-test=check-save]')
    await closed('check-dialog')
    await waitText(page, `${visitRow} [data-test=cell-check]`, '不合格资料不全：未核对身份证原件')
    await picture('assessment-visits-1920x1080')

    // --- the assessment: a plan of 4 business items a day, then the grade with teamwork, then praise
    await openTab('assessment')
    const row = `[data-test=table-assessment] [data-test=row-${wangId}]`
    await page.click(`[data-test=plan-${wangId}]`)
    await page.waitForSelector('[data-test=plan-dialog]', WAIT)
    await page.click('[data-test=plan-measure-items]')
    await page.click('[data-test=plan-per-day]')
    await page.fill('input[name=plan-target]', '4')
    await page.press('input[name=plan-target]', 'Tab')
    await page.click('[data-test=plan-save]')
    await closed('plan-dialog')
    // Three items of four: 75%, score 75; one check of one failed: 0.
    await waitText(page, `${row} [data-test=cell-ind-plan]`, '7575%')
    expect(await text(`${row} [data-test=cell-ind-quality]`)).toBe('00%')
    await page.click(`[data-test=action-${wangId}]`)
    await page.waitForSelector('[data-test=grade-dialog]', WAIT)
    await page.click('[data-test=grade-good]')
    await page.click('[data-test=teamwork-excellent]')
    await page.fill('textarea[name=grade-comment]', '业务熟练')
    await page.click('[data-test=grade-save]')
    await closed('grade-dialog')
    // 团队协作 reads as the mark given, with the points it scores under it.
    await waitText(page, `${row} [data-test=cell-ind-teamwork]`, '优秀100 分')
    await page.click(`[data-test=follow-up-${wangId}]`)
    await page.waitForSelector('[data-test=follow-up-dialog]', WAIT)
    await page.click('[data-test=follow-up-coaching]')
    await page.fill('textarea[name=follow-up-note]', '核对证件流程辅导')
    await page.click('[data-test=follow-up-save]')
    await closed('follow-up-dialog')
    const day = await api<DayAssessment>(`/api/v1/reports/days/${DAY}/assessment`)
    const wangDay = day.clerks.find((c) => c.clerkId === wangId)!
    expect(wangDay).toMatchObject({ grade: 'good', teamwork: 'excellent', indicators: { plan: { value: 0.75 }, quality: { value: 0 }, teamwork: { value: 100 } } })
    expect(wangDay.followUps).toMatchObject([{ kind: 'coaching', period: 'day', note: '核对证件流程辅导' }])
    await picture('assessment-day-1920x1080')

    // --- the month: each clerk and the hall, the follow-up listed
    await page.click('[data-test=mode-month]')
    await page.waitForSelector('[data-test=table-period]', WAIT)
    await waitText(page, '[data-test=period-label]', '2026-11 月')
    const month = await api<PeriodAssessment>(`/api/v1/reports/periods/month?day=${DAY}`)
    expect(month).toMatchObject({ from: '2026-11-01', to: '2026-11-30', frozen: false, team: { clerks: 2 } })
    const wangMonth = month.clerks.find((c) => c.clerkId === wangId)!
    const monthRow = `[data-test=table-period] [data-test=row-${wangId}]`
    expect(await text(`${monthRow} [data-test=cell-days]`)).toBe('1')
    expect(await text(`${monthRow} [data-test=cell-followUps]`)).toBe('辅导：核对证件流程辅导')
    const score = (x: number | null) => (x === null ? '—' : String(Math.round(x * 10) / 10))
    expect(await text(`${monthRow} [data-test=cell-quantitative]`)).toBe(score(wangMonth.quantitative))
    expect(await text('[data-test=table-period] [data-test=row-0] [data-test=cell-name]')).toBe(ASSESSMENT_WORDS['zh-CN'].team)
    expect(await text('[data-test=table-period] [data-test=row-0] [data-test=cell-quantitative]')).toBe(score(month.team.quantitative))
    await picture('assessment-month-1920x1080')
    // Every clerk's plan for the month, in one list with its edit button.
    await openTab('plans')
    await waitText(page, `[data-test=table-plans] [data-test=row-${wangId}] [data-test=cell-plan]`, '每日业务笔数 4')
    await picture('assessment-month-plans-1920x1080')
    await openTab('period')

    // --- the month's XLSX: each clerk's month and the hall's row, the weeks it touches, the spot
    // checks and the follow-ups — the figures of the period read, cell by cell.
    await page.click('[data-test=open-export]')
    await page.click('[data-test=export-start]')
    await page.waitForSelector('[data-test=export-download]', WAIT)
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-test=export-download]')])
    expect(download.suggestedFilename()).toBe('营业报表_2026-11-01_2026-11-30.xlsx')
    const file = join(data.dir, 'month.xlsx')
    await download.saveAs(file)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const rowsOf = (name: string) => {
      const sheet = book.getWorksheet(name)!
      const head = (sheet.getRow(1).values as unknown[]).slice(1) as string[]
      return sheet.getSheetValues().slice(2).map((r) => Object.fromEntries(head.map((h, i) => [h, (r as unknown[])[i + 1] ?? null])))
    }
    const zh = ASSESSMENT_WORDS['zh-CN']
    const expectPeriod = (rows: Record<string, unknown>[], p: PeriodAssessment) => {
      const mine = rows.filter((r) => (r['开始日期'] as Date).toISOString().slice(0, 10) === p.from)
      expect(mine.map((r) => r['姓名'])).toEqual([...p.clerks.map((c) => c.name), zh.team])
      for (const [r, c] of mine.map((r, i) => [r, i < p.clerks.length ? p.clerks[i]! : { ...p.team, days: p.team.clerks }] as const)) {
        expect(r['状态']).toBe(p.frozen ? '已冻结' : '进行中')
        expect(r['天数/人数']).toBe(c.days)
        for (const k of INDICATORS) {
          const score = r[zh.scoreOf(zh.indicators[k])] as number | null
          if (c.indicators[k].score === null) expect(score).toBeNull()
          else expect(score).toBeCloseTo(c.indicators[k].score!, 9)
        }
        expect(r[zh.quantitative]).toBeCloseTo(c.quantitative!, 9)
        if (c.combined === null) expect(r[zh.combined]).toBeNull()
        else expect(r[zh.combined]).toBeCloseTo(c.combined, 9)
      }
    }
    expectPeriod(rowsOf('月考核'), month)
    expectPeriod(rowsOf('周考核'), await api<PeriodAssessment>(`/api/v1/reports/periods/week?day=${DAY}`))
    expect(rowsOf('月考核').find((r) => r['姓名'] === '王芳')).toMatchObject({ 激励与约束: '辅导：核对证件流程辅导', 团队协作评定: '优秀' })
    expect(await text(`${monthRow} [data-test=cell-ind-teamwork]`)).toBe('优秀100 分')
    expect(rowsOf('质检')).toEqual([expect.objectContaining({ 号码: first.ticketNumber, 营业员: '王芳', 结果: '不合格', 原因: '资料不全', 说明: '未核对身份证原件' })])
    expect(rowsOf('激励与约束')).toEqual([expect.objectContaining({ 营业员: '王芳', 周期: '日', 措施: '辅导', 说明: '核对证件流程辅导' })])
    await page.keyboard.press('Escape')

    // --- the printed monthly sheet, with its signature lines
    // The browser's print dialog is Chromium's own; the layout is printed to PDF below instead.
    await page.evaluate(() => ((globalThis as any).print = () => undefined))
    await page.click('[data-test=print]')
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('[data-test=period-print-layout]')?.textContent ?? '').includes('打印时间'), null, WAIT)
    await page.emulateMedia({ media: 'print' })
    expect(await page.isVisible('[data-test=period-print-layout]')).toBe(true)
    expect(await page.isVisible('[data-test=table-period]')).toBe(false)
    // 团队协作 printed as the mark, its points under it (the cell's two lines).
    expect(await page.locator('[data-test=print-period] tbody tr', { hasText: '王芳' }).locator('td').last().textContent()).toBe('优秀100 分')
    await page.emulateMedia({ media: null })
    const pdf = join(SCREENSHOTS, 'assessment-month-print.pdf')
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true })
    execFileSync(requireProgram('pdftoppm'), ['-png', '-r', '90', pdf, join(SCREENSHOTS, 'assessment-month-print')])
    expect(readdirSync(SCREENSHOTS).filter((f) => /^assessment-month-print-\d+\.png$/.test(f)).length).toBeGreaterThanOrEqual(1)
    const printed = execFileSync(requireProgram('pdftotext'), ['-layout', pdf, '-']).toString()
    const flat = printed.replace(/\s+/g, '')
    expect(flat).toContain('月度考核表')
    expect(flat).toContain('考核期间：2026-11-01至2026-11-30')
    expect(flat).toContain('王芳')
    expect(flat).toContain('李强')
    expect(flat).toContain(ASSESSMENT_WORDS['zh-CN'].team)
    for (const w of ['工作质量合格率', '工作计划完成率', '团队协作', '激励与约束']) expect(flat).toContain(w)
    expect(flat).toContain('优秀')
    expect(flat).toContain('100分')
    expect(flat).toContain('辅导：核对证件流程辅导')
    for (const sign of ['值班经理（签字）', '营业员确认（签字）', '营业厅负责人（签字）']) expect(flat).toContain(sign)
    expect(printed).not.toMatch(/NaN|Infinity|undefined/)

    // --- the same month in English
    await page.click('[data-test=lang-en-US]')
    await waitText(page, '[data-test=period-label]', 'Month 2026-11')
    expect(await text('[data-test=table-period] [data-test=row-0] [data-test=cell-name]')).toBe(ASSESSMENT_WORDS['en-US'].team)
    expect(await text(`${monthRow} [data-test=cell-followUps]`)).toBe('Coaching: 核对证件流程辅导')
    await picture('assessment-month-en-1920x1080')
    await page.setViewportSize(SIZES.laptop)
    await picture('assessment-month-en-1366x768')

    // The day still equals its recomputation from the event log, the manager's marks included.
    const verify = await api<VerifyResult>(`/api/v1/reports/days/${DAY}/verify`)
    expect(verify.differences).toEqual([])
    expect(verify.equal).toBe(true)
    expect((await page.textContent('body')) ?? '').not.toMatch(/NaN|Infinity|undefined/)
    expect(errors).toEqual([])
  }, SCENARIO_MS)
})
