/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs, and a place
 * for screenshots (test-results/screenshots/, not committed).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { ROOT } from './hub-process'
import { chromiumPath } from './requirements'

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

export const SIZES = {
  fullHd: { width: 1920, height: 1080 },
  laptop: { width: 1366, height: 768 },
  portrait: { width: 1080, height: 1920 },
} as const

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The hall display speaks without a click, as it does in the desktop app and in kiosk-mode browsers.
      '--autoplay-policy=no-user-gesture-required',
    ],
  })
}

export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  // Fonts and the first paint of the stream-fed state, then the picture.
  await page.evaluate(() => (globalThis as any).document.fonts.ready)
  await page.screenshot({ path })
  return path
}

/** Collects the page's errors, so a test can say there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return errors
}

/** How long a browser step waits: a slow shared machine, but never minutes for one step. */
export const WAIT = { timeout: 30_000 }

/** Waits until the element's text (spaces collapsed) is `expected`, or matches it. */
export async function waitText(page: Page, selector: string, expected: string | RegExp, wait: { timeout: number } = WAIT): Promise<void> {
  await page.waitForFunction(
    ([sel, want, isRe]) => {
      const t = (globalThis as any).document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
      return isRe ? new RegExp(want).test(t) : t === want
    },
    [selector, typeof expected === 'string' ? expected : expected.source, typeof expected !== 'string'] as const,
    wait,
  )
}

/** The staff login form every staff screen shows first. */
export async function login(page: Page, staffCode: string, pin: string): Promise<void> {
  await page.fill('input[name=staff-code]', staffCode)
  await page.fill('input[name=pin]', pin)
  await page.click('[data-test=login-submit]')
}

/**
 * Opens a screen in a new context (its own storage, Chinese, the hall's time zone) and waits
 * until it is online: the hall state has arrived over the WebSocket. Its errors are collected.
 */
export async function openOnline(browser: Browser, url: string, size: { width: number; height: number } = SIZES.fullHd): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(url)
  await page.waitForFunction(() => {
    const doc = (globalThis as any).document
    return !doc.querySelector('[data-test=connection-banner]') && doc.querySelector('#app')?.children.length > 0
  }, null, WAIT)
  return { context, page, errors }
}
