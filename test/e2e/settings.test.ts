/**
 * The settings page in real Chromium against a real hub: the administrator changes the hall and
 * every other screen follows live — the kiosk's tiles, the counter's login, the display's
 * sentence — and a virtual printer prints the ticket they designed. Screenshots of every
 * section at 1920×1080 and 1366×768.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { SETTINGS_SECTIONS } from '../../src/renderer/src/stores/settings/sections'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { estimateWait } from '../../src/shared/wait-estimate'
import { launchChromium, login, openOnline, shoot, SIZES, WAIT, waitText } from '../support/browser'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'
import { writeTestVoicePack } from '../support/voice-pack'

const PIN = '135790'
const SCENARIO_MS = 360_000
let hub: HubProcess
let data: { dir: string; remove(): void }
let browser: Browser
let admin: string
const contexts: BrowserContext[] = []
const pageErrors: string[][] = []
/** The refusals this test provokes on purpose (a taken prefix, the last admin, a disabled login) are logged by the browser as failed requests. */
const PROVOKED = /the server responded with a status of (403|409)/
const unexpected = () => pageErrors.flat().filter((e) => !PROVOKED.test(e))

async function ok(name: string, body: unknown, token?: string) {
  const res = await hub.command(name, body, token)
  expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}

async function open(path: string, size: { width: number; height: number } = SIZES.fullHd): Promise<Page> {
  const { context, page, errors } = await openOnline(browser, hub.url + path, size)
  contexts.push(context)
  pageErrors.push(errors)
  return page
}

/** The sentence under the form field holding `selector`. */
async function feedback(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((el) => el.closest('.n-form-item')?.querySelector('.n-form-item-feedback')?.textContent?.trim() ?? '')
}

async function section(page: Page, name: string): Promise<void> {
  await page.click(`[data-test=nav-${name}]`)
  await page.waitForSelector(`[data-test=section-${name}] section`, WAIT)
}

/** Naive's number inputs take what is typed; select all first so it replaces the value. */
async function retype(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { clickCount: 3 })
  await page.fill(selector, value)
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-settings-')
  // The display has a voice pack, as a hall would (and asks for none that is missing).
  writeTestVoicePack(join(data.dir, 'voice'), DEFAULT_SETTINGS.display.voiceTemplate, ['A', 'B'])
  process.env.HALLQ_VOICE_DIR = join(data.dir, 'voice')
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
  delete process.env.HALLQ_VOICE_DIR
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await hub?.stop()
  data?.remove()
})

