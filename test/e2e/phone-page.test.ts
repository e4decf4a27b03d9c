/// <reference lib="dom" />
// DOM types: it runs the screens' own code (or code in the page) that uses them; the Node project
// has them only through the files that ask.
/**
 * The customer's phone, end to end in Chromium at 360×740: a ticket taken at the kiosk prints on
 * a serial printer (a socat cable); the QR payload is read back from the printed ESC/POS bytes
 * (the GS ( k store-data command) and opened on the hub's guest listening address, as a phone on
 * the hall's Wi-Fi would. People ahead falls as the counter calls others, the call shows full
 * screen, the rating after the visit is recorded as a phone rating; a wrong or yesterday's key
 * shows nothing, and the guest reaches no other route. Screenshots at 360×740 and 414×896.
 */
import { join } from 'node:path'
import pino from 'pino'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../src/main/app'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { phonePageWeight } from '../../scripts/page-weights'
import { launchChromium, shoot, WAIT, waitText, watchErrors, openOnline } from '../support/browser'
import { readEscPos } from '../support/escpos-reader'
import { until } from '../support/fake-serial'
import { TestClock, tempDir, MINUTE } from '../support/hall-fixture'
import { hubClient } from '../support/hub-client'
import { ROOT } from '../support/hub-process'
import { DeviceEnd, printerAnswers, SocatPair, withoutStatusRequests } from '../support/socat'

const PIN = '135790'
const PHONE = { width: 360, height: 740 }
const LARGE_PHONE = { width: 414, height: 896 }
const clock = new TestClock()

let data: ReturnType<typeof tempDir>
let app: HallApp
let browser: Browser
let cable: SocatPair
let printer: DeviceEnd
let admin: string
let clerk: string
const contexts: BrowserContext[] = []

const { call, ok } = hubClient(() => app.url)

async function phone(url: string, size = PHONE): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true })
  contexts.push(context)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(url)
  return { page, errors }
}

/** The QR payloads of every ticket printed so far, read from the bytes on the cable. */
function printedQrs(): string[] {
  const paper = withoutStatusRequests(printer.received)
  const tickets = paper.toString('latin1').split('\x1d\x56\x41\x00').filter((t) => t.length > 0)
  return tickets.flatMap((t) => readEscPos(Buffer.from(t + '\x1d\x56\x41\x00', 'latin1')).qr.map((q) => q.payload))
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-phone-')
  cable = new SocatPair(data.dir, 'printer')
  await cable.start()
  printer = new DeviceEnd()
  printer.answer = printerAnswers()
  await printer.open(cable.devicePath)
  app = await startHallApp({
    dataDir: join(data.dir, 'hall'),
    port: 0,
    host: '127.0.0.1',
    version: 'test',
    adminPin: PIN,
    clock: clock.read,
    logger: pino({ level: 'silent' }),
    guestListen: { host: '127.0.0.1', port: 0 },
  })
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok(
    'updateSettings',
    {
      patch: {
        phone: { guestUrl: app.guestUrl, wifiName: 'HallQ-Guest' },
        devices: { list: [{ id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'serial', path: cable.hubPath, baudRate: 9600, flowControl: 'none' }, paper: '80', statusIntervalSec: 0 }] },
      },
    },
    admin,
  )
  await ok('saveClerk', { staffCode: '3003', name: '张敏', role: 'clerk', active: true, pin: '3333' }, admin)
  clerk = (await ok('login', { staffCode: '3003', pin: '3333' })).token
  await ok('openCounter', { counterId: 1 }, clerk)
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await app?.close()
  await printer?.close()
  await cable?.stop()
  data?.remove()
})

