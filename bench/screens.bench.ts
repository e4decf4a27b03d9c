/**
 * Screens in a blink: how long a person waits between their action and its answer on a screen,
 * in Chromium (playwright-core) against the built hub with a flagship hall's morning queue.
 * Each scenario is timed inside the pages — from the click or key in one page to the DOM change
 * that shows the answer in the same or another page (both on the wall clock the pages share,
 * performance.timeOrigin + performance.now()) — so the browser driver's own round trips are not
 * counted. Baselines, measured in the same run from the same kiosk page to the same hub: a bare
 * HTTP round trip (GET /api/v1/health) and a WebSocket echo (a ping answered by a pong on the
 * event stream). A scenario answered in the page that acted is held to the HTTP round trip; one
 * answered in another page — a command over HTTP, then its event pushed over a WebSocket — to
 * the two added. Targets: p50 ≤ 80 ms, p95 ≤ 200 ms, p50 ≤ 3× its baseline.
 *
 * After the rounds, the report page is opened from /manager REPORT_LOADS times: from the
 * navigation to its first figures on screen (target ≤ 1 s on the warm hub).
 *
 * To add a scenario, add an entry to SCENARIOS: `round` returns the milliseconds of one round
 * (anything before its own start time is untimed); `reset` puts the screens back, untimed.
 *   npm run bench -- screens        (BENCH_ROUNDS=N for fewer rounds than 200)
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { buildRenderer, rendererBuildState } from '../scripts/ensure-renderer-build'
import { launchChromium, login, openOnline, WAIT, waitText } from '../test/support/browser'
import { tempDir } from '../test/support/hall-fixture'
import { ROOT, startHub } from '../test/support/hub-process'
import { figure, finish, type Figure } from './support/report'
import { quantile } from './support/stats'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const PIN = '135790'
/** A flagship morning: this many customers already waiting when the rounds start. */
const MORNING_QUEUE = 150
/** Times the report page is opened from /manager after the rounds (the first, untimed, warms it). */
const REPORT_LOADS = 10

interface Screens {
  kiosk: Page
  counter: Page
  display: Page
  /** A customer's phone, opened at the ticket's own link. */
  phone: Page
  /** Issues a ticket through the API (the morning's other kiosks). */
  issue(serviceId: string): Promise<void>
  /** The phone link of every ticket issued so far, by number (the kiosk's too). */
  phoneLinks: Map<string, string>
}

interface Scenario {
  name: string
  /** What the scenario is held to: a request answered, or a request and an event pushed elsewhere. */
  baseline: 'http' | 'http+ws'
  round(s: Screens): Promise<number>
  reset?(s: Screens): Promise<void>
}

/** The wall clock the pages share, in ms. */
const NOW = 'performance.timeOrigin + performance.now()'

/**
 * Arms a watcher in `page`: resolves (window.__benchDone) with the time `selector`'s text first
 * differs from what it is now (or the element appears).
 */
async function arm(page: Page, selector: string): Promise<void> {
  // A string, not a function: the TypeScript loader's helpers do not exist in the page.
  await page.evaluate(`(() => {
    const sel = ${JSON.stringify(selector)}
    const text = () => document.querySelector(sel)?.textContent?.trim() ?? null
    const before = text()
    window.__benchDone = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const t = text()
        if (t !== null && t !== before) {
          observer.disconnect()
          resolve(${NOW})
        }
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    })
  })()`)
}

const done = (page: Page) => page.evaluate(() => (globalThis as any).__benchDone as Promise<number>)

/** Clicks in the page and returns the time of the click. */
const clickAt = (page: Page, selector: string) =>
  page.evaluate(
    ([sel, now]) => {
      const t = new Function(`return ${now}`)() as number
      ;(globalThis as any).document.querySelector(sel).click()
      return t
    },
    [selector, NOW] as const,
  )

/** Presses a key in the page (as the counter's keyboard would) and returns the time of the press. */
const keyAt = (page: Page, key: string) =>
  page.evaluate(
    ([k, now]) => {
      const w = globalThis as any
      const t = new Function(`return ${now}`)() as number
      w.dispatchEvent(new w.KeyboardEvent('keydown', { key: k, code: k, bubbles: true, cancelable: true }))
      return t
    },
    [key, NOW] as const,
  )

const idleCounter = (page: Page) => page.waitForSelector('[data-test=actions][data-busy=""]', WAIT)

