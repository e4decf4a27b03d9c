/**
 * The four screens in real Chromium against a real hub (`npm run hub`'s entry, serving the
 * renderer build): a morning at the hall from the kiosk to the rating, two counters racing
 * for the same queue, and a screenshot of every screen at every size.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { holdDeadPort } from '../support/dead-port'
import { launchChromium, login, openOnline, shoot, SIZES, WAIT, waitText, watchErrors } from '../support/browser'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'
import { writeTestVoicePack } from '../support/voice-pack'

const PIN = '135790'
/** A slow shared machine: a whole scenario may take minutes; each step still waits at most 30 s. */
const SCENARIO_MS = 360_000
let hub: HubProcess
let data: { dir: string; remove(): void }
let browser: Browser
let admin: string
const contexts: BrowserContext[] = []
const pageErrors: string[][] = []

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

async function clerkAt(page: Page, staffCode: string, pin: string, counterId: number): Promise<void> {
  await login(page, staffCode, pin)
  // A clerk whose counter is still open goes straight to it; otherwise they pick it.
  await page.waitForSelector(`[data-test=open-counter-${counterId}], [data-test=counter-name]`, WAIT)
  if (await page.locator(`[data-test=open-counter-${counterId}]`).count()) await page.click(`[data-test=open-counter-${counterId}]`)
  await waitText(page, '[data-test=counter-name]', `${counterId}号窗口`)
}

/** A clerk's key press, once the counter is not still sending the previous action. */
async function press(page: Page, key: string): Promise<void> {
  await page.waitForSelector('[data-test=actions][data-busy=""]', WAIT)
  await page.keyboard.press(key)
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent(WAIT))?.trim() ?? ''
}

type Record = { number: string; counterId: number; recall: boolean; text: string; mode: string; steps: { kind: string; clips?: string[]; text?: string }[] }
async function announcements(page: Page): Promise<Record[]> {
  return page.evaluate(() => ((globalThis as any).__hallqAnnouncements ?? []) as Record[])
}
async function waitAnnouncements(page: Page, count: number): Promise<Record[]> {
  await page.waitForFunction((n) => ((globalThis as any).__hallqAnnouncements?.length ?? 0) >= n, count, WAIT)
  return announcements(page)
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-screens-')
  writeTestVoicePack(join(data.dir, 'voice'), DEFAULT_SETTINGS.display.voiceTemplate, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
  process.env.HALLQ_VOICE_DIR = join(data.dir, 'voice')
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
  delete process.env.HALLQ_VOICE_DIR
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  await ok('saveClerk', { staffCode: '1002', name: '李强', role: 'clerk', active: true, pin: '2222' }, admin)
  await ok('saveClerk', { staffCode: '1003', name: '赵敏', role: 'clerk', active: true, pin: '3333' }, admin)
  await ok('saveClerk', { staffCode: '2001', name: '张经理', role: 'manager', active: true, pin: '9999' }, admin)
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await hub?.stop()
  data?.remove()
})

