/**
 * 投诉工单 end to end in Chromium, against the hub's own composition (startHallApp, serving the
 * renderer build) on a hand-moved clock: a complaint taken at the counter, assigned, called back
 * and closed by the manager on the 投诉工单 page; a case taken by phone that its subject may not
 * close (the translated refusal on screen); a deadline that passes shows on the manager's live
 * view; the case and its figures in the report and the XLSX; and the complaint text nowhere a
 * paired display or kiosk can see it, nor in clear in the database file, its WAL or a backup.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import pino from 'pino'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../src/main/app'
import { TERMINAL_COOKIE } from '../../src/shared/terminals'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { launchChromium, login, openOnline, shoot, waitText, WAIT } from '../support/browser'
import { TestClock, tempDir } from '../support/hall-fixture'
import { ROOT } from '../support/hub-process'

const PIN = '135790'
const DAY = '2026-11-30'
const HOUR = 3_600_000
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`)
const SUMMARY = '宽带装机拖了三天客户要求赔偿QXZ1'
const SOLUTION = '减免一个月宽带月费并明日上门QXZ2'
const REMARK = '已电话联系客户确认诉求QXZ3'
const NOTE = '客户接受方案希望提前告知QXZ4'
const PHONE_SUMMARY = '电话投诉值班经理态度生硬QXZ5'
const TEXTS = ['QXZ1', 'QXZ2', 'QXZ3', 'QXZ4', 'QXZ5', 'QXZ7', '宽带装机拖了三天', '减免一个月宽带月费', '已电话联系客户', '值班经理态度生硬']

let app: HallApp
let data: { dir: string; remove(): void }
let browser: Browser
let admin: string
let manager: string
const clock = new TestClock(at('09:00'))

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null, text }
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
async function ok(name: string, body: unknown, token?: string): Promise<any> {
  const res = await call('POST', `/api/v1/commands/${name}`, body, token ? bearer(token) : {})
  expect(res.status, `${name} ${res.text}`).toBe(200)
  return res.body
}
const clerkId = (staffCode: string) => Object.values(app.hall.state.clerks).find((c) => c.staffCode === staffCode)!.id

async function picture(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400)
  await shoot(page, name)
}

/** Picks an option of a Naive UI select by its label. */
async function choose(page: Page, select: string, label: string): Promise<void> {
  await page.click(`${select} .n-base-selection`)
  await page.click(`.n-base-select-option:has-text("${label}")`)
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-complaints-')
  app = await startHallApp({ dataDir: join(data.dir, 'hall'), port: 0, host: '127.0.0.1', version: 'test', adminPin: PIN, clock: clock.read, logger: pino({ level: 'silent' }) })
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  await ok('saveClerk', { staffCode: '1002', name: '李强', role: 'clerk', active: true, pin: '2222' }, admin)
  await ok('saveClerk', { staffCode: '2001', name: '张经理', role: 'manager', active: true, pin: '9999' }, admin)
  manager = (await ok('login', { staffCode: '2001', pin: '9999' })).token
  browser = await launchChromium()
}, 360_000)

afterAll(async () => {
  await browser?.close()
  await app?.close()
  data?.remove()
})

