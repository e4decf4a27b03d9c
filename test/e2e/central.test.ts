/**
 * Three halls and one centre on a real PostgreSQL. Each hall has a busy stretch; the centre's
 * database is stopped for a minute while the halls go on; one hub is SIGKILLed with a batch in
 * flight and started again. Afterwards every logged command of every hall is at the centre
 * exactly once, and each hall's closed day at the centre equals that hub's own report.
 *
 * The outage lasts HALLQ_E2E_PG_DOWN_MS milliseconds (default 60000, the minute of the issue);
 * a shorter one may be given to run it faster. Every wait has a deadline and fails saying what
 * it waited for; every request to a hub or the centre has one too (test/support).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCentre, type CentreProcess } from '../support/centre-process'
import { tempDir } from '../support/hall-fixture'
import { startHub, type HubProcess } from '../support/hub-process'
import { PG_START_MS, startPostgres, type TestPostgres } from '../support/postgres'

const PIN = '135790'
/** How long the centre's database is down while the halls work. */
const PG_DOWN_MS = Number(process.env.HALLQ_E2E_PG_DOWN_MS ?? 60_000)

const HALLS = [
  { code: 'GZ-TH-001', name: '天河营业厅', region: '广东/广州/天河' },
  { code: 'GZ-YX-002', name: '越秀营业厅', region: '广东/广州/越秀' },
  { code: 'SZ-FT-001', name: '福田营业厅', region: '广东/深圳/福田' },
]

/** Polls until `probe` gives a value; a probe that itself never answers is given up at the deadline too. */
async function until<T>(probe: () => Promise<T | false | null | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs
  let last = ''
  for (;;) {
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(1, end - Date.now()))))
    const v = await Promise.race([
      probe().catch((err: unknown) => {
        last = err instanceof Error ? err.message : String(err)
        return false as const
      }),
      expired,
    ])
    clearTimeout(timer)
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ''}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

interface Hall {
  code: string
  dir: string
  hub: HubProcess
  admin: string
  clerks: string[]
}

async function login(hub: HubProcess, staffCode: string, pin: string): Promise<string> {
  const r = await hub.command('login', { staffCode, pin })
  expect(r.status).toBe(200)
  return r.body.token as string
}

/** Customers arrive, then two counters serve them all; every answer must be a success. */
async function busy(h: Hall, customers: number): Promise<void> {
  const ok = async (name: string, body: unknown, token?: string) => {
    const r = await h.hub.command(name, body, token)
    if (r.status !== 200) throw new Error(`${h.code} ${name}: ${JSON.stringify(r.body)}`)
    return r.body
  }
  for (let i = 0; i < customers; i++) await ok('issueTicket', { serviceId: ['MOBILE', 'PAYMENT', 'BROADBAND'][i % 3] })
  for (let i = 0; i < customers; i++) {
    const counterId = (i % 2) + 1
    const token = h.clerks[i % 2]
    await ok('callNext', { counterId }, token)
    if (i % 7 === 6) {
      await ok('noShow', { counterId }, token)
      continue
    }
    await ok('startService', { counterId }, token)
    const done = await ok('finishService', { counterId, note: '客户手机 13912345678' }, token)
    // The customer rates on the hub PC's own rating screen: no login (a clerk's is refused).
    if (i % 3 !== 0) await ok('rateService', { recordId: done.record.id, score: (i % 4) + 1 })
  }
}

async function linkOf(h: Hall): Promise<any> {
  return (await h.hub.get('/api/v1/central-link', h.admin)).body
}