describe('the administrator changes the hall, and every screen follows', () => {
  it('services, clerks, the voice, pairing, and a test print on a virtual printer', async () => {
    const settings = await open('/settings')
    await login(settings, 'admin', PIN)
    await settings.waitForSelector('[data-test=service-list]', WAIT)

    // A clerk at counter 1 and two customers waiting for mobile services: the kiosk estimates.
    await ok('saveClerk', { staffCode: '2001', name: '张经理', role: 'clerk', active: true, pin: '9999' }, admin)
    const zhang = (await ok('login', { staffCode: '2001', pin: '9999' })).token
    await ok('openCounter', { counterId: 1 }, zhang)
    await ok('issueTicket', { serviceId: 'MOBILE' })
    await ok('issueTicket', { serviceId: 'MOBILE' })
    const kiosk = await open('/kiosk')
    // The kiosk shows what the hub would print: the shared estimate on the hub's own state.
    const estimate = async () => estimateWait((await hub.get('/api/v1/snapshot')).body.state, 'MOBILE', 'normal', Date.now()).minutes!
    const estimated = await estimate()
    expect(estimated).toBeGreaterThanOrEqual(16) // two people ahead at 8 minutes each, one counter
    await waitText(kiosk, '[data-test=tile-MOBILE] [data-test=tile-estimate]', `预计约 ${estimated} 分钟`)

    // 业务: the target wait and the standard handling time of mobile services.
    await settings.click('[data-test=service-edit-MOBILE]')
    await settings.waitForSelector('[data-test=service-form]', WAIT)
    await retype(settings, 'input[name=targetWaitMin]', '25')
    await retype(settings, 'input[name=defaultHandleMin]', '12')
    await settings.waitForTimeout(600)
    await shoot(settings, 'settings-service-editor-1920x1080')
    await settings.click('[data-test=service-save]')
    await waitText(settings, '[data-test=service-row-MOBILE] [data-test=service-target]', '25 分钟')
    // The kiosk's tile follows live: two people ahead, 12 minutes each now, one counter open.
    const after = await estimate()
    expect(after).toBeGreaterThanOrEqual(24)
    expect(after).toBeGreaterThan(estimated)
    await waitText(kiosk, '[data-test=tile-MOBILE] [data-test=tile-estimate]', `预计约 ${after} 分钟`)
    expect((await hub.get('/api/v1/snapshot')).body.state.services.MOBILE).toMatchObject({ targetWaitMin: 25, defaultHandleMin: 12 })

    // A mistake is refused at its field, in words, and nothing is saved.
    await settings.click('[data-test=service-edit-BROADBAND]')
    await retype(settings, 'input[name=prefix]', 'A')
    await settings.click('[data-test=service-save]')
    await settings.waitForSelector('[data-test=service-refused]', WAIT)
    expect(await feedback(settings, 'input[name=prefix]')).toBe('号码前缀已被其他业务使用')
    await shoot(settings, 'settings-service-refused-1920x1080')
    await settings.click('[data-test=service-cancel]')
    expect((await hub.get('/api/v1/snapshot')).body.state.services.BROADBAND.prefix).toBe('B')

    // 营业员: a new clerk, who then logs in at a counter.
    await section(settings, 'clerks')
    await settings.click('[data-test=clerk-add]')
    await settings.fill('[data-test=clerk-form] input[name=staffCode]', '1001')
    await settings.fill('[data-test=clerk-form] input[name=name]', '王芳')
    await settings.fill('[data-test=clerk-form] input[name=pin]', '1111')
    await settings.click('[data-test=clerk-save]')
    await settings.waitForSelector('[data-test=clerk-row-1001]', WAIT)
    const counter = await open('/counter')
    await login(counter, '1001', '1111')
    await counter.waitForSelector('[data-test=open-counter-2]', WAIT)

    // Another is disabled (after a question); they can no longer log in.
    await settings.click('[data-test=clerk-add]')
    await settings.fill('[data-test=clerk-form] input[name=staffCode]', '1002')
    await settings.fill('[data-test=clerk-form] input[name=name]', '李强')
    await settings.fill('[data-test=clerk-form] input[name=pin]', '2222')
    await settings.click('[data-test=clerk-save]')
    await settings.waitForSelector('[data-test=clerk-row-1002]', WAIT)
    await settings.click('[data-test=clerk-toggle-1002]')
    await settings.locator('.n-dialog button', { hasText: '停用' }).click()
    await waitText(settings, '[data-test=clerk-row-1002] [data-test=clerk-state]', '已停用')
    const li = await open('/counter')
    await login(li, '1002', '2222')
    await waitText(li, '[data-test=login-error]', '该工号已停用')

    // The last administrator cannot be demoted: the hall's refusal, in words, at the role.
    await settings.click('[data-test=clerk-edit-admin]')
    await settings.click('[data-test=clerk-role-manager]')
    await settings.click('[data-test=clerk-save]')
    await settings.waitForSelector('[data-test=clerk-refused]', WAIT)
    expect(await feedback(settings, '[data-test=clerk-role-manager]')).toBe('至少需要保留一名启用的管理员')
    await shoot(settings, 'settings-last-admin-1920x1080')
    await settings.click('[data-test=clerk-cancel]')
    expect((await hub.get('/api/v1/snapshot')).body.state.clerks[1].role).toBe('admin')

    // 营业厅: the calling sentence. The display shows a call, then follows the new sentence.
    const display = await open('/display')
    await ok('callNext', { counterId: 1 }, zhang)
    await waitText(display, '[data-test=big-call]', /A001.*1/)
    const before = (await display.locator('[data-test=big-call]').textContent())!.replace(/\s+/g, '')
    expect(before).toBe('请A001号到1号窗口办理')
    await section(settings, 'hall')
    await settings.fill('input[name=voiceTemplate]', '{number} 号客户 请到 {counter} 号窗口')
    await waitText(settings, '[data-test=voice-preview]', 'A023 号客户 请到 3 号窗口')
    await settings.click('[data-test=hall-save]')
    await display.waitForFunction(() => (globalThis as any).document.querySelector('[data-test=big-call]')?.textContent.replace(/\s+/g, '') === 'A001号客户请到1号窗口', null, WAIT)

    // 营业厅: the working calendar complaint deadlines count in. Saturday worked, a holiday and a
    // make-up day typed as dates; a date that is not one is refused at its field, nothing saved.
    const addDate = async (list: 'holidays' | 'workdays', date: string) => {
      await settings.click(`[data-test=add-${list === 'holidays' ? 'holiday' : 'workday'}]`)
      await settings.fill(`[data-test=calendar-${list}] input`, date)
      await settings.press(`[data-test=calendar-${list}] input`, 'Enter')
    }
    await addDate('holidays', '2026-10-32')
    await settings.click('[data-test=hall-save]')
    await settings.waitForFunction(() => (globalThis as any).document.querySelector('[data-test=calendar-holidays]')?.closest('.n-form-item')?.querySelector('.n-form-item-feedback')?.textContent.includes('年-月-日'), null, WAIT)
    expect(await feedback(settings, '[data-test=calendar-holidays]')).toBe('日期格式为 年-月-日，如 2026-10-01')
    expect((await hub.get('/api/v1/snapshot')).body.state.settings.hall.calendar.holidays).toEqual([])
    await settings.click('[data-test=calendar-holidays] .n-tag__close')
    await settings.click('[data-test=weekday-6]')
    await addDate('holidays', '2026-10-02')
    await addDate('holidays', '2026-10-01')
    await addDate('workdays', '2026-10-10')
    await settings.locator('[data-test=calendar-settings]').scrollIntoViewIfNeeded()
    await shoot(settings, 'settings-hall-calendar-1920x1080')
    await settings.click('[data-test=hall-save]')
    await expect.poll(async () => (await hub.get('/api/v1/snapshot')).body.state.settings.hall.calendar, WAIT).toEqual({
      workingWeekdays: [1, 2, 3, 4, 5, 6],
      holidays: ['2026-10-01', '2026-10-02'],
      makeUpWorkdays: ['2026-10-10'],
    })

    // 终端: a pairing code, used by a new terminal, which then shows in the list; then revoked.
    await section(settings, 'terminals')
    await settings.fill('input[name=terminal-name]', '大厅电视')
    await settings.click('[data-test=pairing-role]')
    await settings.locator('.n-base-select-option', { hasText: '叫号屏' }).click()
    await settings.click('[data-test=pairing-save]')
    await settings.waitForSelector('[data-test=pairing-code]', WAIT)
    const code = (await settings.locator('[data-test=pairing-code]').textContent())!.trim()
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    await waitText(settings, '[data-test=pairing-expires]', /^(10:00|9:\d\d) 后失效，只能使用一次$/)
    await shoot(settings, 'settings-pairing-code-1920x1080')
    const paired = await fetch(`${hub.url}/api/v1/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    expect(paired.status).toBe(200)
    const terminal = ((await paired.json()) as { terminal: { id: number } }).terminal
    await waitText(settings, `[data-test=terminal-row-${terminal.id}] [data-test=terminal-state]`, '在用')
    await settings.click(`[data-test=terminal-revoke-${terminal.id}]`)
    await settings.locator('.n-dialog button', { hasText: '撤销' }).click()
    await waitText(settings, `[data-test=terminal-row-${terminal.id}] [data-test=terminal-state]`, '已撤销')
    const listed = await hub.get('/api/v1/terminals', admin)
    expect(listed.body.terminals.find((t: { id: number }) => t.id === terminal.id).revokedAt).toEqual(expect.any(Number))

    // 设备: a virtual printer, configured here, prints a test ticket whose decoded text shows.
    await section(settings, 'devices')
    await settings.click('[data-test=device-add]')
    await settings.click('[data-test=device-kind-printer]')
    await settings.waitForSelector('[data-test=device-form]', WAIT)
    await settings.fill('[data-test=device-form] input[name=name]', '取号机打印机')
    await settings.waitForTimeout(600)
    await shoot(settings, 'settings-device-editor-1920x1080')
    await settings.click('[data-test=device-save]')
    await settings.waitForSelector('[data-test=device-printer]', WAIT)
    await waitText(settings, '[data-test=device-printer] [data-test=device-status]', '正常')
    await settings.click('[data-test=device-test-printer]')
    await settings.waitForSelector('[data-test=device-printer] [data-test=device-virtual-ticket]', WAIT)
    const printed = (await settings.locator('[data-test=device-printer] [data-test=device-virtual-ticket]').textContent())!
    expect(printed).toContain('中国电信营业厅')
    expect(printed).toContain('A000')
    expect(printed).toContain('移动业务（测试）')

    // 取号单: a new footer, saved and printed as a sample; the preview is the decoded ticket.
    await section(settings, 'ticket')
    await settings.fill('input[name=footer]', '请凭此票到窗口办理')
    await settings.click('[data-test=save-and-print]')
    await waitText(settings, '[data-test=preview-text]', /请凭此票到窗口办理/)

    expect(unexpected()).toEqual([])
  }, SCENARIO_MS)
})

describe('every section at both sizes', () => {
  it('1920×1080 and 1366×768', async () => {
    await ok('updateSettings', { patch: { devices: { list: [
      ...(await hub.get('/api/v1/snapshot')).body.state.settings.devices.list,
      { id: 'bars', name: '窗口条屏', kind: 'counterBars', connection: { type: 'virtual' } },
      { id: 'keypads', name: '服务评价器', kind: 'evaluator', connection: { type: 'serial', path: '/dev/ttyUSB9' } },
    ] } } }, admin)
    await fetch(`${hub.url}/api/v1/backups`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })
    const page = await open('/settings')
    await login(page, 'admin', PIN)
    await page.waitForSelector('[data-test=service-list]', WAIT)
    for (const [name, size] of [['1920x1080', SIZES.fullHd], ['1366x768', SIZES.laptop]] as const) {
      await page.setViewportSize(size)
      for (const s of SETTINGS_SECTIONS) {
        await section(page, s)
        // Reads (devices, terminals, backups) arrive after the section opens.
        await page.waitForTimeout(400)
        await shoot(page, `settings-${s}-${name}`)
      }
    }
    // A serial device's form: the port typed or picked from this PC's list, and its line settings.
    await section(page, 'devices')
    await page.click('[data-test=device-edit-keypads]')
    await page.waitForSelector('[data-test=device-form] input[name=path]', WAIT)
    // The drawer slides in.
    await page.waitForTimeout(600)
    await shoot(page, 'settings-device-serial-editor-1366x768')
    await page.setViewportSize(SIZES.fullHd)
    await shoot(page, 'settings-device-serial-editor-1920x1080')
    await page.click('[data-test=device-cancel]')
    await page.setViewportSize(SIZES.laptop)
    await page.click('[data-test=lang-en-US]')
    await section(page, 'rules')
    await shoot(page, 'settings-rules-en-1366x768')
    expect(unexpected()).toEqual([])
  }, SCENARIO_MS)
})