describe("the customer's phone page", () => {
  let phoneUrl = ''

  it('is its own small page: its JavaScript under 50 kB gzip', () => {
    const weight = phonePageWeight(join(ROOT, 'out', 'renderer'))
    expect(weight.files.some((f) => f.endsWith('.js'))).toBe(true)
    expect(weight.scriptGzipBytes).toBeLessThan(50 * 1024)
    console.log(`phone page: ${(weight.scriptGzipBytes / 1024).toFixed(1)} kB gzip JavaScript, ${(weight.gzipBytes / 1024).toFixed(1)} kB gzip in all`)
  })

  it('a ticket from the kiosk: the QR on screen and on paper opens the live page; people ahead falls; the call shows', async () => {
    // Two customers already wait for the same service.
    await ok('issueTicket', { serviceId: 'MOBILE', source: 'web' })
    await ok('issueTicket', { serviceId: 'MOBILE', source: 'web' })
    const kiosk = await openOnline(browser, `${app.url}/kiosk`)
    contexts.push(kiosk.context)
    await kiosk.page.click('[data-test=tile-MOBILE]')
    await kiosk.page.waitForSelector('[data-test=ticket] [data-test=ticket-phone-qr] img', WAIT)
    expect(await kiosk.page.locator('[data-test=ticket-number]').textContent()).toBe('A003')
    await shoot(kiosk.page, 'phone-00-kiosk-ticket-with-qr')

    await until(() => printedQrs().length === 1, 15_000, 'the printed ticket')
    phoneUrl = printedQrs()[0]!
    expect(phoneUrl).toMatch(new RegExp(`^${app.guestUrl}/t/\\d{4}-\\d{2}-\\d{2}/A003\\?k=[A-Za-z0-9_-]{16}$`))
    const printedText = withoutStatusRequests(printer.received)
    expect(printedText.includes(Buffer.from('HallQ-Guest'))).toBe(true)

    const { page, errors } = await phone(phoneUrl)
    await waitText(page, '[data-test=phone-number]', 'A003')
    await waitText(page, '[data-test=phone-ahead]', '您前面还有 2 人在等候')
    await waitText(page, '[data-test=phone-rule]', '过号后请到窗口说明，顺延 3 位')
    expect(await page.locator('[data-test=phone-estimate]').textContent()).toMatch(/^预计/)
    // The stream is up (live), not the polling fallback.
    await page.waitForSelector('.dot.live', WAIT)
    await shoot(page, 'phone-01-waiting-360x740')

    await ok('callNext', { counterId: 1 }, clerk)
    await waitText(page, '[data-test=phone-ahead]', '您前面还有 1 人在等候')
    await ok('startService', { counterId: 1 }, clerk)
    await ok('finishService', { counterId: 1 }, clerk)
    await ok('callNext', { counterId: 1 }, clerk)
    await waitText(page, '[data-test=phone-ahead]', '您前面没有人在等候')
    await page.click('[data-test=phone-alert-on]')
    await page.waitForSelector('[data-test=phone-alerts]', WAIT)
    await ok('startService', { counterId: 1 }, clerk)
    await ok('finishService', { counterId: 1 }, clerk)

    await ok('callNext', { counterId: 1 }, clerk)
    await page.waitForSelector('[data-test=phone-call]', WAIT)
    await waitText(page, '[data-test=phone-call-counter]', '请到 1号窗口 办理')
    const box = await page.locator('[data-test=phone-call]').boundingBox()
    expect(box).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height })
    await shoot(page, 'phone-02-called-360x740')
    expect(errors).toEqual([])
  })

  it('after the visit: thanks, and the rating once — recorded as a phone rating', async () => {
    const { page, errors } = await phone(phoneUrl, LARGE_PHONE)
    await ok('startService', { counterId: 1 }, clerk)
    await ok('finishService', { counterId: 1 }, clerk)
    await page.waitForSelector('[data-test=phone-rating]', WAIT)
    await waitText(page, '[data-test=phone-thanks]', '感谢您的光临！')
    await shoot(page, 'phone-03-thanks-414x896')
    await page.click('[data-test=phone-rate-4]')
    await page.waitForSelector('[data-test=phone-rated]', WAIT)
    const record = Object.values(app.hall.state.records).find((r) => app.hall.state.tickets[r.ticketId]?.number === 'A003')!
    expect(record).toMatchObject({ rating: 4, ratingChannel: 'phone' })
    const log = app.hall.logOfDay(app.hall.state.businessDay).filter((l) => l.command === 'rateService')
    expect(log.at(-1)!.actor.terminal).toMatch(/^phone@/)
    // A reload offers it no more.
    await page.reload()
    await page.waitForSelector('[data-test=phone-rated]', WAIT)
    expect(await page.locator('[data-test=phone-rating] button').count()).toBe(0)
    await shoot(page, 'phone-04-rated-414x896')
    expect(errors).toEqual([])
  })

  it('in English too, at 360 px', async () => {
    const { page } = await phone(`${phoneUrl}&lang=en-US`)
    await waitText(page, '[data-test=phone-rated]', 'Thank you for your rating!')
    await shoot(page, 'phone-05-english-360x740')
  })

  it('a wrong key shows nothing; the guest reaches no other route', async () => {
    const wrong = phoneUrl.replace(/k=.*$/, 'k=AAAAAAAAAAAAAAAA')
    const { page } = await phone(wrong)
    await page.waitForSelector('[data-test=phone-invalid] h1', WAIT)
    const shown = await page.locator('body').textContent()
    expect(shown).not.toContain('A003')
    expect(shown).not.toContain('窗口')
    await shoot(page, 'phone-06-wrong-key-360x740')

    // From the phone (the guest address), every other route is refused as for an unpaired caller.
    const refused = await page.evaluate(async () => {
      const out: Record<string, number> = {}
      for (const path of ['/api/v1/snapshot', '/api/v1/health', '/api/v1/events?after=0', '/kiosk', '/manager', '/']) out[path] = (await fetch(path)).status
      out['POST /api/v1/commands/issueTicket'] = (await fetch('/api/v1/commands/issueTicket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serviceId":"MOBILE"}' })).status
      return out
    })
    expect(Object.values(refused).every((s) => s === 401), JSON.stringify(refused)).toBe(true)
    const stream = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/api/v1/stream`)
          ws.onmessage = () => resolve('message')
          ws.onerror = () => resolve('refused')
        }),
    )
    expect(stream).toBe('refused')
    await page.goto(`${app.guestUrl}/kiosk`)
    expect(await page.locator('body').textContent()).toContain('TERMINAL_NOT_PAIRED')
    // The same routes still answer on the LAN address.
    expect((await call('GET', '/api/v1/snapshot')).status).toBe(200)
  })

  it("yesterday's key shows nothing", async () => {
    clock.advance(24 * 60 * MINUTE)
    app.hall.rolloverIfDue()
    const { page } = await phone(phoneUrl)
    await page.waitForSelector('[data-test=phone-invalid] h1', WAIT)
    expect(await page.locator('body').textContent()).not.toContain('A003')
  })
})