describe('complaint cases in the browser', () => {
  it('taken at the counter, assigned, called back and closed on the 投诉工单 page; a passed deadline on the live view', { timeout: 360_000 }, async () => {
    // --- A service at counter 1 by 王芳; during it the customer complains about 李强, on the counter's screen.
    const wang = (await ok('login', { staffCode: '1001', pin: '1111' })).token
    await ok('openCounter', { counterId: 1 }, wang)
    await ok('issueTicket', { serviceId: 'MOBILE' })
    await ok('callNext', { counterId: 1 }, wang)
    await ok('startService', { counterId: 1 }, wang)
    clock.minutes(3)
    const counter = await openOnline(browser, `${app.url}/counter?terminal=counter-1`)
    await login(counter.page, '1001', '1111')
    // The form in English first, for the picture; then in Chinese, filled and sent.
    await counter.page.click('[data-test=lang-en-US]')
    await counter.page.click('[data-test=complaint-open]')
    await counter.page.waitForSelector('[data-test=counter-complaint]', WAIT)
    await picture(counter.page, 'complaints-counter-form-en')
    await counter.page.keyboard.press('Escape')
    await counter.page.waitForSelector('[data-test=counter-complaint]', { state: 'detached', ...WAIT })
    await counter.page.click('[data-test=lang-zh-CN]')
    await counter.page.click('[data-test=complaint-open]')
    await counter.page.waitForSelector('[data-test=counter-complaint]', WAIT)
    // The clerk complained about is the one serving until the clerk picks another.
    expect(await counter.page.locator('[data-test=counter-complaint-subject]').innerText()).toContain('王芳')
    await choose(counter.page, '[data-test=counter-complaint-reason]', '服务态度')
    await choose(counter.page, '[data-test=counter-complaint-subject]', '李强')
    await counter.page.fill('[data-test=counter-complaint-summary] textarea', SUMMARY)
    await picture(counter.page, 'complaints-counter-form-zh')
    await counter.page.click('[data-test=counter-complaint-submit]')
    await counter.page.waitForSelector('[data-test=counter-complaint]', { state: 'detached', ...WAIT })
    const taken = (await call('GET', '/api/v1/complaints', undefined, bearer(manager))).body.complaints
    expect(taken).toHaveLength(1)
    const caseId = taken[0].id as number
    const record = Object.values(app.hall.state.records).find((r) => r.clerkId === clerkId('1001'))!
    expect(taken[0]).toMatchObject({ channel: 'counter', category: 'service', reason: '服务态度', clerkId: clerkId('1002'), takenBy: clerkId('1001'), recordId: record.id, serviceId: 'MOBILE' })
    clock.minutes(2)
    // At the end of the service, the finish dialog takes one too (in English here): its form, then sent.
    await counter.page.click('[data-test=lang-en-US]')
    await counter.page.click('[data-test=action-finish]')
    await counter.page.click('[data-test=complaint-toggle]')
    await choose(counter.page, '[data-test=complaint-reason]', '等候时间')
    expect(await counter.page.locator('[data-test=complaint-subject]').innerText()).toContain('王芳')
    await counter.page.fill('[data-test=complaint-summary] textarea', '等了四十分钟QXZ7')
    await picture(counter.page, 'complaints-counter-finish-en')
    await counter.page.click('[data-test=finish-submit]')
    await counter.page.waitForSelector('[data-test=finish-dialog]', { state: 'detached', ...WAIT })
    const atFinish = (await call('GET', '/api/v1/complaints?status=received', undefined, bearer(manager))).body.complaints.find((c: { id: number }) => c.id !== caseId)
    expect(atFinish).toMatchObject({ channel: 'counter', reason: '等候时间', clerkId: clerkId('1001'), recordId: record.id })
    expect(counter.errors).toEqual([])
    await counter.context.close()
    // The customer withdrew that one at once.
    await ok('cancelComplaint', { id: atFinish.id, remark: '客户撤回' }, manager)
    clock.minutes(10)

    // --- The manager's 投诉工单 page.
    const { context, page, errors } = await openOnline(browser, `${app.url}/complaints`)
    await login(page, '2001', '9999')
    await page.waitForSelector(`[data-test=complaint-row-${caseId}]`, WAIT)
    const row = page.locator(`[data-test=complaint-row-${caseId}]`)
    expect(await row.innerText()).toMatch(/柜台[\s\S]*服务类[\s\S]*服务态度[\s\S]*李强[\s\S]*王芳[\s\S]*受理[\s\S]*首次联系/)
    // The list carries facts only: the text is read when the case is opened.
    expect(await page.locator('[data-test=complaint-table]').innerText()).not.toContain('QXZ1')
    await picture(page, 'complaints-list-zh')

    // Assign, record the first contact.
    await row.click()
    await waitText(page, '[data-test=complaint-summary-text]', SUMMARY)
    await picture(page, 'complaints-case-received-zh')
    await choose(page, '[data-test=handle-owner]', '张经理')
    await choose(page, '[data-test=handle-department]', '装维中心')
    await page.click('[data-test=handle-to-handling]')
    await page.fill('[data-test=handle-remark] textarea', REMARK)
    await page.click('[data-test=handle-save]')
    await page.waitForFunction((t) => (globalThis as any).document.querySelector('[data-test=complaint-history]')?.textContent.includes(t), REMARK, WAIT)
    clock.minutes(60)
    // The solution; to 待回访.
    await page.fill('[data-test=handle-solution] textarea', SOLUTION)
    await page.click('[data-test=handle-to-callback]')
    await page.click('[data-test=handle-save]')
    await waitText(page, '[data-test=complaint-solution-text]', SOLUTION)
    await page.waitForSelector('[data-test=complaint-callback]', WAIT)
    clock.minutes(60)
    // The callback: 基本满意, with the customer's words; closed.
    await page.click('[data-test=confirm-partly]')
    await page.fill('[data-test=confirm-note] textarea', NOTE)
    await picture(page, 'complaints-detail-zh')
    await page.click('[data-test=complaint-close]')
    await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-test=complaint-detail]')?.textContent.includes('已办结'), null, WAIT)
    const history = await page.locator('[data-test=complaint-history]').innerText()
    expect(history).toMatch(/王芳\s*受理/)
    expect(history).toMatch(/张经理\s*处理[\s\S]*负责人 → 张经理[\s\S]*部门 → 装维中心[\s\S]*状态 → 处理中/)
    expect(history).toMatch(/张经理\s*回访办结[\s\S]*客户确认 → 基本满意/)
    const closed = (await call('GET', `/api/v1/complaints/${caseId}`, undefined, bearer(manager))).body
    expect(closed.complaint).toMatchObject({ status: 'closed', confirmation: 'partly', ownerId: clerkId('2001'), department: '装维中心', closedBy: clerkId('2001') })
    expect(closed).toMatchObject({ summary: SUMMARY, solution: SOLUTION, confirmationNote: NOTE })
    await page.keyboard.press('Escape')

    // --- A phone complaint about the manager himself, taken on the page: he may not close it.
    await page.click('[data-test=complaint-take-open]')
    await page.click('[data-test=take-channel-phone]')
    await choose(page, '[data-test=take-clerk]', '张经理')
    await page.fill('[data-test=take-summary] textarea', PHONE_SUMMARY)
    await page.click('[data-test=take-submit]')
    await waitText(page, '[data-test=complaint-summary-text]', PHONE_SUMMARY)
    const phoneCase = (await call('GET', '/api/v1/complaints?channel=phone', undefined, bearer(manager))).body.complaints[0]
    expect(phoneCase).toMatchObject({ channel: 'phone', clerkId: clerkId('2001'), takenBy: clerkId('2001'), status: 'received' })
    await page.fill('[data-test=handle-solution] textarea', '当面致歉')
    await page.click('[data-test=handle-to-callback]')
    await page.click('[data-test=handle-save]')
    await page.waitForSelector('[data-test=complaint-callback]', WAIT)
    await page.click('[data-test=complaint-close]')
    await waitText(page, '[data-test=complaint-error]', '被投诉的营业员本人不能办结该投诉，请由其他人员办结')
    await picture(page, 'complaints-refused-zh')
    expect((await call('GET', `/api/v1/complaints/${phoneCase.id}`, undefined, bearer(manager))).body.complaint.status).toBe('callback')
    // The same refusal in English.
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-test=complaint-detail]', { state: 'detached', ...WAIT })
    await page.click('[data-test=lang-en-US]')
    await page.click(`[data-test=complaint-row-${phoneCase.id}]`)
    await page.click('[data-test=complaint-close]')
    await waitText(page, '[data-test=complaint-error]', 'The clerk a complaint is about cannot close it; someone else must')
    await picture(page, 'complaints-refused-en')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-test=complaint-detail]', { state: 'detached', ...WAIT })
    await picture(page, 'complaints-list-en')
    await page.click('[data-test=lang-zh-CN]')

    // --- The report page: the day's cases and their figures, as the API counts them; then the XLSX.
    const figures = (await call('GET', `/api/v1/reports/summary?day=${DAY}`, undefined, bearer(manager))).body.complaintCases
    expect(figures).toMatchObject({ taken: 3, open: 1, closed: 1, cancelled: 1, closedOnTime: 1, onTimeShare: 1, reopenedCases: 0, confirmation: { satisfied: 0, partly: 1, dissatisfied: 0 } })
    expect(figures.byChannel).toMatchObject({ counter: { taken: 2, closed: 1, closedOnTime: 1 }, phone: { taken: 1, closed: 0 } })
    expect(figures.byClerk.map((c: { name: string; taken: number }) => [c.name, c.taken])).toEqual([
      ['王芳', 1],
      ['李强', 1],
      ['张经理', 1],
    ])
    await page.goto(`${app.url}/reports`)
    await page.click('.n-tabs-tab[data-name=complaints]')
    await page.waitForSelector('[data-test=report-complaints]', WAIT)
    expect(await page.locator('[data-test=rc-taken]').innerText()).toBe('3')
    expect(await page.locator('[data-test=rc-closed]').innerText()).toBe('1')
    expect(await page.locator('[data-test=rc-on-time]').innerText()).toBe('100%')
    expect(await page.locator('[data-test=rc-row-clerk-' + clerkId('1002') + ']').innerText()).toMatch(/李强（1002）\s+1\s+1\s+1\s+100%/)
    await picture(page, 'complaints-report-zh')
    await page.click('[data-test=open-export]')
    await page.click('[data-test=export-start]')
    await page.waitForSelector('[data-test=export-download]', WAIT)
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('[data-test=export-download]')])
    const file = join(data.dir, 'report.xlsx')
    await download.saveAs(file)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const sheet = book.getWorksheet('投诉工单')!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    const total = (sheet.getRow(2).values as unknown[]).slice(1)
    expect(total[0]).toBe('合计')
    expect(total[headers.indexOf('受理')]).toBe(3)
    expect(total[headers.indexOf('按时办结')]).toBe(1)
    expect(total[headers.indexOf('基本满意')]).toBe(1)
    expect(total[headers.indexOf('平均办结(分)')]).toBeCloseTo(figures.closureAvgMs / 60_000, 6)
    const li = sheet.getSheetValues().find((r) => Array.isArray(r) && r.includes('李强(1002)')) as unknown[]
    expect(li.slice(1, 6)).toEqual(['被投诉营业员', '李强(1002)', 1, 1, 1])
    await page.goto(`${app.url}/complaints`)
    await page.waitForSelector(`[data-test=complaint-row-${caseId}]`, WAIT)

    // --- A third case, by letter, left untouched: its first contact falls due.
    const letter = (await ok('takeComplaint', { channel: 'letter', category: 'product', reason: '资费争议', summary: '套餐扣费与宣传不符' }, manager)).complaint
    clock.advance(20 * HOUR)
    const live = await openOnline(browser, `${app.url}/manager`)
    await login(live.page, '2001', '9999')
    await live.page.waitForSelector('[data-test=alert-complaintDueSoon]', WAIT)
    expect(await live.page.locator('[data-test=alert-complaintDueSoon]').innerText()).toContain(`投诉 #${letter.id}：距首次联系期限仅剩`)
    clock.advance(5 * HOUR)
    await live.page.reload()
    await live.page.waitForSelector('[data-test=alert-complaintOverdue]', WAIT)
    expect(await live.page.locator('[data-test=alert-complaintOverdue]').first().innerText()).toMatch(new RegExp(`投诉 #${letter.id}：首次联系已逾期 1 小时`))
    await picture(live.page, 'complaints-live-alert-zh')
    await live.page.click('[data-test=lang-en-US]')
    await waitText(live.page, '[data-test=alert-complaintOverdue]', new RegExp(`Complaint #${letter.id}: first contact overdue by 1 h`))
    await picture(live.page, 'complaints-live-alert-en')
    // The page lists it first, overdue.
    await page.reload()
    await page.waitForSelector(`[data-test=complaint-row-${letter.id}]`, WAIT)
    expect(await page.locator('tbody tr').first().getAttribute('data-test')).toBe(`complaint-row-${letter.id}`)
    expect(await page.locator(`[data-test=complaint-row-${letter.id}] [data-test=complaint-due]`).innerText()).toMatch(/首次联系已逾期 1 小时/)
    await picture(page, 'complaints-overdue-zh')
    // The two refused closings are the only failed requests.
    expect(errors.filter((e) => !e.includes('status of 403'))).toEqual([])
    expect(errors.filter((e) => e.includes('status of 403'))).toHaveLength(2)
    expect(live.errors).toEqual([])
    await live.context.close()
    await context.close()
  })

  it("the administrator's complaint settings: sub-reasons per category, departments, deadlines", { timeout: 120_000 }, async () => {
    await ok('updateSettings', { patch: { complaints: { deadlines: { product: { firstContactHours: 12, closeDays: 3 } } } } }, admin)
    const { context, page, errors } = await openOnline(browser, `${app.url}/settings/complaints`)
    await login(page, 'admin', PIN)
    await page.waitForSelector('[data-test=complaints-form]', WAIT)
    expect(await page.locator('[data-test=complaint-reasons-service]').innerText()).toContain('服务态度')
    expect(await page.locator('[data-test=complaint-departments]').innerText()).toContain('装维中心')
    expect(await page.inputValue('input[name=firstContactHours-product]')).toBe('12')
    expect(await page.inputValue('input[name=closeDays-product]')).toBe('3')
    await picture(page, 'complaints-settings-zh')
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps the text from a paired display and kiosk, and out of the database file, its WAL and a backup', { timeout: 120_000 }, async () => {
    const pair = async (role: 'display' | 'kiosk') => {
      const { code } = await ok('createPairingCode', { name: role, role }, admin)
      const paired = await call('POST', '/api/v1/pair', { code })
      expect(paired.status, paired.text).toBe(200)
      return paired.body.token as string
    }
    // A display in Chromium: every frame its stream receives.
    const displayToken = await pair('display')
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const host = new URL(app.url)
    await context.addCookies([{ name: TERMINAL_COOKIE, value: displayToken, domain: host.hostname, path: '/' }])
    const page = await context.newPage()
    const frames: string[] = []
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))))
    await page.goto(`${app.url}/display`)
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('[data-test=connection-banner]'), null, WAIT)
    // A complaint taken while the display watches.
    const li = (await ok('login', { staffCode: '1002', pin: '2222' })).token
    await ok('openCounter', { counterId: 5 }, li)
    await ok('issueTicket', { serviceId: 'COMPLAINT' })
    await ok('callNext', { counterId: 5 }, li)
    await ok('startService', { counterId: 5 }, li)
    await ok('finishService', { counterId: 5, complaint: { category: 'service', summary: '显示屏不应看到这段QXZ6' } }, li)
    await page.waitForTimeout(1500)
    const seen = frames.join('\n')
    expect(seen).toContain('serviceFinished')
    for (const t of [...TEXTS, 'QXZ6']) expect(seen.includes(t), t).toBe(false)
    expect(seen).not.toContain('complaintTaken')
    expect(seen).not.toContain('complaintChanged')
    await context.close()

    // A kiosk over HTTP: the log and the snapshot.
    const kiosk = { 'x-hallq-terminal-token': await pair('kiosk') }
    for (const path of ['/api/v1/events?after=0', '/api/v1/snapshot']) {
      const res = await call('GET', path, undefined, kiosk)
      expect(res.status, res.text).toBe(200)
      for (const t of [...TEXTS, 'QXZ6']) expect(res.text.includes(t), `${t} in ${path}`).toBe(false)
      expect(res.text).not.toContain('complaintTaken')
    }
    // The complaint list is refused to both, whoever logs in there.
    expect((await call('GET', '/api/v1/complaints', undefined, { ...kiosk, ...bearer(manager) })).status).toBe(403)

    // Disk: the database, its WAL, a backup.
    expect((await call('POST', '/api/v1/backups', {}, bearer(admin))).status).toBe(200)
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else files.push(p)
      }
    }
    walk(join(data.dir, 'hall'))
    expect(files.some((f) => f.endsWith('hallq.db'))).toBe(true)
    expect(files.some((f) => f.endsWith('hallq.db-wal'))).toBe(true)
    expect(files.some((f) => f.includes('backups'))).toBe(true)
    for (const file of files) {
      const text = readFileSync(file).toString('utf8')
      for (const t of [...TEXTS, 'QXZ6']) expect(text.includes(t), `${t} in ${file}`).toBe(false)
    }
  })
})
