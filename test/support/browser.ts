/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs, and a place
 * for screenshots (test-results/screenshots/, not committed).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { ROOT } from './hub-process'

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')

export const SIZES = {
  fullHd: { width: 1920, height: 1080 },
  laptop: { width: 1366, height: 768 },
  portrait: { width: 1080, height: 1920 },
} as const

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
