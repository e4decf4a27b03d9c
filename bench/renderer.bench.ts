/**
 * Renderer: what the kiosk and the hall display download (JavaScript and CSS, gzip) from the
 * production build, and how soon a cold Chromium shows them — first contentful paint, and the
 * moment the screen is usable (the kiosk's service tiles; the display's board with the hall's
 * state) — against a static page with one line of Chinese text served from the same machine and
 * loaded the same way in the same run. Target: each page's JavaScript within its budget.
 *
 * Each load is a new browser context (empty cache), the median of several, pages served by the
 * hub itself (startHallApp) from out/renderer, as a kiosk or TV on the LAN would load them.
 */
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import pino from 'pino'
import type { Browser } from 'playwright-core'
import { startHallApp } from '../src/main/app'
import { buildRenderer, rendererBuildState } from '../scripts/ensure-renderer-build'
import { pageWeights } from '../scripts/page-weights'
import { launchChromium } from '../test/support/browser'
import { tempDir } from '../test/support/hall-fixture'
import { ROOT } from '../test/support/hub-process'
import { figure, finish, type Figure } from './support/report'
import { median } from './support/stats'

const started = performance.now()
const LOADS = 7
/** Gzip kilobytes of JavaScript a role page may ship; the kiosk and the TV are often slow boxes. */
const JS_BUDGET_KB = 125

if (rendererBuildState(ROOT).stale && buildRenderer(ROOT) !== 0) throw new Error('the renderer build failed')
const assets = join(ROOT, 'out', 'renderer', 'assets')
const weights = pageWeights(join(ROOT, 'out', 'renderer'))

const data = tempDir('hallq-bench-renderer-')
const app = await startHallApp({ dataDir: data.dir, port: 0, host: '127.0.0.1', version: 'bench', adminPin: '246810', logger: pino({ level: 'silent' }) })
const baseline = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>HallQ</title><body><h1>请 A023 号到 3 号窗口</h1></body></html>')
})
await new Promise<void>((ok) => baseline.listen(0, '127.0.0.1', ok))
const baselineUrl = `http://127.0.0.1:${(baseline.address() as { port: number }).port}/`

interface Load {
  fcp: number
  ready: number
}

async function load(browser: Browser, url: string, readyWhen: string | null): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const t0 = Date.now()
  await page.goto(url)
  // The screen's own element is there and the hall's state has arrived (no connection banner).
  if (readyWhen) {
    await page.waitForFunction(
      (sel) => {
        const doc = (globalThis as any).document
        return !!doc.querySelector(sel) && !doc.querySelector('[data-test=connection-banner]')
      },
      readyWhen,
      { timeout: 30_000, polling: 'raf' },
    )
  }
  const ready = Date.now() - t0
  const fcp = await page.evaluate(async () => {
    const g = globalThis as any
    for (let i = 0; i < 100; i++) {
      const entry = g.performance.getEntriesByName('first-contentful-paint')[0]
      if (entry) return entry.startTime as number
      await new Promise((r) => g.setTimeout(r, 20))
    }
    return Number.NaN
  })
  await context.close()
  return { fcp, ready: readyWhen ? ready : fcp }
}

const pages = [
  { view: 'KioskView', path: '/kiosk', readyWhen: '[data-test^=tile-]' },
  { view: 'DisplayView', path: '/display', readyWhen: '[data-test=display]' },
]

const figures: Figure[] = []
const notes: string[] = []
const browser = await launchChromium()
try {
  const base: Load[] = []
  const runs = new Map<string, Load[]>(pages.map((p) => [p.view, []]))
  await load(browser, baselineUrl, null) // the browser's own first start
  // Interleaved, so a busy moment of the machine falls on both.
  for (let i = 0; i < LOADS; i++) {
    base.push(await load(browser, baselineUrl, null))
    for (const p of pages) runs.get(p.view)!.push(await load(browser, app.url + p.path, p.readyWhen))
  }
  const baseFcp = { name: 'static page', value: median(base.map((b) => b.fcp)) }
  for (const p of pages) {
    const w = weights.find((x) => x.view === p.view)
    if (!w) throw new Error(`no ${p.view} in the renderer build`)
    const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0) / 1024
    const js = gz(w.files.filter((f) => f.endsWith('.js')))
    const css = gz(w.files.filter((f) => f.endsWith('.css')))
    const name = p.view.replace('View', '').toLowerCase()
    figures.push(figure(`${name}: JavaScript, gzip`, js, 'kB', { max: JS_BUDGET_KB, of: 'value' }))
    figures.push(figure(`${name}: CSS, gzip`, css, 'kB'))
    const r = runs.get(p.view)!
    figures.push(figure(`${name}: first contentful paint`, median(r.map((x) => x.fcp)), 'ms', { baseline: baseFcp }))
    figures.push(figure(`${name}: usable (state shown)`, median(r.map((x) => x.ready)), 'ms', { baseline: baseFcp }))
    notes.push(`${name}: ${w.files.length} files, ${(w.bytes / 1024).toFixed(0)} kB before gzip`)
  }
  notes.push(`median of ${LOADS} cold loads each (new browser context), 1920×1080, served by the hub on loopback; baseline a static page with one line of Chinese`)
} finally {
  await browser.close()
  await app.close()
  baseline.close()
  data.remove()
}
finish('renderer', 'Renderer — the kiosk and the hall display: bytes shipped and time to first paint', figures, notes, started)
