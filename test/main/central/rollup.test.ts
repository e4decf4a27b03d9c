/**
 * The day rollups on a real PostgreSQL (migration 002, decision 034): two halls ship three business
 * days each (two closed, one live, then closed too). Every rollup row is its day's facts; the
 * cross-hall report summed from the rollups equals the one `summarise` makes from the day facts —
 * the sums and the figures that are not sums (medians, 90th percentiles, service levels) — for a
 * day, a range and one hall; a one-hall range equals that hub's own report for the range; and a
 * database migrated from version 1 with days already stored gets their rollups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openPool, Partitions, type Pool } from '../../../src/main/central/database'
import { writeBatch, type HallBatch, type ShippedDay } from '../../../src/main/central/ingest'
import { crossHallReport, loadDays, loadHalls } from '../../../src/main/central/reports'
import { BinaryCopyReader, binaryCopyRows, rollupReport, type CopyRowHandler } from '../../../src/main/central/rollup-report'
import { CENTRAL_MIGRATIONS } from '../../../src/main/central/schema/index'
import { liveSnapshot } from '../../../src/main/central-link/extension'
import { OutboxReader } from '../../../src/main/central-link/reader'
import type { DayFacts } from '../../../src/main/reports/facts'
import type { ReportSummary } from '../../../src/shared/reports'
import { clerkAtCounter, MINUTE, openHall, tempDir, type Fixture } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'
import { reportsOf } from '../../support/reports'

const HALLS = [
  { code: 'GZ-TH-001', name: '天河营业厅', region: '广东/广州/天河', customers: [30, 21, 12] },
  { code: 'SZ-FT-001', name: '福田营业厅', region: '广东/深圳/福田', customers: [18, 27, 9] },
] as const
const SERVICES = ['MOBILE', 'PAYMENT', 'BROADBAND'] as const

/**
 * A day with every kind of visit: served and rated (reasons with the low scores), no-shows,
 * transfers, a pause, arrivals over several hours; `shift` varies the pace from hall to hall.
 */
async function busyDay(f: Fixture, tokens: string[], customers: number, shift: number): Promise<void> {
  for (let k = 0; k < tokens.length; k++) await f.run('openCounter', { counterId: k + 1 }, tokens[k]).catch(() => null)
  for (let i = 0; i < customers; i++) {
    await f.run('issueTicket', { serviceId: SERVICES[(i + shift) % 3]! })
    f.clock.advance(((i * 7 + shift) % 5) * MINUTE + 13_000 + i * 101)
    if (i % 3 !== 2) continue
    for (let k = 0; k < tokens.length; k++) {
      const counterId = k + 1
      const called = await f.run('callNext', { counterId }, tokens[k]).catch(() => null)
      if (!called) continue
      const n = i + k + shift
      if (n % 7 === 0) {
        await f.run('noShow', { counterId }, tokens[k])
        continue
      }
      await f.run('startService', { counterId }, tokens[k])
      f.clock.advance((2 + (n % 5)) * MINUTE + n * 1_337)
      if (n % 5 === 0) {
        await f.run('transfer', { counterId, toServiceId: SERVICES.find((s) => s !== called.ticket.serviceId)! }, tokens[k])
        continue
      }
      const done = await f.run('finishService', { counterId }, tokens[k])
      const score = ((n % 4) + 1) as 1 | 2 | 3 | 4
      await f.run('rateService', { recordId: done.record.id, score, ...(score <= 2 && n % 3 === 0 ? { reason: 'wait' as const } : {}) })
    }
    if (i === 5) {
      await f.run('pauseCounter', { counterId: 1, reason: 'meal' }, tokens[0])
      f.clock.advance(9 * MINUTE)
      await f.run('resumeCounter', { counterId: 1 }, tokens[0])
    }
  }
  // Most of the rest served before the close; what is left expires.
  for (let round = 0; round < 3; round++) {
    for (let k = 0; k < tokens.length; k++) {
      const counterId = k + 1
      if (!(await f.run('callNext', { counterId }, tokens[k]).catch(() => null))) continue
      await f.run('startService', { counterId }, tokens[k])
      f.clock.advance(4 * MINUTE)
      await f.run('finishService', { counterId }, tokens[k])
    }
  }
}

