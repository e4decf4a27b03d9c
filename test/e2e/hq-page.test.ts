/**
 * The 总部 page in Chromium at 1920×1080, as a head-office analyst uses it: four halls in three
 * cities have shipped two business days to the centre (one hall has been silent for 25 minutes,
 * one has customers waiting far over target). The live board lists them all with the alerts, the
 * two-day report ranks them and totals them, shows them per service and per clerk and exports
 * them as Excel, a region narrows it, and a hall's drill-down shows the hub's own report tables — with the hub's own figures. Screenshots in test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openClient, openPool, type Pool } from '../../src/main/central/database'
import { liveSnapshot } from '../../src/main/central-link/extension'
import { OutboxReader } from '../../src/main/central-link/reader'
import { Shipper } from '../../src/main/central-link/shipper'
import { launchChromium, shoot, SIZES, WAIT, watchErrors } from '../support/browser'
import { startCentre, type CentreProcess } from '../support/centre-process'
import { clerkAtCounter, MINUTE, NINE_AM, openHall, silentLogger, tempDir, type Fixture } from '../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../support/postgres'
import { reportsOf } from '../support/reports'

const PIN = '135790'
const DAY1 = '2026-11-28'
const DAY2 = '2026-11-29'

const HALLS = [
  { code: 'GZ-TH-001', name: '天河营业厅', region: '广东/广州/天河', customers: 24, silentMin: 0, overTarget: false },
  { code: 'GZ-YX-002', name: '越秀营业厅', region: '广东/广州/越秀', customers: 16, silentMin: 0, overTarget: true },
  { code: 'SZ-FT-001', name: '福田营业厅', region: '广东/深圳/福田', customers: 20, silentMin: 25, overTarget: false },
  { code: 'DG-NC-003', name: '南城营业厅', region: '广东/东莞/南城', customers: 12, silentMin: 0, overTarget: false },
] as const

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * A stretch of the day: a customer every few minutes for some hours, two counters serving as they
 * come (slower with `slow`), a no-show now and then, most customers rating on the hub's screen.
 */
async function stretch(f: Fixture, tokens: string[], customers: number, slow: number): Promise<void> {
  const services = ['MOBILE', 'PAYMENT', 'BROADBAND'] as const
  let called = 0
  const serveOne = async () => {
    const counterId = (called % 2) + 1
    const token = tokens[called % 2]!
    const n = called++
    await f.run('callNext', { counterId }, token)
    if (n % 9 === 8) {
      await f.run('noShow', { counterId }, token)
      return
    }
    await f.run('startService', { counterId }, token)
    f.clock.advance((2 + slow + (n % 3)) * MINUTE)
    const done = await f.run('finishService', { counterId }, token)
    if (n % 4 !== 3) await f.run('rateService', { recordId: done.record.id, score: (((n + slow) % 4) + 1) as 1 | 2 | 3 | 4 })
  }
  for (let i = 0; i < customers; i++) {
    await f.run('issueTicket', { serviceId: services[i % 3]! })
    f.clock.advance((4 + slow) * MINUTE)
    if (i % 2 === 1) {
      await serveOne()
      await serveOne()
    }
  }
  while (called < customers) await serveOne()
}