export const SCENARIOS: Scenario[] = [
  {
    name: 'kiosk tap → ticket number on screen',
    baseline: 'http',
    async round({ kiosk }) {
      await arm(kiosk, '[data-test=ticket-number]')
      const t0 = await clickAt(kiosk, '[data-test=tile-MOBILE]')
      return (await done(kiosk)) - t0
    },
    async reset({ kiosk }) {
      await kiosk.click('[data-test=ticket-done]')
      await kiosk.waitForSelector('[data-test=tile-MOBILE]', WAIT)
    },
  },
  {
    name: 'counter F1 → number on the TV',
    baseline: 'http+ws',
    async round({ counter, display }) {
      await idleCounter(counter)
      await arm(display, '[data-test=big-number]')
      const t0 = await keyAt(counter, 'F1')
      return (await done(display)) - t0
    },
    async reset({ counter, issue }) {
      // The called customer does not come (F7), and one more joins the queue, so it never runs dry.
      await idleCounter(counter)
      await counter.waitForSelector('[data-test=current-number]', WAIT)
      await keyAt(counter, 'F7')
      // Called fewer times than the hall's minimum: the counter asks first (Enter confirms).
      await counter.waitForSelector('[data-test=current] .empty, [data-test=no-show-confirm]', WAIT)
      if (await counter.locator('[data-test=no-show-confirm]').isVisible()) await keyAt(counter, 'Enter')
      await counter.waitForSelector('[data-test=current] .empty', WAIT)
      await issue('MOBILE')
    },
  },
  {
    name: "kiosk tap → the counter's queue shows it",
    baseline: 'http+ws',
    async round({ kiosk, counter }) {
      await arm(counter, '[data-test=queue-count]')
      const t0 = await clickAt(kiosk, '[data-test=tile-MOBILE]')
      return (await done(counter)) - t0
    },
    async reset({ kiosk }) {
      await kiosk.click('[data-test=ticket-done]')
      await kiosk.waitForSelector('[data-test=tile-MOBILE]', WAIT)
    },
  },
  {
    name: 'counter F1 → phone page shows the call',
    baseline: 'http+ws',
    async round({ counter, phone, phoneLinks }) {
      // Untimed: the phone of the customer the counter calls next (its queue is in call order) is opened and live.
      await idleCounter(counter)
      const next = (await counter.locator('li[data-test^=queue-]').first().getAttribute('data-test'))!.slice('queue-'.length)
      const link = phoneLinks.get(next)
      if (!link) throw new Error(`no phone link for ${next}`)
      await phone.goto(link)
      // Live: the ticket's view has come over its stream (the footer's dot).
      await phone.waitForSelector('.foot .dot.live', WAIT)
      await phone.waitForSelector('[data-test=phone-ticket][data-state=waiting]', WAIT)
      await arm(phone, '[data-test=phone-call]')
      const t0 = await keyAt(counter, 'F1')
      return (await done(phone)) - t0
    },
    async reset(s) {
      await SCENARIOS[1]!.reset!(s)
    },
  },
]