describe('a morning at the hall, in the browser', () => {
  it('kiosk → display → counter → transfer → finish → rating, with figures everywhere', async () => {
    const display = await open('/display')
    const manager = await open('/manager')
    await login(manager, '2001', '9999')
    await manager.waitForSelector('[data-test=hall-figures]', WAIT)
    const kiosk = await open('/kiosk')

    // The customer takes a ticket for mobile services.
    await kiosk.click('[data-test=tile-MOBILE]')
    await kiosk.waitForSelector('[data-test=ticket]', WAIT)
    expect(await text(kiosk, '[data-test=ticket-number]')).toBe('A001')
    // No counter is open yet: the ticket says so instead of promising a short wait.
    expect(await text(kiosk, '[data-test=ticket-unserved]')).toBe('暂无窗口办理，请留意叫号或咨询大堂经理')
    await shoot(kiosk, 'flow-01-kiosk-ticket')

    // The display shows them waiting; the manager too.
    await waitText(display, '[data-test=waiting-MOBILE] .w-count', '1 人')
    await waitText(manager, '[data-test=fig-waiting]', '1')
    expect(await announcements(display)).toEqual([])

    // The clerk logs in, opens counter 1 and calls with F1.
    const wang = await open('/counter')
    await clerkAt(wang, '1001', '1111', 1)
    await waitText(wang, '[data-test=queue-count]', '1')
    await press(wang, 'F1')
    await waitText(wang, '[data-test=current-number]', 'A001')

    // The display shows the call very large and asks for the announcement: chime, then the
    // sentence twice, in clips from the pack.
    await waitText(display, '[data-test=big-number]', 'A001')
    expect(await text(display, '[data-test=big-counter]')).toBe('1')
    const said = ['请', 'A', '0', '0', '1', '号', '到', '1', '号窗口办理']
    const [first] = await waitAnnouncements(display, 1)
    expect(first).toEqual({
      number: 'A001',
      counterId: 1,
      recall: false,
      text: '请 A001 号 到 1 号窗口办理',
      mode: 'clips',
      steps: [{ kind: 'chime' }, { kind: 'clips', clips: said }, { kind: 'clips', clips: said }],
    })
    await shoot(display, 'flow-02-display-call')

    // Nobody comes: recall (F2) is announced again.
    await press(wang, 'F2')
    await waitText(wang, '[data-test=call-count]', '2')
    const afterRecall = await waitAnnouncements(display, 2)
    expect(afterRecall[1]).toMatchObject({ number: 'A001', counterId: 1, recall: true, text: '请 A001 号 到 1 号窗口办理' })

    // The customer arrives (F3); it is a complaint: transfer (F8) to the complaints service.
    await press(wang, 'F3')
    await waitText(wang, '[data-test=current] .tag.state', '办理中')
    await shoot(wang, 'flow-03-counter-serving')
    await press(wang, 'F8')
    await wang.click('[data-test=transfer-service-COMPLAINT]', WAIT)
    await wang.fill('[data-test=transfer-dialog] textarea', '对账单扣费有异议')
    await wang.click('[data-test=transfer-submit]')
    await wang.waitForSelector('[data-test=current] .empty', WAIT)

    // Counter 5 calls the transferred customer, with the note of the first clerk.
    const li = await open('/counter')
    await clerkAt(li, '1002', '2222', 5)
    await press(li, 'F1')
    await waitText(li, '[data-test=current-number]', 'A001')
    expect(await text(li, '.transfer-note')).toContain('对账单扣费有异议')
    const afterTransfer = await waitAnnouncements(display, 3)
    expect(afterTransfer[2]).toMatchObject({ number: 'A001', counterId: 5, text: '请 A001 号 到 5 号窗口办理' })
    expect(afterTransfer[2]!.steps[1]!.clips).toEqual(['请', 'A', '0', '0', '1', '号', '到', '5', '号窗口办理'])

    // Served and finished with an item and a complaint to follow up; the customer rates it.
    await press(li, 'F3')
    await waitText(li, '[data-test=current] .tag.state', '办理中')
    // The customer's rating screen beside counter 5 (the counter screen offers the clerk no buttons).
    const rating = await li.context().newPage()
    pageErrors.push(watchErrors(rating))
    await rating.goto(`${hub.url}/rating`)
    await rating.waitForSelector('[data-test=rating-screen]', WAIT)
    await press(li, 'F4')
    await li.click('[data-test="item-投诉受理"]', WAIT)
    await li.click('[data-test=complaint-toggle]')
    await li.fill('[data-test=complaint-summary] textarea', '套餐扣费有误，要求退费')
    await shoot(li, 'flow-04-counter-finish-dialog')
    await li.click('[data-test=finish-submit]')
    await li.waitForSelector('[data-test=rating-prompt]', WAIT)
    await shoot(li, 'flow-05-counter-rating')
    expect(await li.locator('[data-test^=rate-]').count()).toBe(0)
    // The customer rates on the screen facing them (never on the clerk's): 不满意, then the reason.
    await waitText(rating, '[data-test=rating-clerk]', /李强.*工号 1002/)
    await shoot(rating, 'flow-05b-rating-who-served')
    await rating.click('[data-test=rate-1]', WAIT)
    await rating.waitForSelector('[data-test=rating-reasons]', WAIT)
    await shoot(rating, 'flow-05c-rating-reason')
    await rating.click('[data-test=reason-unresolved]')
    await rating.waitForSelector('[data-test=rating-thanks]', WAIT)
    await li.waitForSelector('[data-test=current] .empty', WAIT)
    await rating.close()

    // Figures everywhere: the manager, both clerks, the display, the kiosk.
    await waitText(manager, '[data-test=fig-served]', '1')
    await waitText(manager, '[data-test=fig-waiting]', '0')
    expect(await text(manager, '[data-test=hall-figures] .figure:last-child .f-value')).toBe('0%')
    await waitText(li, '[data-test=my-served]', '1')
    await waitText(wang, '[data-test=my-served]', '0')
    await waitText(display, '[data-test=waiting-MOBILE] .w-count', '0 人')
    await waitText(kiosk, '[data-test=tile-MOBILE] [data-test=tile-waiting]', '等候 0 人')
    await shoot(manager, 'flow-06-manager')

    const records = await hub.get(`/api/v1/days/${(await hub.get('/api/v1/health')).body.businessDay}/records`, admin)
    expect(
      records.body.records.map((r: { outcome: string; rating: number | null; ratingChannel: string | null; ratingReason: string | null; complaint: unknown }) => [
        r.outcome,
        r.rating,
        r.ratingChannel,
        r.ratingReason,
        r.complaint !== null,
      ]),
    ).toEqual([
      ['transferred', null, null, null, false],
      ['completed', 1, 'screen', 'unresolved', true],
    ])

    // The manager sets the notice; the display scrolls it.
    await manager.fill('textarea[name=notice]', '今日 14:00-15:00 宽带业务系统维护')
    await manager.click('[data-test=notice-save]')
    await waitText(display, '[data-test=notice]', '今日 14:00-15:00 宽带业务系统维护')

    // A display opened now shows the calls but does not say them again; A001 was served, so it
    // is a recent call, no longer the big one.
    const late = await open('/display')
    await waitText(late, '[data-test=recent-calls] li', 'A001→5号窗口')
    expect(await late.locator('[data-test=big-call]').count()).toBe(0)
    expect(await announcements(late)).toEqual([])

    for (const errors of pageErrors) expect(errors).toEqual([])
  }, SCENARIO_MS)

  it('two counters pressing call-next at the same moment never get the same customer', async () => {
    for (let i = 0; i < 6; i++) await ok('issueTicket', { serviceId: 'PAYMENT' })
    const a = await open('/counter')
    const b = await open('/counter')
    await clerkAt(a, '1001', '1111', 1)
    await clerkAt(b, '1003', '3333', 2)
    const called: string[] = []
    for (let round = 0; round < 3; round++) {
      await Promise.all([press(a, 'F1'), press(b, 'F1')])
      await a.waitForSelector('[data-test=current-number]', WAIT)
      await b.waitForSelector('[data-test=current-number]', WAIT)
      const [na, nb] = [await text(a, '[data-test=current-number]'), await text(b, '[data-test=current-number]')]
      expect(na).not.toBe(nb)
      called.push(na, nb)
      // No-show (F7, confirmed with Enter after a single call) clears both counters for the next round.
      await Promise.all([press(a, 'F7'), press(b, 'F7')])
      await a.waitForSelector('[data-test=no-show-confirm]', WAIT)
      await b.waitForSelector('[data-test=no-show-confirm]', WAIT)
      await Promise.all([a.keyboard.press('Enter'), b.keyboard.press('Enter')])
      await a.waitForSelector('[data-test=current] .empty', WAIT)
      await b.waitForSelector('[data-test=current] .empty', WAIT)
    }
    expect(new Set(called).size).toBe(6)
    expect(called.every((n) => /^D00[1-6]$/.test(n))).toBe(true)
  }, SCENARIO_MS)
})

