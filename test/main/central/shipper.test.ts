/**
 * The hub's shipper against a real PostgreSQL: the committed log arrives once and whole, with
 * personal data removed; the centre's database stopped and started again, or the hub restarted,
 * loses and doubles nothing; commands never wait for the link; closed days arrive as stored.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centralPosition, writeBatch } from '../../../src/main/central/ingest'
import { migrateCentral, openClient, openPool, Partitions, type Pool } from '../../../src/main/central/database'
import { liveSnapshot } from '../../../src/main/central-link/extension'
import { OutboxReader } from '../../../src/main/central-link/reader'
import { Shipper } from '../../../src/main/central-link/shipper'
import { clerkAtCounter, MINUTE, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A stretch of customers served at two counters, with notes that hold a phone number. */
async function busy(f: Fixture, tokens: string[], customers: number): Promise<void> {
  for (let i = 0; i < customers; i++) {
    await f.run('issueTicket', { serviceId: i % 2 ? 'MOBILE' : 'PAYMENT' })
    f.clock.advance(MINUTE / 2)
  }
  for (let i = 0; i < customers; i++) {
    const counterId = (i % tokens.length) + 1
    const token = tokens[i % tokens.length]!
    await f.run('callNext', { counterId }, token)
    await f.run('startService', { counterId }, token)
    f.clock.advance(2 * MINUTE)
    const done = await f.run('finishService', { counterId, note: '客户回电 13812345678' }, token)
    // The customer rates on the hub PC's own rating screen: no login (a clerk's is refused).
    await f.run('rateService', { recordId: done.record.id, score: 4 })
  }
}

