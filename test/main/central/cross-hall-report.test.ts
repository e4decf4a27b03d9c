/**
 * The cross-hall report per service and per clerk, and its XLSX and CSV export, through the
 * centre's API on a real PostgreSQL: two halls in two cities ship a day each. A one-hall report's
 * services and clerks are that hub's own report's; across both halls a service's counts are the
 * sums of the two hubs' and its percentiles those of every wait of both; the XLSX has a sheet per
 * table with the same figures; a region-scoped viewer's export holds only its region.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openClient, openPool, type Pool } from '../../../src/main/central/database'
import { buildCentralServer } from '../../../src/main/central/server'
import { CentralUsers } from '../../../src/main/central/users'
import { liveSnapshot } from '../../../src/main/central-link/extension'
import { OutboxReader } from '../../../src/main/central-link/reader'
import { Shipper } from '../../../src/main/central-link/shipper'
import { decodeRun } from '../../../src/main/reports/archive'
import type { CentralReport } from '../../../src/shared/central'
import type { ReportSummary } from '../../../src/shared/reports'
import { clerkAtCounter, MINUTE, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'
import { reportsOf } from '../../support/reports'

const PIN = '135790'
const HALLS = [
  { code: 'GZ-TH-001', name: '天河营业厅', region: '广东/广州/天河', customers: 18, pace: 2 },
  { code: 'SZ-FT-001', name: '福田营业厅', region: '广东/深圳/福田', customers: 12, pace: 5 },
] as const

async function until(probe: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 60_000
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Customers of three services arriving every `pace` minutes, two clerks serving them. */
async function day(f: Fixture, tokens: string[], customers: number, pace: number): Promise<void> {
  const services = ['MOBILE', 'PAYMENT', 'BROADBAND'] as const
  for (let i = 0; i < customers; i++) {
    await f.run('issueTicket', { serviceId: services[i % 3]! })
    f.clock.advance(pace * MINUTE)
  }
  for (let i = 0; i < customers; i++) {
    const k = i % 2
    await f.run('callNext', { counterId: k + 1 }, tokens[k])
    await f.run('startService', { counterId: k + 1 }, tokens[k])
    f.clock.advance((3 + (i % 4)) * MINUTE)
    const done = await f.run('finishService', { counterId: k + 1 }, tokens[k])
    await f.run('rateService', { recordId: done.record.id, score: ((i % 4) + 1) as 1 | 2 | 3 | 4 })
  }
}