const started = performance.now()
if (rendererBuildState(ROOT).stale && buildRenderer(ROOT) !== 0) throw new Error('building the screens failed')
const data = tempDir('hallq-bench-screens-')
const hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
const browser = await launchChromium()
try {
  const ok = async (name: string, body: unknown, token?: string) => {
    const res = await hub.command(name, body, token)
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body
  }
  const admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token as string
  await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
  // The phone links name the guest Wi-Fi's address; the bench opens them on the hub's own.
  await ok('updateSettings', { patch: { phone: { guestUrl: 'http://hallq.guest:8080' } } }, admin)
  const phoneLinks = new Map<string, string>()
  const remember = (answer: { ticket?: { number?: string }; phoneUrl?: string | null }) => {
    if (answer.ticket?.number && answer.phoneUrl) phoneLinks.set(answer.ticket.number, answer.phoneUrl.replace(/^https?:\/\/[^/]+/, hub.url))
  }
  const issue = async (serviceId: string) => remember((await ok('issueTicket', { serviceId })) as Parameters<typeof remember>[0])
  for (let i = 0; i < MORNING_QUEUE; i++) await issue(i % 3 === 0 ? 'BROADBAND' : 'MOBILE')

  const kiosk = (await openOnline(browser, `${hub.url}/kiosk?terminal=kiosk-bench`)).page
  const display = (await openOnline(browser, `${hub.url}/display?terminal=display-bench`)).page
  const counter = (await openOnline(browser, `${hub.url}/counter?terminal=counter-bench`)).page
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' })).newPage()
  // The kiosk's own tickets: their links come in its answers.
  kiosk.on('response', (res) => {
    if (res.url().endsWith('/commands/issueTicket') && res.ok()) void res.json().then(remember, () => undefined)
  })
  await login(counter, '1001', '1111')
  await counter.waitForSelector('[data-test=open-counter-1], [data-test=counter-name]', WAIT)
  if (await counter.locator('[data-test=open-counter-1]').count()) await counter.click('[data-test=open-counter-1]')
  await waitText(counter, '[data-test=counter-name]', '1号窗口')
  const screens: Screens = { kiosk, counter, display, phone, issue, phoneLinks }

  const baseline: number[] = []
  const httpRound = () =>
    kiosk.evaluate(async (now) => {
      const clock = new Function(`return ${now}`) as () => number
      const t0 = clock()
      const res = await fetch('/api/v1/health', { cache: 'no-store' })
      await res.json()
      return clock() - t0
    }, NOW)
  // The WebSocket echo: the kiosk page's own socket on the event stream, a ping answered by a pong.
  await kiosk.evaluate(`(async () => {
    const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/v1/stream')
    await new Promise((ok, fail) => { ws.onmessage = ok; ws.onerror = fail })
    window.__benchEcho = () => new Promise((resolve) => {
      ws.onmessage = (e) => {
        if (JSON.parse(e.data).type === 'pong') resolve(${NOW})
      }
      const t0 = ${NOW}
      ws.send('{"type":"ping"}')
      window.__benchEchoStart = t0
    })
  })()`)
  const wsEcho: number[] = []
  const wsRound = () => kiosk.evaluate(`window.__benchEcho().then((t) => t - window.__benchEchoStart)`) as Promise<number>
  const times = new Map<string, number[]>(SCENARIOS.map((s) => [s.name, []]))
  // Rounds interleave the scenarios and the baseline, so a busy moment on the machine is shared.
  const WARM_UP = 5
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    const b = await httpRound()
    const w = await wsRound()
    if (i >= WARM_UP) {
      baseline.push(b)
      wsEcho.push(w)
    }
    for (const s of SCENARIOS) {
      const ms = await s.round(screens)
      if (i >= WARM_UP) times.get(s.name)!.push(ms)
      await s.reset?.(screens)
    }
  }

  // The report page opened from /manager on the now warm hub: from the navigation to the first
  // figures on screen, timed in the page (a MutationObserver armed before the page's own code).
  const managerContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await managerContext.addInitScript(`new MutationObserver((_, o) => {
    if (document.querySelector('[data-test=fig-issued] .f-value')) { window.__figuresAt = performance.now(); o.disconnect() }
  }).observe(document, { subtree: true, childList: true })`)
  const manager = await managerContext.newPage()
  await manager.goto(`${hub.url}/manager?terminal=manager-bench`)
  await login(manager, 'admin', PIN)
  await manager.waitForSelector('[data-test=open-reports]', WAIT)
  const reportLoads: number[] = []
  for (let i = 0; i < REPORT_LOADS + 1; i++) {
    await manager.goto(`${hub.url}/manager?terminal=manager-bench`)
    await manager.click('[data-test=open-reports]')
    await manager.waitForSelector('[data-test=fig-issued] .f-value', WAIT)
    const at = (await manager.evaluate('window.__figuresAt')) as number
    if (i > 0) reportLoads.push(at)
  }
  await managerContext.close()

  const http50 = quantile(baseline, 0.5)
  const ws50 = quantile(wsEcho, 0.5)
  const bases = {
    http: { name: 'HTTP round trip', value: http50 },
    'http+ws': { name: 'HTTP round trip + WebSocket echo', value: http50 + ws50 },
  }
  const figures: Figure[] = [figure('baseline: HTTP round trip p50', http50, 'ms'), figure('baseline: WebSocket echo p50', ws50, 'ms')]
  figures.push(figure('report page from /manager → first figures: p50', quantile(reportLoads, 0.5), 'ms', { max: 1000, of: 'value' }))
  figures.push(figure('report page from /manager → first figures: max', Math.max(...reportLoads), 'ms'))
  for (const s of SCENARIOS) {
    const xs = times.get(s.name)!
    figures.push(figure(`${s.name}: p50`, quantile(xs, 0.5), 'ms', { max: 80, of: 'value' }))
    figures.push(figure(`${s.name}: p95`, quantile(xs, 0.95), 'ms', { max: 200, of: 'value' }))
    figures.push(figure(`${s.name}: p50 vs baseline`, quantile(xs, 0.5), 'ms', { baseline: bases[s.baseline], max: 3 }))
  }
  finish(
    'screens',
    `Screens — ${ROUNDS} rounds each in Chromium, a morning queue of ${MORNING_QUEUE}`,
    figures,
    [
      `baseline HTTP round trip p50 ${http50.toFixed(1)} ms, p95 ${quantile(baseline, 0.95).toFixed(1)} ms; WebSocket echo p50 ${ws50.toFixed(1)} ms, p95 ${quantile(wsEcho, 0.95).toFixed(1)} ms`,
      'times from the action in one page to the DOM change in the page that answers; painting adds at most a frame',
    ],
    started,
  )
} finally {
  await browser.close()
  await hub.stop()
  data.remove()
}