describe('shipping the hub log to the centre', () => {
  let server: TestPostgres
  let url: string
  let pool: Pool
  const dir = tempDir()
  let f: Fixture
  let tokens: string[]

  beforeAll(async () => {
    server = await startPostgres()
    url = await server.createDatabase('central')
    pool = openPool(url)
    await migrateCentral(pool)
    f = await openHall({ file: `${dir.dir}/hallq.db` })
    tokens = [await clerkAtCounter(f, '1001', 1), await clerkAtCounter(f, '1002', 2)]
  }, PG_START_MS)
  afterAll(async () => {
    f?.close()
    await pool?.end()
    server?.destroy()
    dir.remove()
  })

  const shipperFor = () =>
    new Shipper({
      connect: () => openClient(url, { application: 'hallq-hub GZ-TH-001' }),
      reader: new OutboxReader(f.db),
      link: { url, hallCode: 'GZ-TH-001', hallName: '天河营业厅', region: '广东/广州/天河' },
      live: () => liveSnapshot(f.hall),
      logger: silentLogger,
      now: f.clock.read,
      batchSize: 50,
      liveEveryMs: 100,
      gatherMs: 5,
      backoffMs: 100,
      maxBackoffMs: 400,
    })
  const hubHead = () => new OutboxReader(f.db).head()
  const stored = async () => {
    const r = await pool.query<{ n: number; distinct: number; max: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct, COALESCE(max(seq), 0)::int AS max FROM hall_events WHERE hall_code = 'GZ-TH-001'`,
    )
    return r.rows[0]!
  }

  it('ships every logged command once, in batches, without phone numbers or notes, and says it is connected', async () => {
    const shipper = shipperFor()
    expect(shipper.status()).toMatchObject({ configured: true, connected: false, behind: null })
    await busy(f, tokens, 120)
    shipper.start()
    await until(() => shipper.status().behind === 0, 'the centre to catch up')
    await shipper.stop()
    expect(await stored()).toEqual({ n: hubHead(), distinct: hubHead(), max: hubHead() })
    expect(shipper.status()).toMatchObject({ connected: true, behind: 0, lastShippedAt: f.clock.now, hallCode: 'GZ-TH-001' })
    const leaked = await pool.query(`SELECT count(*)::int AS n FROM hall_events WHERE events::text LIKE '%13812345678%' OR events::text LIKE '%客户回电%'`)
    expect(leaked.rows[0].n).toBe(0)
    const finished = await pool.query(`SELECT e FROM hall_events, jsonb_array_elements(events) e WHERE e->>'type' = 'serviceFinished' LIMIT 1`)
    expect(finished.rows[0].e).toMatchObject({ note: '', outcome: 'completed' })
    const hall = await pool.query('SELECT name, region, last_seq, hub_seq, business_day FROM halls')
    expect(hall.rows).toEqual([{ name: '天河营业厅', region: '广东/广州/天河', last_seq: hubHead(), hub_seq: hubHead(), business_day: f.hall.state.businessDay }])
    // Today's facts, counted by the reports' own code as of the last shipment.
    const today = await pool.query('SELECT closed, facts FROM day_facts')
    expect(today.rows).toHaveLength(1)
    expect(today.rows[0].closed).toBe(false)
    expect(today.rows[0].facts).toEqual(liveSnapshot(f.hall).day.facts)
  })

  it('keeps the hall working while the centre is down, then catches up after a stop and a hub restart without doubling', async () => {
    let shipper = shipperFor()
    shipper.start()
    await until(() => shipper.status().connected, 'the first contact')
    server.stop()
    // Commands commit while the centre's database is gone: none waits for the link.
    await busy(f, tokens, 30)
    await until(() => !shipper.status().connected, 'the link to notice')
    expect(shipper.status().behind).toBeGreaterThan(0)
    expect(shipper.status().error).toBeTruthy()
    server.start()
    await until(() => shipper.status().behind === 0, 'the catch-up after the restart')
    // The hub restarts: a new shipper asks the centre where to go on.
    await shipper.stop()
    await busy(f, tokens, 20)
    shipper = shipperFor()
    shipper.start()
    await until(() => shipper.status().behind === 0, 'the catch-up after the hub restart')
    expect(await stored()).toEqual({ n: hubHead(), distinct: hubHead(), max: hubHead() })

    // The day closes: its frozen facts, assessment and value runs replace the live ones.
    await f.run('closeDay', {}, f.adminToken)
    await until(async () => (await pool.query('SELECT 1 FROM day_facts WHERE closed')).rowCount === 1 && shipper.status().behind === 0, 'the closed day')
    await shipper.stop()
    const hubDay = f.db.prepare('SELECT business_day, facts, assessment FROM report_days').get() as { business_day: string; facts: string; assessment: string }
    const centreDay = await pool.query('SELECT business_day, facts, assessment FROM day_facts WHERE closed')
    expect(centreDay.rows[0]).toEqual({ business_day: hubDay.business_day, facts: JSON.parse(hubDay.facts), assessment: JSON.parse(hubDay.assessment) })
    const hubRuns = f.db.prepare('SELECT service_id, kind, count, values_ms FROM report_distributions ORDER BY service_id, kind').all()
    const centreRuns = await pool.query('SELECT service_id, kind, count, values_ms FROM day_runs WHERE business_day = $1 ORDER BY service_id, kind', [hubDay.business_day])
    expect(centreRuns.rows).toEqual(hubRuns)
    expect(hubRuns.length).toBeGreaterThan(0)
  })

  it('answers a batch that does not continue its copy with its position and stores nothing', async () => {
    const before = await stored()
    const position = await centralPosition(pool, 'GZ-TH-001')
    const entries = new OutboxReader(f.db).entriesAfter(position - 5, 5)
    const answer = await writeBatch(
      pool,
      new Partitions(),
      { hall: { code: 'GZ-TH-001', name: '天河营业厅', region: '广东/广州/天河' }, afterSeq: position - 5, hubSeq: position, businessDay: f.hall.state.businessDay, entries, days: [], config: null, board: null },
      Date.now(),
    )
    expect(answer).toEqual({ accepted: false, lastSeq: position })
    expect(await stored()).toEqual(before)
    const direct = new pg.Client({ connectionString: url })
    await direct.connect()
    await expect(direct.query(`INSERT INTO hall_events SELECT * FROM hall_events LIMIT 1`)).rejects.toThrow(/duplicate key/)
    await direct.end()
  })
  it('stores text with tabs, line ends and backslashes exactly as sent, and refuses a batch that does not ascend whole', async () => {
    const hall = { code: 'ESC-001', name: '转义\t营业厅', region: '测试' }
    const awkward = 'a\tb\\c\nd\re "引号" \\N'
    const day = f.hall.state.businessDay
    const entry = (seq: number) => ({
      seq,
      at: 1_700_000_000_000 + seq,
      businessDay: day,
      actorRole: 'clerk',
      actorClerkId: seq === 1 ? null : 7,
      terminal: awkward,
      command: `cmd\\${seq}`,
      events: [{ type: 'noteAdded', text: awkward, path: 'C:\\hall\\q', n: seq } as never],
    })
    const batch = (afterSeq: number, entries: ReturnType<typeof entry>[]) =>
      writeBatch(pool, new Partitions(), { hall, afterSeq, hubSeq: 3, businessDay: day, entries, days: [], config: null, board: null }, Date.now())
    expect(await batch(0, [entry(1), entry(2)])).toEqual({ accepted: true, lastSeq: 2 })
    const rows = await pool.query('SELECT seq, actor_clerk_id, terminal, command, events FROM hall_events WHERE hall_code = $1 ORDER BY seq', [hall.code])
    expect(rows.rows).toEqual([1, 2].map((seq) => ({ seq, actor_clerk_id: seq === 1 ? null : 7, terminal: awkward, command: `cmd\\${seq}`, events: entry(seq).events })))
    // Two rows of one seq (or out of order) in one batch: an error, and nothing of it is stored.
    await expect(batch(2, [entry(3), entry(3)])).rejects.toThrow(/ascends/)
    expect(await centralPosition(pool, hall.code)).toBe(2)
    expect((await pool.query('SELECT count(*)::int AS n FROM hall_events WHERE hall_code = $1', [hall.code])).rows[0].n).toBe(2)
  })
})
