/**
 * The hall's words, in real Chromium against the hub's own composition: the assessment's
 * indicators and scores are named the same on the settings page, the report page and the
 * printed sheet (src/shared/glossary.ts, in both languages); the handling indicator and the
 * peak read as sentences, not "0.02 倍" or "06:37 时"; and the English counter screen is English
 * throughout — "Counter 1", not "1号窗口".
 */
import { join } from 'node:path'
import pino from 'pino'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../src/main/app'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { ASSESSMENT_WORDS } from '../../src/shared/glossary'
import { INDICATORS } from '../../src/shared/settings'
import { launchChromium, login, openOnline, shoot, SIZES, WAIT, waitText } from '../support/browser'
import { tempDir } from '../support/hall-fixture'
import { hubClient } from '../support/hub-client'
import { ROOT } from '../support/hub-process'

const PIN = '135790'
const SCENARIO_MS = 300_000
/** Any Chinese character: what an English screen must not show of its own. */
const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/

let app: HallApp
let data: { dir: string; remove(): void }
let browser: Browser
let admin: string
const contexts: BrowserContext[] = []
const pageErrors: string[][] = []

const { ok } = hubClient(() => app.url)

async function open(path: string, size = SIZES.fullHd): Promise<Page> {
  const { context, page, errors } = await openOnline(browser, app.url + path, size)
  contexts.push(context)
  pageErrors.push(errors)
  return page
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())
}

/** The visible text of the page, as a reader sees it; the language switch names each language in itself ("中文"). */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document
    let text: string = doc.body.innerText
    for (const own of doc.querySelectorAll('[data-test^=lang-]')) text = text.replace(own.innerText, '')
    return text
  })
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-words-')
  app = await startHallApp({ dataDir: join(data.dir, 'hall'), port: 0, host: '127.0.0.1', version: 'test', adminPin: PIN, logger: pino({ level: 'silent' }) })
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '1001', name: 'Li Na', role: 'clerk', active: true, pin: '1111' }, admin)
  await ok('saveClerk', { staffCode: '2001', name: 'Zhang Wei', role: 'manager', active: true, pin: '9999' }, admin)
  // One customer served today, so the assessment has a clerk and every indicator a value.
  const li = (await ok('login', { staffCode: '1001', pin: '1111' })).token
  await ok('openCounter', { counterId: 2 }, li)
  await ok('issueTicket', { serviceId: 'MOBILE' })
  const called = await ok('callNext', { counterId: 2 }, li)
  await ok('startService', { counterId: 2 }, li)
  await ok('finishService', { counterId: 2, outcome: 'completed', items: [], note: '' }, li)
  expect(called.ticket.number).toBe('A001')
  await ok('logout', {}, li)
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await app?.close()
  data?.remove()
})

describe('one glossary for the assessment', () => {
  for (const lang of ['zh-CN', 'en-US'] as const) {
    it(`${lang}: the settings page and the report page name the indicators and scores alike`, async () => {
      const words = ASSESSMENT_WORDS[lang]
      const settings = await open(`/settings?lang=${lang}`)
      await login(settings, 'admin', PIN)
      await settings.click('[data-test=nav-assessment]')
      await settings.waitForSelector('[data-test=section-assessment] section', WAIT)
      const names = await texts(settings, '[data-test^=indicator-] strong')
      expect(names).toEqual(INDICATORS.map((k) => words.indicators[k]))
      const section = await visibleText(settings)
      expect(section).toContain(words.grade)
      expect(section).toContain(words.combined)
      expect(section.toLowerCase()).toContain(words.quantitative.toLowerCase())
      await shoot(settings, `words-settings-assessment-${lang}-1920x1080`)

      const reports = await open(`/reports?lang=${lang}`)
      await login(reports, '2001', '9999')
      await reports.waitForSelector('[data-test=report-figures]', WAIT)
      // The peak reads as a time of day, not "06:37 时".
      const peak = (await reports.locator('[data-test=fig-peakWaiting] .f-detail').textContent())!.trim()
      expect(peak).toMatch(lang === 'zh-CN' ? /^出现在 \d{2}:\d{2}$/ : /^at \d{2}:\d{2}$/)
      await reports.click('.n-tabs-tab[data-name=assessment]')
      await reports.waitForSelector('[data-test=table-assessment] [data-test=cell-quantitative]', WAIT)
      const heads = (await texts(reports, '[data-test=table-assessment] th')).join(' | ')
      for (const k of INDICATORS) expect(heads).toContain(words.indicators[k])
      for (const w of [words.quantitative, words.grade, words.combined]) expect(heads).toContain(w)
      // The handling indicator's measured value is a share of the standard, never "0.02 倍".
      const handling = (await reports.locator('[data-test=table-assessment] [data-test=cell-ind-handling] .detail').first().textContent())!.trim()
      expect(handling).toMatch(lang === 'zh-CN' ? /^标准的 \d+(\.\d)?%$/ : /^\d+(\.\d)?% of standard$/)
      expect(await visibleText(reports)).not.toMatch(/倍|\d时/)
      await shoot(reports, `words-report-assessment-${lang}-1920x1080`)
    }, SCENARIO_MS)
  }
})

describe('the English counter screen', () => {
  it('is English throughout: Counter 1, its queue and its transfer dialog', async () => {
    for (let i = 0; i < 3; i++) await ok('issueTicket', { serviceId: 'PAYMENT' })
    await ok('saveClerk', { staffCode: '1002', name: 'Wang Fang', role: 'clerk', active: true, pin: '2222' }, admin)
    await ok('openCounter', { counterId: 3 }, (await ok('login', { staffCode: '1002', pin: '2222' })).token)
    const page = await open('/counter?lang=en-US&terminal=counter-1')
    await login(page, '1001', '1111')
    await waitText(page, '[data-test=counter-name]', 'Counter 1')
    await page.waitForSelector('[data-test=actions][data-busy=""]', WAIT)
    await page.keyboard.press('F1')
    await waitText(page, '[data-test=current-number]', 'D001')
    await page.waitForSelector('[data-test=actions][data-busy=""]', WAIT)
    const shown = await visibleText(page)
    expect(shown.match(new RegExp(CJK.source, 'g')) ?? [], shown).toEqual([])
    await shoot(page, 'words-counter-en-1920x1080')
    await page.setViewportSize(SIZES.laptop)
    await shoot(page, 'words-counter-en-1366x768')
    await page.setViewportSize(SIZES.fullHd)

    // The transfer dialog lists the other counters in English too.
    await page.keyboard.press('F8')
    await page.waitForSelector('[data-test=transfer-dialog]', WAIT)
    await page.click('[data-test=transfer-dialog] .n-tabs-tab[data-name=counter]')
    await waitText(page, '[data-test=transfer-counter-3] .choice-main', 'Counter 3')
    const dialog = (await page.locator('[data-test=transfer-dialog]').innerText()).trim()
    expect(dialog).toContain('Wang Fang')
    expect(dialog.match(new RegExp(CJK.source, 'g')) ?? [], dialog).toEqual([])
    await shoot(page, 'words-counter-transfer-en-1920x1080')
    expect(pageErrors.flat()).toEqual([])
  }, SCENARIO_MS)
})
