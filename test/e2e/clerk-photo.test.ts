/**
 * The clerk's photo, end to end in Chromium against a real hub: the administrator picks a real
 * picture file on the settings page (a large PNG), the page makes it a small JPEG on a canvas and
 * sends it; the evaluator tablet at that clerk's counter shows it beside the name and 工号 when
 * the customer is asked to rate — read once, not per customer. Screenshots at the tablet's size.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { CLERK_PHOTO_MAX_BYTES } from '../../src/shared/domain'
import { TERMINAL_COOKIE } from '../../src/shared/terminals'
import { launchChromium, login, openOnline, shoot, WAIT, waitText } from '../support/browser'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'
import { portraitPng } from '../support/png'

const PIN = '135790'
const SCENARIO_MS = 300_000
/** A 10-inch evaluator tablet in landscape, and a 7-inch one. */
const TABLET = { width: 1280, height: 800 }
const SMALL_TABLET = { width: 1024, height: 600 }
let hub: HubProcess
let data: { dir: string; remove(): void }
let browser: Browser
let admin: string
const contexts: BrowserContext[] = []

async function ok(name: string, body: unknown, token?: string) {
  const res = await hub.command(name, body, token)
  expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}

beforeAll(async () => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
  data = tempDir('hallq-e2e-photo-')
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  browser = await launchChromium()
}, SCENARIO_MS)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await hub?.stop()
  data?.remove()
})

/** The evaluator tablet of counter 1: paired, its cookie set, the rating page open. */
async function tablet(): Promise<{ page: Page; photoRequests: string[] }> {
  const { code } = await ok('createPairingCode', { name: '1号窗口评价器', role: 'evaluator', counterId: 1 }, admin)
  const paired = await hub.command('pairTerminal', { code })
  const token = paired.body.token as string
  const context = await browser.newContext({ viewport: TABLET, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  contexts.push(context)
  await context.addCookies([{ name: TERMINAL_COOKIE, value: token, domain: new URL(hub.url).hostname, path: '/' }])
  const page = await context.newPage()
  const photoRequests: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/photo')) photoRequests.push(r.url())
  })
  await page.goto(`${hub.url}/rating`)
  await waitText(page, '[data-test=rating-evaluator]', '1号窗口 · 服务评价')
  return { page, photoRequests }
}

describe("the clerk's photo", () => {
  it('uploaded from the settings page as a real file, shown on the evaluator tablet beside the name and 工号', async () => {
    await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
    const file = join(data.dir, '王芳.png')
    // A camera-sized picture, far larger than the hub takes (64 kB): the page must make it small.
    const big = portraitPng(1200, 1600, 10)
    writeFileSync(file, big)
    expect(big.length).toBeGreaterThan(CLERK_PHOTO_MAX_BYTES * 5)

    // Before any photo: the tablet shows a tile with the name's first character.
    const { page: rating, photoRequests } = await tablet()
    const clerk = (await ok('login', { staffCode: '1001', pin: '1111' })).token
    await ok('openCounter', { counterId: 1 }, clerk)
    await ok('issueTicket', { serviceId: 'MOBILE' })
    await ok('callNext', { counterId: 1 }, clerk)
    await ok('startService', { counterId: 1 }, clerk)
    await ok('finishService', { counterId: 1 }, clerk)
    await rating.waitForSelector('[data-test=rate-4]', WAIT)
    await waitText(rating, '[data-test=rating-clerk]', /王芳.*工号 1001/)
    expect(await rating.locator('[data-test=rating-clerk-placeholder]').innerText()).toBe('王')
    await shoot(rating, 'clerk-photo-rating-placeholder-1280x800')
    await rating.click('[data-test=rate-4]')
    await rating.waitForSelector('[data-test=rating-thanks]', WAIT)

    // The administrator uploads the photo: a 1200×1600 PNG picked as a file.
    const { context, page: settings, errors } = await openOnline(browser, `${hub.url}/settings/clerks`)
    contexts.push(context)
    await login(settings, 'admin', PIN)
    await settings.waitForSelector('[data-test=clerk-row-1001]', WAIT)
    await settings.click('[data-test=clerk-photo-1001]')
    await settings.waitForSelector('[data-test=photo-none]', WAIT)
    await settings.setInputFiles('[data-test=clerk-photo-file]', file)
    await settings.waitForSelector('[data-test=photo-preview]', WAIT)
    await shoot(settings, 'clerk-photo-settings-preview-1920x1080')
    await settings.click('[data-test=clerk-photo-save]')
    await settings.waitForSelector('[data-test=clerk-thumb-1001]', WAIT)
    await shoot(settings, 'clerk-photo-settings-list-1920x1080')
    const snapshot = (await hub.get('/api/v1/snapshot')).body.state
    const version = snapshot.clerks[Object.values<any>(snapshot.clerks).find((c) => c.staffCode === '1001').id].photo
    expect(version).toMatch(/^[0-9a-f]{16}$/)
    // What the hub keeps is the small JPEG the page made, not the 1200×1600 PNG.
    const id = Object.values<any>(snapshot.clerks).find((c) => c.staffCode === '1001').id
    const kept = await fetch(`${hub.url}/api/v1/clerks/${id}/photo`, { headers: { authorization: `Bearer ${admin}` } })
    expect(kept.headers.get('content-type')).toBe('image/jpeg')
    const bytes = Buffer.from(await kept.arrayBuffer())
    expect(bytes.length).toBeLessThan(40 * 1024)
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    expect(errors).toEqual([])

    // Two customers: the tablet shows the photo both times and reads it once.
    for (let i = 0; i < 2; i++) {
      await ok('issueTicket', { serviceId: 'MOBILE' })
      await ok('callNext', { counterId: 1 }, clerk)
      await ok('startService', { counterId: 1 }, clerk)
      await ok('finishService', { counterId: 1 }, clerk)
      await rating.waitForSelector('[data-test=rate-4]', WAIT)
      await rating.waitForSelector('[data-test=rating-clerk-photo]', WAIT)
      const size = await rating.locator('[data-test=rating-clerk-photo]').evaluate((img: any) => [img.naturalWidth, img.naturalHeight, img.complete])
      expect(size).toEqual([240, 300, true])
      if (i === 0) {
        await shoot(rating, 'clerk-photo-rating-1280x800')
        await rating.setViewportSize(SMALL_TABLET)
        await rating.waitForTimeout(200)
        await shoot(rating, 'clerk-photo-rating-1024x600')
        await rating.setViewportSize(TABLET)
      }
      await rating.click('[data-test=rate-3]')
      await rating.waitForSelector('[data-test=rating-thanks]', WAIT)
    }
    expect(photoRequests).toHaveLength(1)
    expect(photoRequests[0]).toContain(`v=${version}`)

    // Removed on the settings page: the tablet goes back to the tile.
    await settings.click('[data-test=clerk-photo-1001]')
    await settings.click('[data-test=clerk-photo-remove]')
    await settings.locator('.n-dialog button', { hasText: '删除照片' }).click()
    await settings.waitForSelector('[data-test=clerk-thumb-1001]', { state: 'detached', ...WAIT })
    await rating.waitForSelector('[data-test=rating-clerk-placeholder]', WAIT)
  }, SCENARIO_MS)
})