describe('the day rollups', () => {
  let server: TestPostgres
  let pool: Pool
  const dirs: ReturnType<typeof tempDir>[] = []
  const days: string[] = []
  /** Each hub's own report for every range the tests ask for, counted before the hub closed. */
  const own = new Map<string, ReportSummary>()
  const partitions = new Partitions()

  async function ship(f: Fixture, h: (typeof HALLS)[number], withLive: boolean): Promise<void> {
    const reader = new OutboxReader(f.db)
    const snapshot = liveSnapshot(f.hall)
    let afterSeq = (await pool.query<{ last_seq: number }>('SELECT last_seq FROM halls WHERE hall_code = $1', [h.code])).rows[0]?.last_seq ?? 0
    const closed: ShippedDay[] = reader.closedDays().map((d) => reader.closedDay(d)!)
    for (;;) {
      const entries = reader.entriesAfter(afterSeq, 2000)
      const last = entries.length < 2000
      const batch: HallBatch = {
        hall: { code: h.code, name: h.name, region: h.region },
        afterSeq,
        hubSeq: reader.head(),
        businessDay: f.hall.state.businessDay,
        entries,
        days: last ? [...closed, ...(withLive ? [snapshot.day] : [])] : [],
        config: snapshot.config,
        board: snapshot.board,
      }
      const answer = await writeBatch(pool, partitions, batch, f.clock.now)
      expect(answer.accepted).toBe(true)
      afterSeq = answer.lastSeq
      if (last) return
    }
  }

  beforeAll(async () => {
    server = await startPostgres()
    pool = openPool(await server.createDatabase('rollups'))
    await migrateCentral(pool)
    for (const [i, h] of HALLS.entries()) {
      const d = tempDir('hallq-rollup-')
      dirs.push(d)
      const f = await openHall({ file: `${d.dir}/hallq.db` })
      const tokens = [await clerkAtCounter(f, `${i}01`, 1), await clerkAtCounter(f, `${i}02`, 2), await clerkAtCounter(f, `${i}03`, 3)]
      for (const [n, customers] of h.customers.entries()) {
        if (i === 0) days.push(f.hall.state.businessDay)
        await busyDay(f, tokens, customers, i * 3 + n)
        if (n < h.customers.length - 1) await f.run('closeDay', {}, f.adminToken)
      }
      // The third day goes live first (as counted now), then closed: its rollup must follow.
      await ship(f, h, true)
      f.clock.advance(30 * MINUTE)
      await f.run('closeDay', {}, f.adminToken)
      for (const [from, to] of [...days.map((d) => [d, d]), [days[0], days[2]], [days[1], days[2]]] as [string, string][]) {
        own.set(`${h.code} ${from} ${to}`, reportsOf(f).summary(from, to))
      }
      await ship(f, h, false)
      f.close()
    }
  }, 4 * PG_START_MS)

  afterAll(async () => {
    await pool?.end()
    server?.destroy()
    for (const d of dirs) d.remove()
  })

  it('holds for each hall and day exactly its facts: per service, per clerk and per hour', async () => {
    const facts = await pool.query<{ hall_code: string; business_day: string; closed: boolean; facts: DayFacts }>('SELECT hall_code, business_day, closed, facts FROM day_facts')
    expect(facts.rows).toHaveLength(HALLS.length * days.length)
    expect(facts.rows.every((r) => r.closed)).toBe(true)
    const where = 'WHERE hall_code = $1 AND business_day = $2'
    for (const { hall_code: hall, business_day: day, facts: f } of facts.rows) {
      const services = await pool.query(`SELECT * FROM day_service_rollups ${where} ORDER BY service_id`, [hall, day])
      expect(services.rows).toEqual(
        f.services.map((s) => ({
          hall_code: hall,
          business_day: day,
          service_id: s.serviceId,
          issued: s.issued,
          served: s.served,
          no_show: s.noShow,
          transferred: s.transferred,
          cancelled: s.cancelled,
          expired: s.expired,
          open: s.open,
          wait_count: s.wait.count,
          wait_total_ms: s.wait.totalMs,
          wait_max_ms: s.wait.maxMs,
          wait_within: s.wait.within,
          handle_count: s.handle.count,
          handle_total_ms: s.handle.totalMs,
          handle_max_ms: s.handle.maxMs,
          ratable: s.ratable,
          score_1: s.byScore[0],
          score_2: s.byScore[1],
          score_3: s.byScore[2],
          score_4: s.byScore[3],
          reason_wait: s.reasons.wait,
          reason_attitude: s.reasons.attitude,
          reason_skill: s.reasons.skill,
          reason_unresolved: s.reasons.unresolved,
          reason_other: s.reasons.other,
        })),
      )
      const clerks = await pool.query(`SELECT * FROM day_clerk_rollups ${where} ORDER BY clerk_id`, [hall, day])
      expect(clerks.rows).toEqual(
        f.clerks.map((c) => ({
          hall_code: hall,
          business_day: day,
          clerk_id: c.clerkId,
          served: c.served,
          handle_count: c.handle.count,
          handle_total_ms: c.handle.totalMs,
          handle_max_ms: c.handle.maxMs,
          calls: c.calls,
          call_wait_total_ms: c.callWaitTotalMs,
          no_show: c.noShow,
          transferred: c.transferred,
          ratable: c.ratable,
          score_1: c.byScore[0],
          score_2: c.byScore[1],
          score_3: c.byScore[2],
          score_4: c.byScore[3],
          reason_wait: c.reasons.wait,
          reason_attitude: c.reasons.attitude,
          reason_skill: c.reasons.skill,
          reason_unresolved: c.reasons.unresolved,
          reason_other: c.reasons.other,
          logged_in_ms: c.loggedInMs,
          paused_meal_ms: c.pausedByReason.meal,
          paused_training_ms: c.pausedByReason.training,
          paused_backoffice_ms: c.pausedByReason.backoffice,
          paused_meeting_ms: c.pausedByReason.meeting,
          paused_other_ms: c.pausedByReason.other,
        })),
      )
      const hours = await pool.query(`SELECT hour, arrivals, waits, wait_total_ms, within FROM day_hour_rollups ${where} ORDER BY hour`, [hall, day])
      const sum = (pick: (s: DayFacts['services'][number]) => number[], h: number) => f.services.reduce((a, s) => a + pick(s)[h]!, 0)
      expect(hours.rows).toEqual(
        Array.from({ length: 24 }, (_, h) => ({
          hour: h,
          arrivals: sum((s) => s.hours.arrivals, h),
          waits: sum((s) => s.hours.waits, h),
          wait_total_ms: sum((s) => s.hours.waitTotalMs, h),
          within: sum((s) => s.hours.within, h),
        })).filter((r) => r.arrivals > 0 || r.waits > 0),
      )
      expect(hours.rows.length).toBeGreaterThan(1)
    }
    // The days are real ones: no-shows, transfers, pauses, low scores with reasons and waits over target.
    const all = facts.rows.flatMap((r) => r.facts.services)
    expect(all.some((s) => s.noShow > 0) && all.some((s) => s.transferred > 0) && all.some((s) => s.reasons.wait > 0)).toBe(true)
    expect(all.some((s) => s.wait.within < s.wait.count) && all.some((s) => s.wait.within > 0)).toBe(true)
    expect(facts.rows.some((r) => r.facts.clerks.some((c) => c.pausedByReason.meal > 0))).toBe(true)
  })

  it('sums to the report summarise makes from the day facts: a day, a range, a sub-range, one hall', async () => {
    const halls = await loadHalls(pool)
    const ranges: [string, string][] = [...days.map((d) => [d, d] as [string, string]), [days[0]!, days[2]!], [days[1]!, days[2]!], [days[2]!, '2099-12-31']]
    for (const [from, to] of ranges) {
      for (const scope of [null, ...HALLS.map((h) => h.code)]) {
        const chosen = scope === null ? halls : halls.filter((h) => h.code === scope)
        const fromRollups = await rollupReport(pool, chosen, from, to, { region: null, hall: scope })
        const fromFacts = crossHallReport(
          chosen,
          await loadDays(
            pool,
            chosen.map((h) => h.code),
            from,
            to,
          ),
          from,
          to,
          { region: null, hall: scope },
        )
        expect(fromRollups).toEqual(fromFacts)
        // Every hall the centre holds: the same report, the rows read without testing their hall.
        if (scope === null) expect(await rollupReport(pool, chosen, from, to, { region: null, hall: null }, { everyHall: true })).toEqual(fromFacts)
        // Medians and percentiles are there to compare: ranked over every value, not summed.
        expect(fromRollups.halls.every((h) => h.wait.medianMs !== null && h.handling.p90Ms !== null)).toBe(true)
      }
    }
    // A range with nothing stored: every hall with no days, zeros and no shares.
    const empty = await rollupReport(pool, halls, '2020-01-01', '2020-01-31', { region: null, hall: null })
    expect(empty).toEqual(crossHallReport(halls, new Map(), '2020-01-01', '2020-01-31', { region: null, hall: null }))
    expect(empty.halls[0]).toMatchObject({ days: 0, wait: { count: 0, medianMs: null, serviceLevel: null } })
  })

  it('gives one hall over several days exactly its hub’s own report for the range', async () => {
    const halls = await loadHalls(pool)
    for (const h of halls) {
      const ranges: [string, string][] = [
        [days[0]!, days[2]!],
        [days[1]!, days[2]!],
      ]
      for (const [from, to] of ranges) {
        const hub = own.get(`${h.code} ${from} ${to}`)!
        const r = await rollupReport(pool, [h], from, to, { region: null, hall: h.code })
        expect(r.halls).toEqual([
          { code: h.code, name: h.name, region: h.region, days: from === days[0] ? 3 : 2, tickets: hub.hall.tickets, wait: hub.hall.wait, handling: hub.hall.handling, satisfaction: hub.hall.satisfaction },
        ])
        expect(r.services).toEqual(
          hub.services
            .filter((s) => s.tickets.issued > 0 || s.wait.count > 0 || s.tickets.served > 0)
            .map((s) => ({ serviceId: s.serviceId, nameZh: s.nameZh, nameEn: s.nameEn, halls: 1, tickets: s.tickets, wait: s.wait, handling: s.handling, satisfaction: s.satisfaction })),
        )
        expect(r.clerks.map(({ hallCode: _h, hallName: _n, region: _r, ...c }) => c)).toEqual(
          hub.clerks.map((c) => ({
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
        expect(r.byHour).toEqual(hub.hall.byHour.map(({ hour, arrivals, waits, withinTarget }) => ({ hour, arrivals, waits, withinTarget })))
        // The range's median is of every wait of the range, not a mean of the days' medians.
        expect(hub.hall.wait.count).toBeGreaterThan(20)
      }
    }
  })

  it('ranks float64 runs as the facts report does: fractional, negative (a clock set back) and whole', async () => {
    const halls = await loadHalls(pool)
    const runs = await pool.query<{ hall_code: string; business_day: string; service_id: string; kind: string; count: number; values_ms: Buffer }>(
      "SELECT hall_code, business_day, service_id, kind, count, values_ms FROM day_runs WHERE count >= 3 ORDER BY hall_code, business_day, service_id, kind",
    )
    expect(runs.rows.length).toBeGreaterThan(3)
    // Stored as the hub stores a run that is not all uint32: float64, little-endian (encodeRun).
    const asFloat64 = (values: number[]) => Buffer.from(Float64Array.from(values).buffer)
    const uint32 = (r: (typeof runs.rows)[number]) => [...new Uint32Array(Uint8Array.from(r.values_ms).buffer)]
    const changed = [
      // A wait measured across a clock set back, and a fractional one: the search over values.
      { row: runs.rows[0]!, values: (v: number[]) => [-4_000, 0.5, ...v.slice(2)] },
      // Whole milliseconds stored as float64: the radix search, as for uint32.
      { row: runs.rows.at(-1)!, values: (v: number[]) => v },
    ]
    const put = (r: (typeof runs.rows)[number], bytes: Buffer) =>
      pool.query('UPDATE day_runs SET values_ms = $5 WHERE hall_code = $1 AND business_day = $2 AND service_id = $3 AND kind = $4', [
        r.hall_code,
        r.business_day,
        r.service_id,
        r.kind,
        bytes,
      ])
    try {
      for (const c of changed) await put(c.row, asFloat64(c.values(uint32(c.row)).sort((a, b) => a - b)))
      for (const [from, to] of [[days[0]!, days[2]!], [days[1]!, days[1]!]] as [string, string][]) {
        const scope = { region: null, hall: null }
        const fromFacts = crossHallReport(halls, await loadDays(pool, halls.map((h) => h.code), from, to), from, to, scope)
        expect(await rollupReport(pool, halls, from, to, scope)).toEqual(fromFacts)
        expect(await rollupReport(pool, halls, from, to, scope, { everyHall: true })).toEqual(fromFacts)
      }
    } finally {
      for (const c of changed) await put(c.row, c.row.values_ms)
    }
  })

  it('rolls up the days a database already held when it migrates from version 1', async () => {
    const other = openPool(await server.createDatabase('from_v1'))
    try {
      await other.query('CREATE TABLE central_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)')
      await other.query(CENTRAL_MIGRATIONS.find((m) => m.version === 1)!.up)
      await other.query(`INSERT INTO central_schema VALUES (1, 'initial', 0)`)
      const day = days[1]!
      const suffix = day.slice(0, 4) + day.slice(5, 7)
      await other.query(`CREATE TABLE day_facts_p${suffix} PARTITION OF day_facts FOR VALUES FROM ('${day.slice(0, 7)}-01') TO ('2099-01-01')`)
      const stored = await pool.query<{ hall_code: string; business_day: string; closed: boolean; as_of: number; facts: DayFacts }>(
        'SELECT hall_code, business_day, closed, as_of, facts FROM day_facts WHERE business_day = $1',
        [day],
      )
      for (const r of stored.rows) {
        await other.query('INSERT INTO day_facts (hall_code, business_day, closed, as_of, facts) VALUES ($1, $2, $3, $4, $5)', [r.hall_code, r.business_day, r.closed, r.as_of, r.facts])
      }
      expect(await migrateCentral(other)).toEqual(CENTRAL_MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version))
      for (const table of ['day_service_rollups', 'day_clerk_rollups', 'day_hour_rollups']) {
        const q = `SELECT * FROM ${table} WHERE business_day = $1 ORDER BY 1, 2, 3`
        const migrated = await other.query(q, [day])
        expect(migrated.rows).toEqual((await pool.query(q, [day])).rows)
        expect(migrated.rows.length).toBeGreaterThan(0)
      }
      // The new tables got the month partition the facts had.
      const parts = await other.query<{ t: string }>(`SELECT relname AS t FROM pg_class WHERE relkind = 'r' AND relname LIKE 'day\\_%\\_rollups\\_p%' ORDER BY 1`)
      expect(parts.rows.map((r) => r.t)).toEqual([`day_clerk_rollups_p${suffix}`, `day_hour_rollups_p${suffix}`, `day_service_rollups_p${suffix}`])
    } finally {
      await other.end()
    }
  })

  it('reads COPY binary output however it is cut into chunks, and refuses anything else', () => {
    const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.from([0, 0, 0, 2, 7, 7])])
    const row = (text: string) => Buffer.concat([Buffer.from([0, 2, 0, 0, 0, Buffer.byteLength(text)]), Buffer.from(text), Buffer.from([0xff, 0xff, 0xff, 0xff])])
    const data = Buffer.concat([header, row('GZ-天河'), row('SZ'), row('广州/天河/珠江新城营业厅'), Buffer.from([0xff, 0xff])])
    // A row's fields as text, read from where the reader says they are.
    const into =
      (rows: string[][]): CopyRowHandler =>
      (bytes, start, length, fields) =>
        rows.push(Array.from({ length: fields }, (_, i) => (length[i] === -1 ? 'NULL' : bytes.toString('utf8', start[i], start[i]! + length[i]!))))
    const whole: string[][] = []
    binaryCopyRows(data, into(whole))
    expect(whole).toEqual([
      ['GZ-天河', 'NULL'],
      ['SZ', 'NULL'],
      ['广州/天河/珠江新城营业厅', 'NULL'],
    ])
    // Cut every way: one byte a chunk up to the whole at once, so rows and the header are split anywhere.
    for (let size = 1; size <= data.length; size++) {
      const bytes: string[][] = []
      const reader = new BinaryCopyReader(into(bytes))
      for (let i = 0; i < data.length; i += size) reader.push(data.subarray(i, i + size))
      expect(bytes).toEqual(whole)
      expect(reader.done).toBe(true)
    }
    expect(() => binaryCopyRows(Buffer.from('hall_code\tbusiness_day\tseq\n'), () => {})).toThrow(/not COPY binary/)
    expect(() => binaryCopyRows(data.subarray(0, data.length - 5), () => {})).toThrow(/cut short/)
  })
})