describe('the cross-hall report per service and clerk, and its export', () => {
  let server: TestPostgres
  let pool: Pool
  let app: FastifyInstance
  let admin: string
  let businessDay: string
  const dirs: ReturnType<typeof tempDir>[] = []
  const own = new Map<string, ReportSummary>()

  beforeAll(async () => {
    server = await startPostgres()
    const url = await server.createDatabase('hq')
    pool = openPool(url)
    await migrateCentral(pool)
    for (const [i, h] of HALLS.entries()) {
      const d = tempDir('hallq-cross-hall-')
      dirs.push(d)
      const f = await openHall({ file: `${d.dir}/hallq.db` })
      const tokens = [await clerkAtCounter(f, `${i}01`, 1), await clerkAtCounter(f, `${i}02`, 2)]
      await day(f, tokens, h.customers, h.pace)
      businessDay = f.hall.state.businessDay
      own.set(h.code, reportsOf(f).summary(businessDay, businessDay))
      const shipper = new Shipper({
        connect: () => openClient(url, { application: `hallq-hub ${h.code}` }),
        reader: new OutboxReader(f.db),
        link: { url, hallCode: h.code, hallName: h.name, region: h.region },
        live: () => liveSnapshot(f.hall),
        logger: silentLogger,
        now: f.clock.read,
        liveEveryMs: 60_000,
        gatherMs: 5,
      })
      shipper.start()
      await until(() => shipper.status().behind === 0 && shipper.status().lastShippedAt !== null, `${h.code} to ship`)
      await shipper.stop()
      f.close()
    }
    const users = new CentralUsers(pool)
    await users.ensureAdmin(PIN)
    await users.save({ staffCode: 'sz', name: '深圳分析员', role: 'hq-viewer', region: '广东/深圳', pin: PIN })
    app = await buildCentralServer({ pool, users, logger: silentLogger })
    admin = await login('admin')
  }, 3 * PG_START_MS)

  afterAll(async () => {
    await app?.close()
    await pool?.end()
    server?.destroy()
    for (const d of dirs) d.remove()
  }, PG_START_MS)

  async function login(staffCode: string): Promise<string> {
    const r = await app.inject({ method: 'POST', url: '/api/v1/central/login', payload: { staffCode, pin: PIN } })
    return r.json().token as string
  }
  const get = (url: string, token = admin) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' } })
  const report = async (query: string): Promise<CentralReport> => {
    const r = await get(`/api/v1/central/report?day=${businessDay}${query}`)
    expect(r.statusCode).toBe(200)
    return r.json() as CentralReport
  }

  it('gives one hall its hub’s own services and clerks', async () => {
    for (const h of HALLS) {
      const r = await report(`&hall=${h.code}`)
      const hub = own.get(h.code)!
      expect(r.services).toEqual(
        hub.services
          .filter((s) => s.tickets.issued > 0 || s.wait.count > 0)
          .map((s) => ({ serviceId: s.serviceId, nameZh: s.nameZh, nameEn: s.nameEn, halls: 1, tickets: s.tickets, wait: s.wait, handling: s.handling, satisfaction: s.satisfaction })),
      )
      expect(r.clerks).toEqual(
        hub.clerks.map((c) => ({
          hallCode: h.code,
          hallName: h.name,
          region: h.region,
          clerkId: c.clerkId,
          staffCode: c.staffCode,
          name: c.name,
          served: c.served,
          handling: c.handling,
          calledWait: c.calledWait,
          noShow: c.noShow,
          transferred: c.transferred,
          satisfaction: c.satisfaction,
          utilisation: c.utilisation,
        })),
      )
      expect(r.clerks).toHaveLength(2)
    }
  })

  it('adds a service across halls and ranks its waits over every wait of both', async () => {
    const r = await report('')
    const [a, b] = HALLS.map((h) => own.get(h.code)!)
    expect(r.services.map((s) => s.serviceId)).toEqual(['MOBILE', 'BROADBAND', 'PAYMENT'])
    for (const s of r.services) {
      const sa = a!.services.find((x) => x.serviceId === s.serviceId)!
      const sb = b!.services.find((x) => x.serviceId === s.serviceId)!
      expect(s.halls).toBe(2)
      expect(s.tickets.issued).toBe(sa.tickets.issued + sb.tickets.issued)
      expect(s.tickets.served).toBe(sa.tickets.served + sb.tickets.served)
      expect(s.wait.count).toBe(sa.wait.count + sb.wait.count)
      expect(s.wait.withinTarget).toBe(sa.wait.withinTarget + sb.wait.withinTarget)
      expect(s.wait.maxMs).toBe(Math.max(sa.wait.maxMs!, sb.wait.maxMs!))
      expect(s.satisfaction.responses).toBe(sa.satisfaction.responses + sb.satisfaction.responses)
      // The median of every wait of the service in both halls, from the runs the hubs shipped.
      const runs = await pool.query<{ count: number; values_ms: Buffer }>("SELECT count, values_ms FROM day_runs WHERE service_id = $1 AND kind = 'wait'", [s.serviceId])
      const all = runs.rows.flatMap((x) => [...decodeRun(x.values_ms, x.count)]).sort((p, q) => p - q)
      expect(all).toHaveLength(s.wait.count)
      const mid = (all.length - 1) / 2
      expect(s.wait.medianMs).toBeCloseTo((all[Math.floor(mid)]! + all[Math.ceil(mid)]!) / 2, 6)
    }
    expect(r.clerks.map((c) => `${c.hallCode}/${c.staffCode}`)).toEqual(['GZ-TH-001/001', 'GZ-TH-001/002', 'SZ-FT-001/101', 'SZ-FT-001/102'])
  })

  it('exports the report as XLSX, a sheet per table with the same figures, and one table as CSV', async () => {
    const r = await report('')
    const xlsx = await get(`/api/v1/central/report/export?day=${businessDay}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent(`hallq-hq-all-${businessDay}_${businessDay}.xlsx`))
    const { default: ExcelJS } = await import('exceljs')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '营业厅排名', '业务', '营业员', '时段'])
    const services = book.getWorksheet('业务')!
    expect(services.rowCount).toBe(1 + r.services.length)
    expect(services.getRow(2).getCell(1).value).toBe('MOBILE')
    expect(services.getRow(2).getCell(3).value).toBe(2)
    expect(services.getRow(2).getCell(4).value).toBe(r.services[0]!.tickets.issued)
    const clerks = book.getWorksheet('营业员')!
    expect(clerks.rowCount).toBe(1 + r.clerks.length)
    expect(clerks.getRow(2).getCell(3).value).toBe(r.clerks[0]!.staffCode)
    expect(clerks.getRow(2).getCell(5).value).toBe(r.clerks[0]!.served)
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(4).value).toBe(r.totals.tickets.issued)

    const csv = await get(`/api/v1/central/report/export?day=${businessDay}&format=csv&table=services`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]!.startsWith('业务编码,业务名称,营业厅数,取号')).toBe(true)
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual(r.services.map((s) => [s.serviceId, s.nameZh, '2', String(s.tickets.issued)]))
  })

  it('gives a region’s viewer only its halls, and refuses a bad format or table with a clear error', async () => {
    const sz = await login('sz')
    const csv = await get(`/api/v1/central/report/export?day=${businessDay}&format=csv&table=clerks`, sz)
    expect(csv.statusCode).toBe(200)
    const rows = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1)
    expect(rows.map((l) => l.split(',')[0])).toEqual(['SZ-FT-001', 'SZ-FT-001'])
    const hidden = await get(`/api/v1/central/report/export?day=${businessDay}&format=xlsx&hall=GZ-TH-001`, sz)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().error.code).toBe('NOT_FOUND')
    for (const bad of ['format=pdf', 'format=csv&table=records', '']) {
      const r = await get(`/api/v1/central/report/export?day=${businessDay}&${bad}`)
      expect(r.statusCode).toBe(400)
      expect(r.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/[\u4e00-\u9fff]/) })
    }
    const unauthenticated = await app.inject({ method: 'GET', url: `/api/v1/central/report/export?day=${businessDay}&format=xlsx` })
    expect(unauthenticated.statusCode).toBe(401)
  })
})