describe('every screen at every size, in a busy hall', () => {
  it('looks right at 1920×1080 and 1366×768 (kiosk also portrait), and says so when offline', async () => {
    await ok('updateSettings', { patch: { alerts: { waitingCount: 8, serviceWaitingCount: 3, waitWarnPercent: 10 } } }, admin)
    await ok('saveService', { service: { ...(await hub.get('/api/v1/snapshot')).body.state.services.BROADBAND, targetWaitMin: 1 } }, admin)
    // Counter 5 closes (its clerk logs out); counter 2 goes to lunch; counter 3 opens and calls.
    await ok('logout', {}, (await ok('login', { staffCode: '1002', pin: '2222' })).token)
    const zhao = (await ok('login', { staffCode: '1003', pin: '3333' })).token
    await ok('openCounter', { counterId: 2 }, zhao)
    await ok('pauseCounter', { counterId: 2, reason: 'meal' }, zhao)
    await ok('saveClerk', { staffCode: '1004', name: '陈静', role: 'clerk', active: true, pin: '4444' }, admin)
    const chen = (await ok('login', { staffCode: '1004', pin: '4444' })).token
    await ok('openCounter', { counterId: 3 }, chen)
    for (const [serviceId, priority] of [
      ['MOBILE', 'normal'], ['MOBILE', 'vip'], ['BROADBAND', 'normal'], ['MOBILE', 'care'], ['PAYMENT', 'normal'], ['BROADBAND', 'normal'],
      ['MOBILE', 'normal'], ['ENTERPRISE', 'normal'], ['CONSULT', 'normal'], ['BROADBAND', 'care'], ['MOBILE', 'normal'], ['VAS', 'normal'],
    ] as const) await ok('issueTicket', { serviceId, priority })
    await ok('callNext', { counterId: 3 }, chen)
    await ok('setNotice', { notice: '温馨提示：今日 14:00-15:00 宽带业务系统维护，期间暂停办理宽带新装；缴费请使用自助缴费机或手机营业厅。' }, admin)

    const display = await open('/display')
    const kiosk = await open('/kiosk')
    const manager = await open('/manager')
    await login(manager, '2001', '9999')
    await manager.waitForSelector('[data-test=alert-noCounter]', WAIT)
    const home = await open('/')
    const wang = await open('/counter')
    await wang.setViewportSize(SIZES.laptop)
    await shoot(wang, 'counter-login-1366x768')
    await clerkAt(wang, '1001', '1111', 1)
    await press(wang, 'F1')
    await wang.waitForSelector('[data-test=current-number]', WAIT)
    await waitText(display, '[data-test=big-counter]', '1')
    await press(wang, 'F3')
    await waitText(wang, '[data-test=current] .tag.state', '办理中')

    for (const [name, size] of [['1920x1080', SIZES.fullHd], ['1366x768', SIZES.laptop]] as const) {
      for (const [screen, page] of [['display', display], ['kiosk', kiosk], ['manager', manager], ['counter', wang], ['home', home]] as const) {
        await page.setViewportSize(size)
        await shoot(page, `${screen}-${name}`)
      }
    }
    await kiosk.setViewportSize(SIZES.portrait)
    await shoot(kiosk, 'kiosk-1080x1920')

    // The ticket on the kiosk, at each size; then printing fails.
    await kiosk.setViewportSize(SIZES.fullHd)
    await kiosk.click('[data-test=tile-BROADBAND]')
    await kiosk.waitForSelector('[data-test=ticket]', WAIT)
    expect(await text(kiosk, '[data-test=ticket-ahead]')).toMatch(/您前面还有 \d 人在等候/)
    for (const [name, size] of [['1920x1080', SIZES.fullHd], ['1366x768', SIZES.laptop], ['1080x1920', SIZES.portrait]] as const) {
      await kiosk.setViewportSize(size)
      await shoot(kiosk, `kiosk-ticket-${name}`)
    }
    // The device layer's signal, as it will arrive: the kiosk store's hook.
    await kiosk.evaluate(() => {
      const app = (globalThis as any).document.querySelector('#app').__vue_app__
      const store = app.config.globalProperties.$pinia._s.get('kiosk')
      store.reportPrintResult(store.shown.ticket.id, 'failed')
    })
    await kiosk.waitForSelector('[data-test=print-failed]', WAIT)
    for (const [name, size] of [['1366x768', SIZES.laptop], ['1080x1920', SIZES.portrait]] as const) {
      await kiosk.setViewportSize(size)
      await shoot(kiosk, `kiosk-print-failed-${name}`)
    }
    await kiosk.click('[data-test=ticket-done]')

    // The finish dialog, then the rating: on the counter and on the customer's screen.
    const rating = await wang.context().newPage()
    pageErrors.push(watchErrors(rating))
    await rating.goto(`${hub.url}/rating`)
    await rating.waitForSelector('[data-test=rating-screen]', WAIT)
    await wang.setViewportSize(SIZES.laptop)
    await press(wang, 'F4')
    await wang.waitForSelector('[data-test=finish-dialog]', WAIT)
    await shoot(wang, 'counter-finish-1366x768')
    await wang.click('[data-test=finish-submit]')
    await wang.waitForSelector('[data-test=rating-prompt]', WAIT)
    await shoot(wang, 'counter-rating-1366x768')
    await rating.waitForSelector('[data-test=rate-4]', WAIT)
    for (const [name, size] of [['1920x1080', SIZES.fullHd], ['1366x768', SIZES.laptop]] as const) {
      await rating.setViewportSize(size)
      await shoot(rating, `rating-${name}`)
    }
    await rating.click('[data-test=rate-3]')
    await rating.waitForSelector('[data-test=rating-thanks]', WAIT)
    // Rated on the customer's screen: the clerk's prompt closes by itself.
    await wang.waitForSelector('[data-test=rating-prompt]', { state: 'detached', timeout: 30_000 })

    // English, for the foreign customer.
    await kiosk.setViewportSize(SIZES.laptop)
    await kiosk.click('[data-test=lang-en-US]')
    await waitText(kiosk, '.welcome', 'Welcome — please choose a service')
    await shoot(kiosk, 'kiosk-en-1366x768')
    await kiosk.click('[data-test=lang-zh-CN]')

    for (const errors of pageErrors) expect(errors).toEqual([])

    // The hub goes away: every screen says so and refuses to act.
    await hub.stop()
    const dead = await holdDeadPort(hub.url)
    try {
      await kiosk.waitForSelector('[data-test=kiosk-offline]', WAIT)
      await wang.waitForSelector('[data-test=connection-banner]', WAIT)
      expect(await wang.locator('[data-test=action-callNext]').isDisabled()).toBe(true)
      await shoot(kiosk, 'kiosk-offline-1366x768')
      await shoot(wang, 'counter-offline-1366x768')
      await display.waitForSelector('[data-test=connection-banner]', WAIT)
      await display.setViewportSize(SIZES.fullHd)
      await shoot(display, 'display-offline-1920x1080')
    } finally {
      await dead.release()
    }
  }, SCENARIO_MS)
})