describe('the 总部 page', () => {
  let server: TestPostgres
  let url: string
  let pool: Pool
  let centre: CentreProcess
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const dirs: ReturnType<typeof tempDir>[] = []
  const fixtures = new Map<string, Fixture>()

  beforeAll(async () => {
    server = await startPostgres()
    url = await server.createDatabase('hq')
    pool = openPool(url)
    await migrateCentral(pool)
    for (const [i, h] of HALLS.entries()) {
      const d = tempDir('hallq-hq-page-')
      dirs.push(d)
      const f = await openHall({ file: `${d.dir}/hallq.db` })
      fixtures.set(h.code, f)
      const tokens = [await clerkAtCounter(f, `${i}01`, 1), await clerkAtCounter(f, `${i}02`, 2)]
      await stretch(f, tokens, h.customers, i)
      f.clock.minutes(30)
      await f.run('closeDay', {}, f.adminToken)
      f.clock.now = NINE_AM + 24 * 60 * MINUTE
      // The close closed the counters: the clerks open them again on the next day.
      for (const [k, token] of tokens.entries()) await f.run('openCounter', { counterId: k + 1 }, token)
      await stretch(f, tokens, Math.round(h.customers / 2), i + 1)
      if (h.overTarget) {
        // Customers arrive and nobody calls them for 45 minutes.
        for (let k = 0; k < 4; k++) await f.run('issueTicket', { serviceId: 'MOBILE' })
        f.clock.minutes(45)
      }
      // The hall's last report: now, or (the silent hall) 25 minutes ago.
      const shippedAt = Date.now() - h.silentMin * MINUTE
      const shipper = new Shipper({
        connect: () => openClient(url, { application: `hallq-hub ${h.code}` }),
        reader: new OutboxReader(f.db),
        link: { url, hallCode: h.code, hallName: h.name, region: h.region },
        live: () => liveSnapshot(f.hall),
        logger: silentLogger,
        now: () => shippedAt,
        liveEveryMs: 60_000,
        gatherMs: 5,
      })
      shipper.start()
      await until(() => shipper.status().behind === 0 && shipper.status().lastShippedAt !== null, `${h.code} to ship`)
      await shipper.stop()
    }
    centre = await startCentre({ db: url, adminPin: PIN })
    browser = await launchChromium()
    context = await browser.newContext({ viewport: SIZES.fullHd, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    page = await context.newPage()
  }, 5 * PG_START_MS)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await centre?.stop()
    for (const f of fixtures.values()) f.close()
    await pool?.end()
    server?.destroy()
    for (const d of dirs) d.remove()
  }, PG_START_MS)

  it('shows the live board with alerts, a ranked range report, a region, and a hall drill-down with the hub’s own figures', async () => {
    await page.goto(`${centre.url}/hq`)
    // A wrong PIN is refused with the centre's translated message.
    await page.fill('[data-test=hq-staff] input', 'admin')
    await page.fill('[data-test=hq-pin] input', '000000')
    await page.click('[data-test=hq-login]')
    await page.waitForSelector('[data-test=hq-login-error]', WAIT)
    expect(await page.textContent('[data-test=hq-login-error]')).toMatch(/密码|PIN/)
    // From here on the page logs no error at all (the refused PIN above logged its 401).
    const errors = watchErrors(page)
    await page.fill('[data-test=hq-pin] input', PIN)
    await page.click('[data-test=hq-login]')

    // 1. The live board: every hall, its waiting now, and the two alerts.
    await page.waitForSelector('[data-test=board-row-DG-NC-003]', WAIT)
    expect(await page.textContent('[data-test=kpi-halls]')).toBe('4')
    await page.waitForSelector('[data-test=alert-silent-SZ-FT-001]', WAIT)
    await page.waitForSelector('[data-test=alert-overTarget-GZ-YX-002]', WAIT)
    expect(await page.locator('[data-test^=alert-silent-]').count()).toBe(1)
    expect(await page.textContent('[data-test=alert-silent-SZ-FT-001]')).toContain('25 分钟')
    expect(await page.textContent('[data-test=kpi-waiting]')).toBe('4')
    const yx = await page.textContent('[data-test=board-row-GZ-YX-002]')
    expect(yx).toContain('越秀营业厅')
    expect(yx).toContain('45分') // the longest wait, as the hub's reports write it
    await shoot(page, 'hq-board')

    // 2. The two-day report for every hall: ranked, totalled, the hub's own figures per hall.
    await page.goto(`${centre.url}/hq?tab=report&from=${DAY1}&to=${DAY2}`)
    await page.waitForSelector('[data-test=report-row-SZ-FT-001]', WAIT)
    let issued = 0
    for (const h of HALLS) {
      const own = reportsOf(fixtures.get(h.code)!).summary(DAY1, DAY2)
      issued += own.hall.tickets.issued
      const row = await page.textContent(`[data-test=report-row-${h.code}]`)
      expect(row).toContain(`${own.hall.tickets.issued}`)
      expect(row).toContain(`${own.hall.tickets.served}`)
    }
    expect(Number(await page.textContent('[data-test=total-issued]'))).toBe(issued)
    // Ranked by service level, best first.
    const api = (await centre.call('GET', `/api/v1/central/report?from=${DAY1}&to=${DAY2}`, undefined, await token())).body
    const best = [...api.halls].sort((a: any, b: any) => (b.wait.serviceLevel ?? -1) - (a.wait.serviceLevel ?? -1))[0]
    const firstRow = page.locator('[data-test^=report-row-]').first()
    expect(await firstRow.getAttribute('data-test')).toBe(`report-row-${best.code}`)
    await shoot(page, 'hq-report-range')

    // 2b. Per service across the halls, and per clerk of each hall: the hubs' own figures.
    await page.click('[data-test=report-tables] .n-tabs-tab[data-name=services]')
    await page.waitForSelector('[data-test=service-row-MOBILE]', WAIT)
    const hubs = HALLS.map((h) => reportsOf(fixtures.get(h.code)!).summary(DAY1, DAY2))
    const mobileIssued = hubs.reduce((n, s) => n + (s.services.find((x) => x.serviceId === 'MOBILE')?.tickets.issued ?? 0), 0)
    const mobile = (await page.textContent('[data-test=service-row-MOBILE]'))!
    expect(mobile).toContain('移动业务')
    expect(mobile).toContain(String(mobileIssued))
    expect(api.services.find((x: any) => x.serviceId === 'MOBILE').tickets.issued).toBe(mobileIssued)
    await shoot(page, 'hq-report-services')
    await page.click('[data-test=report-tables] .n-tabs-tab[data-name=clerks]')
    const th = hubs[0]!.clerks[0]!
    await page.waitForSelector(`[data-test=clerk-row-GZ-TH-001-${th.staffCode}]`, WAIT)
    const clerkRow = (await page.textContent(`[data-test=clerk-row-GZ-TH-001-${th.staffCode}]`))!
    expect(clerkRow).toContain('天河营业厅')
    expect(clerkRow).toContain(th.name)
    expect(clerkRow).toContain(String(th.served))
    expect(await page.locator('[data-test^=clerk-row-]').count()).toBe(hubs.reduce((n, s) => n + s.clerks.length, 0))
    await shoot(page, 'hq-report-clerks')
    // The Excel export: the centre's workbook, a sheet per table.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=report-xlsx]')])
    expect(download.suggestedFilename()).toBe(`hallq-hq-all-${DAY1}_${DAY2}.xlsx`)
    const { default: ExcelJS } = await import('exceljs')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile((await download.path())!)
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '营业厅排名', '业务', '营业员', '时段'])
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(4).value).toBe(issued)

    // 3. One region: Guangzhou's two halls only.
    await page.goto(`${centre.url}/hq?tab=report&from=${DAY1}&to=${DAY2}&region=${encodeURIComponent('广东/广州')}`)
    await page.waitForSelector('[data-test=report-row-GZ-TH-001]', WAIT)
    await until(async () => (await page.locator('[data-test^=report-row-]').count()) === 2, 'the region to narrow the report to two halls')
    expect(await page.locator('[data-test=report-row-SZ-FT-001]').count()).toBe(0)

    // 4. A hall's drill-down, opened from the report: the hub's tables, the hub's figures.
    await page.click('[data-test=report-row-GZ-TH-001]')
    await page.waitForSelector('[data-test=hall-title]', WAIT)
    const own = reportsOf(fixtures.get('GZ-TH-001')!).summary(DAY1, DAY2)
    await until(async () => (await page.textContent('[data-test=hall-issued]')) === String(own.hall.tickets.issued), 'the drill-down to show the hall’s two days')
    expect(await page.textContent('[data-test=hall-served]')).toBe(String(own.hall.tickets.served))
    await page.waitForSelector('[data-test=hq-table-services] [data-test=row-MOBILE]', WAIT)
    const centreSummary = (await centre.call('GET', `/api/v1/central/halls/GZ-TH-001/summary?from=${DAY1}&to=${DAY2}`, undefined, await token())).body
    // The centre has the hall's figures, not its complaint cases or incident records: those stay
    // in the hall (docs/central.md), so the centre says `incidents: null`, has no cases, and no
    // clerk's `complaints` (the cases about the clerk).
    const { asOf: _a, ...centreFigures } = centreSummary
    const { asOf: _b, complaintCases: _c, incidents: _d, ...hubFigures } = own
    const withoutCases = { ...hubFigures, clerks: hubFigures.clerks.map((c) => ({ ...c, complaints: null })) }
    expect(centreFigures).toEqual({ ...JSON.parse(JSON.stringify(withoutCases)), incidents: null })
    await shoot(page, 'hq-hall-drilldown')

    // 5. In English too.
    await page.click('[data-test=hq-language]')
    await page.waitForSelector('text=Hall detail', WAIT)
    expect(errors).toEqual([])
  }, 300_000)

  async function token(): Promise<string> {
    return (await centre.call('POST', '/api/v1/central/login', { staffCode: 'admin', pin: PIN })).body.token as string
  }
})
