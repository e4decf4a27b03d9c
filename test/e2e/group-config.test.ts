/**
 * 集团配置 in Chromium at 1920×1080, end to end on a real PostgreSQL, a real centre and a real
 * hub: the head office edits the catalogue on /hq, is refused a bad prefix with the field named,
 * publishes; the hall switches 跟随集团配置 on in 营业厅设置 and takes the version; the hall
 * changes a target wait of its own, the next version keeps it, the settings page shows it as
 * 本厅修改 and the centre lists it for the hall; 恢复集团值 takes the group's value back.
 * Screenshots in test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, login, shoot, SIZES, WAIT, waitText, watchErrors } from '../support/browser'
import { startCentre, type CentreProcess } from '../support/centre-process'
import { tempDir } from '../support/hall-fixture'
import { startHub, type HubProcess } from '../support/hub-process'
import { PG_START_MS, startPostgres, type TestPostgres } from '../support/postgres'

const PIN = '135790'

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('group configuration on /hq and the hall’s settings page', () => {
  let server: TestPostgres
  let centre: CentreProcess
  let hub: HubProcess
  let browser: Browser
  let context: BrowserContext
  let hq: Page
  let settings: Page
  let hubToken: string
  let hqToken: string
  const data = tempDir('hallq-e2e-group-config-')
  const errors: string[] = []

  beforeAll(async () => {
    server = await startPostgres()
    const url = await server.createDatabase('group')
    centre = await startCentre({ db: url, adminPin: PIN })
    // Checks every second instead of every 3 minutes, so that a new version arrives within the test.
    process.env.HALLQ_GROUP_CONFIG_EVERY_MS = '1000'
    hub = await startHub({ dataDir: data.dir, adminPin: PIN, args: ['--central', url, '--hall-code', 'GZ-TH-001', '--hall-name', '天河营业厅', '--region', '广东/广州/天河'] })
    delete process.env.HALLQ_GROUP_CONFIG_EVERY_MS
    hubToken = (await hub.command('login', { staffCode: 'admin', pin: PIN })).body.token
    hqToken = (await centre.call('POST', '/api/v1/central/login', { staffCode: 'admin', pin: PIN })).body.token
    browser = await launchChromium()
    context = await browser.newContext({ viewport: SIZES.fullHd, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    hq = await context.newPage()
    settings = await context.newPage()
    errors.push(...watchErrors(hq), ...watchErrors(settings))
  }, 3 * PG_START_MS)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await hub?.stop()
    await centre?.stop()
    server?.destroy()
    data.remove()
  }, PG_START_MS)

  const groupStatus = async () => (await hub.get('/api/v1/group-config', hubToken)).body
  const service = async (id: string) => (await hub.get('/api/v1/snapshot', hubToken)).body.state.services[id]

  it('publishes from /hq after a refused prefix, and the hall that switches following on takes it', async () => {
    await hq.goto(`${centre.url}/hq?tab=config`)
    await hq.fill('[data-test=hq-staff] input', 'admin')
    await hq.fill('[data-test=hq-pin] input', PIN)
    await hq.click('[data-test=hq-login]')
    await waitText(hq, '[data-test=config-current]', /尚未发布集团配置/)
    // A prefix a hub would refuse: named, nothing published.
    await hq.fill('[data-test=prefix-0] input', 'a1')
    await hq.fill('[data-test=target-MOBILE] input', '12')
    await hq.click('[data-test=config-publish]')
    await hq.waitForSelector('[data-test=config-problems]', WAIT)
    expect(await hq.textContent('[data-test=config-problems]')).toContain('业务目录 1（MOBILE） · 前缀：号码前缀为 1–3 个大写字母')
    await hq.locator('[data-test=config-problems]').scrollIntoViewIfNeeded()
    await shoot(hq, 'hq-config-refused-1920x1080')
    expect((await centre.call('GET', '/api/v1/central/config', undefined, hqToken)).body.current).toBeNull()

    await hq.fill('[data-test=prefix-0] input', 'A')
    await hq.fill('[data-test=config-note] input', '首版集团目录')
    await hq.click('[data-test=config-publish]')
    await waitText(hq, '[data-test=config-current]', /^当前发布：第 1 版 · admin · .* · 首版集团目录$/)

    // The hall follows from its settings page.
    await settings.goto(`${hub.url}/settings/hall`)
    await login(settings, 'admin', PIN)
    await settings.waitForSelector('[data-test=group-config]', WAIT)
    expect(await settings.textContent('[data-test=group-version]')).toContain('未跟随集团配置')
    await settings.click('[data-test=group-follow]')
    await waitText(settings, '[data-test=group-version]', /已应用集团配置第 1 版（admin 发布于 .*） · 首版集团目录 · 本厅应用于/)
    expect((await service('MOBILE')).targetWaitMin).toBe(12)
  })

  it('keeps the hall’s own change on the next version, shows it on both pages, and takes the group value back on request', async () => {
    // The hall's own decision: a longer target wait for broadband.
    const broadband = await service('BROADBAND')
    expect((await hub.command('saveService', { service: { ...broadband, targetWaitMin: 30 } }, hubToken)).status).toBe(200)
    const v1 = (await centre.call('GET', '/api/v1/central/config', undefined, hqToken)).body.current.config
    const v2 = { ...v1, services: v1.services.map((s: { id: string }) => (s.id === 'BROADBAND' ? { ...s, targetWaitMin: 25 } : s.id === 'MOBILE' ? { ...s, targetWaitMin: 10 } : s)) }
    expect((await centre.call('POST', '/api/v1/central/config', { config: v2, note: '第二版' }, hqToken)).status).toBe(200)
    await until(async () => (await groupStatus()).version === 2, 'the hall to take version 2')
    expect((await service('MOBILE')).targetWaitMin).toBe(10)
    expect((await service('BROADBAND')).targetWaitMin).toBe(30)

    const row = '[data-test=group-fields] tr[data-field="services.BROADBAND.targetWaitMin"]'
    await settings.waitForSelector(`${row}[data-state=override]`, WAIT)
    expect((await settings.textContent(row))?.replace(/\s+/g, ' ')).toContain('宽带业务 · 目标等候（分钟）2530本厅修改恢复集团值')
    await settings.locator('[data-test=group-config]').scrollIntoViewIfNeeded()
    await shoot(settings, 'settings-group-config-1920x1080')

    await until(async () => {
      const halls = (await centre.call('GET', '/api/v1/central/config/halls', undefined, hqToken)).body.halls
      return halls.find((h: { code: string; version: number }) => h.code === 'GZ-TH-001' && h.version === 2)
    }, 'the centre to hear of version 2')
    await hq.reload()
    await hq.waitForSelector('[data-test=config-halls] tr[data-hall=GZ-TH-001]', WAIT)
    const hallRow = '[data-test=config-halls] tr[data-hall=GZ-TH-001]'
    await waitText(hq, `${hallRow} [data-test=hall-version]`, '2')
    expect((await hq.textContent(`${hallRow} [data-test=hall-overrides]`))?.replace(/\s+/g, ' ')).toContain('本厅修改 宽带业务 · 目标等候（分钟）: 30 （25）')
    await hq.locator('[data-test=config-halls]').scrollIntoViewIfNeeded()
    await shoot(hq, 'hq-config-halls-1920x1080')

    await settings.click(`${row} [data-test=group-back]`)
    await until(async () => (await service('BROADBAND')).targetWaitMin === 25, 'the group value back')
    await settings.waitForSelector(row, { ...WAIT, state: 'detached' })
    // Followed again: the centre no longer lists it once the hub has reported.
    await until(async () => {
      const halls = (await centre.call('GET', '/api/v1/central/config/halls', undefined, hqToken)).body.halls
      return halls.find((h: { code: string; overrides: unknown[] }) => h.code === 'GZ-TH-001' && h.overrides.length === 0)
    }, 'the override to be gone at the centre')
    expect(errors).toEqual([])
  })
})