describe('three halls report to one centre', () => {
  let server: TestPostgres
  let db: string
  let centre: CentreProcess
  const halls: Hall[] = []
  const dirs: ReturnType<typeof tempDir>[] = []

  const hubArgs = (i: number) => ['--central', db, '--hall-code', HALLS[i]!.code, '--hall-name', HALLS[i]!.name, '--region', HALLS[i]!.region]

  beforeAll(async () => {
    server = await startPostgres()
    db = await server.createDatabase('hq')
    centre = await startCentre({ db, adminPin: PIN, viaNpm: true })
    for (let i = 0; i < HALLS.length; i++) {
      const d = tempDir('hallq-central-e2e-')
      dirs.push(d)
      const hub = await startHub({ dataDir: d.dir, adminPin: PIN, args: hubArgs(i) })
      const admin = await login(hub, 'admin', PIN)
      const clerks: string[] = []
      for (const id of [1, 2]) {
        expect((await hub.command('saveClerk', { staffCode: `c${id}`, name: `营业员${id}`, role: 'clerk', active: true, pin: '1234' }, admin)).status).toBe(200)
        const token = await login(hub, `c${id}`, '1234')
        expect((await hub.command('openCounter', { counterId: id }, token)).status).toBe(200)
        clerks.push(token)
      }
      halls.push({ code: HALLS[i]!.code, dir: d.dir, hub, admin, clerks })
    }
  }, 5 * PG_START_MS)

  afterAll(async () => {
    for (const h of halls) await h.hub.stop('SIGKILL').catch(() => {})
    await centre?.stop()
    server?.destroy()
    for (const d of dirs) d.remove()
  }, PG_START_MS)

  it('keeps every event exactly once through a stopped database and a killed hub, and each hall’s day equals its hub’s report', async () => {
    expect(await (await fetch(`${centre.url}/api/v1/health`)).json()).toEqual({ ok: true })
    // 1. A busy stretch in every hall, shipped as it happens.
    await Promise.all(halls.map((h) => busy(h, 30)))
    for (const h of halls) await until(async () => (await linkOf(h)).behind === 0 && (await linkOf(h)).connected, `${h.code} to report`)

    // 2. The centre's database stops for a minute; the halls go on serving.
    server.stop()
    const downSince = Date.now()
    await Promise.all(halls.map((h) => busy(h, 20)))
    for (const h of halls) {
      const link = await until(async () => {
        const l = await linkOf(h)
        return !l.connected && l
      }, `${h.code} to notice the centre is gone`)
      expect(link.behind).toBeGreaterThan(0)
    }
    await new Promise((r) => setTimeout(r, Math.max(0, PG_DOWN_MS - (Date.now() - downSince))))

    // 3. It comes back, but hall B's row is held so its first batch waits inside its transaction:
    //    hall B is SIGKILLed with that batch in flight.
    const [, b] = halls as [Hall, Hall, Hall]
    server.start()
    const holder = new pg.Client({ connectionString: db, query_timeout: 30_000, connectionTimeoutMillis: 30_000 })
    holder.on('error', () => {})
    await holder.connect()
    // Watched from another connection: inside the holder's transaction pg_stat_activity would
    // show the same snapshot until it ends.
    const watcher = new pg.Client({ connectionString: db, query_timeout: 30_000, connectionTimeoutMillis: 30_000 })
    watcher.on('error', () => {})
    await watcher.connect()
    await holder.query('BEGIN')
    await holder.query('SELECT 1 FROM halls WHERE hall_code = $1 FOR UPDATE', [b.code])
    // Hall B has something to ship even if it caught up in the moment before the row was held.
    expect((await b.hub.command('issueTicket', { serviceId: 'MOBILE' })).status).toBe(200)
    await until(
      async () =>
        (await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [`hallq-hub ${b.code}`])).rowCount === 1,
      'hall B’s batch to be in flight',
      120_000,
    )
    await b.hub.stop('SIGKILL')
    await holder.query('ROLLBACK')
    await holder.end()
    await watcher.end()
    b.hub = await startHub({ dataDir: b.dir, args: hubArgs(1) })
    b.admin = await login(b.hub, 'admin', PIN)
    b.clerks = [await login(b.hub, 'c1', '1234'), await login(b.hub, 'c2', '1234')]
    await busy(b, 10)
    // …and whoever is still waiting (the ticket issued while its row was held) is served: no one is left.
    for (const [k, counterId] of [1, 2].entries()) {
      for (;;) {
        const called = await b.hub.command('callNext', { counterId }, b.clerks[k])
        if (called.status === 409 && called.body.error.code === 'QUEUE_EMPTY') break
        expect(called.status, JSON.stringify(called.body)).toBe(200)
        for (const name of ['startService', 'finishService']) {
          const r = await b.hub.command(name, { counterId }, b.clerks[k])
          expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(200)
        }
      }
    }

    // 4. Everyone catches up; the centre's list of halls matches each hub's today.
    for (const h of halls) await until(async () => (await linkOf(h)).behind === 0 && (await linkOf(h)).connected, `${h.code} to catch up`, 120_000)
    const hq = (await centre.call('POST', '/api/v1/central/login', { staffCode: 'admin', pin: PIN })).body.token as string
    expect(hq).toMatch(/.{20,}/)
    const listed = await centre.call('GET', '/api/v1/central/halls', undefined, hq)
    expect(listed.status).toBe(200)
    for (const [i, h] of halls.entries()) {
      const today = (await h.hub.get('/api/v1/reports/summary', h.admin)).body
      const row = listed.body.halls.find((x: any) => x.code === h.code)
      expect(row).toMatchObject({ ...HALLS[i], lagEvents: 0, issued: today.hall.tickets.issued, served: today.hall.tickets.served, waiting: 0 })
      expect(row.lastSeenAt).toBeGreaterThan(Date.now() - 120_000)
    }

    // 5. Every hall closes its day; the centre has every command once and the same report.
    const day = (await halls[0]!.hub.get('/api/v1/health')).body.businessDay as string
    for (const h of halls) expect((await h.hub.command('closeDay', {}, h.admin)).status).toBe(200)
    for (const h of halls) await until(async () => (await linkOf(h)).behind === 0 && (await linkOf(h)).lastShippedAt, `${h.code} to report the close`)
    const check = new pg.Client({ connectionString: db, query_timeout: 30_000, connectionTimeoutMillis: 30_000 })
    check.on('error', () => {})
    await check.connect()
    try {
      for (const h of halls) {
        const hubLog: { seq: number; command: string }[] = []
        for (let after = 0; ; ) {
          const page = (await h.hub.get(`/api/v1/events?after=${after}&limit=1000`, h.admin)).body
          if (page.events.length === 0) break
          hubLog.push(...page.events.map((e: any) => ({ seq: e.seq, command: e.command })))
          after = page.events.at(-1).seq
        }
        const stored = await check.query('SELECT seq::int AS seq, command FROM hall_events WHERE hall_code = $1 ORDER BY seq', [h.code])
        expect(stored.rows).toEqual(hubLog)
        expect(hubLog.length).toBeGreaterThan(150)
        const closed = await until(async () => (await check.query('SELECT closed FROM day_facts WHERE hall_code = $1 AND business_day = $2 AND closed', [h.code, day])).rowCount === 1, `${h.code}'s closed day`)
        expect(closed).toBe(true)
        const hubReport = (await h.hub.get(`/api/v1/reports/summary?day=${day}`, h.admin)).body
        const centreReport = (await centre.call('GET', `/api/v1/central/halls/${h.code}/summary?day=${day}`, undefined, hq)).body
        // Complaint cases and incident records stay in the hall (docs/central.md).
        const { asOf: _a, complaintCases: _c, incidents: _d, ...hubFigures } = hubReport
        const { asOf: _b, ...centreFigures } = centreReport
        expect(centreFigures).toEqual({ ...hubFigures, clerks: hubFigures.clerks.map((c: object) => ({ ...c, complaints: null })), incidents: null })
        expect(hubFigures.hall.tickets.issued).toBeGreaterThanOrEqual(50)
      }
      const leaked = await check.query(`SELECT count(*)::int AS n FROM hall_events WHERE events::text LIKE '%13912345678%'`)
      expect(leaked.rows[0].n).toBe(0)
    } finally {
      await check.end()
    }

    // 6. A viewer for 广州 sees the two Guangzhou halls only; a viewer cannot add users.
    const saved = await centre.call('POST', '/api/v1/central/users', { staffCode: 'gz', name: '广州分公司', role: 'hq-viewer', region: '广东/广州', pin: '2468' }, hq)
    expect(saved.status).toBe(200)
    const gz = (await centre.call('POST', '/api/v1/central/login', { staffCode: 'gz', pin: '2468' })).body.token as string
    expect((await centre.call('GET', '/api/v1/central/halls', undefined, gz)).body.halls.map((x: any) => x.code)).toEqual(['GZ-TH-001', 'GZ-YX-002'])
    expect((await centre.call('GET', `/api/v1/central/halls/SZ-FT-001/summary?day=${day}`, undefined, gz)).status).toBe(404)
    expect((await centre.call('POST', '/api/v1/central/users', { staffCode: 'x', name: 'x', role: 'hq-admin', region: null, pin: '2468' }, gz)).status).toBe(403)
    expect((await centre.call('GET', '/api/v1/central/halls')).status).toBe(401)
    expect((await centre.call('POST', '/api/v1/central/login', { staffCode: 'admin', pin: '000000' })).body.error.code).toBe('WRONG_PIN')
  }, 600_000)
})
