/**
 * The centre's schema on a real PostgreSQL: migrations run once (also when two processes start
 * together), a newer database is refused, the event and fact tables are partitioned by business
 * day with the hall code leading every key, and partitions appear as days arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CentralSchemaTooNewError, centralSchemaVersion, migrateCentral, monthOf, openPool, Partitions, type Pool } from '../../../src/main/central/database'
import { CENTRAL_MIGRATIONS, CENTRAL_SCHEMA_VERSION } from '../../../src/main/central/schema/index'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

describe('central schema', () => {
  let server: TestPostgres
  let pool: Pool
  beforeAll(async () => {
    server = await startPostgres()
    pool = openPool(await server.createDatabase('schema'))
  }, PG_START_MS)
  afterAll(async () => {
    await pool?.end()
    server?.destroy()
  })

  it('migrates an empty database once, even from two processes at the same moment', async () => {
    expect(await centralSchemaVersion(pool)).toBe(0)
    const other = openPool(server.url('schema'))
    const [a, b] = await Promise.all([migrateCentral(pool), migrateCentral(other)])
    await other.end()
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(CENTRAL_MIGRATIONS.map((m) => m.version))
    expect(await centralSchemaVersion(pool)).toBe(CENTRAL_SCHEMA_VERSION)
    expect(await migrateCentral(pool)).toEqual([])
  })

  it('partitions events and facts by business day with the hall code first in every key', async () => {
    const parted = await pool.query<{ t: string; key: string }>(
      `SELECT c.relname AS t, pg_get_partkeydef(c.oid) AS key FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
    )
    expect(parted.rows).toEqual([
      { t: 'day_clerk_rollups', key: 'RANGE (business_day)' },
      { t: 'day_facts', key: 'RANGE (business_day)' },
      { t: 'day_hour_rollups', key: 'RANGE (business_day)' },
      { t: 'day_runs', key: 'RANGE (business_day)' },
      { t: 'day_service_rollups', key: 'RANGE (business_day)' },
      { t: 'hall_events', key: 'RANGE (business_day)' },
    ])
    const keys = await pool.query<{ t: string; first: string }>(
      `SELECT c.relname AS t, a.attname AS first FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       WHERE k.contype = 'p' AND c.relname IN ('halls', 'hall_events', 'day_facts', 'day_runs', 'day_service_rollups', 'day_clerk_rollups', 'day_hour_rollups') ORDER BY 1`,
    )
    expect(keys.rows.map((r) => r.first)).toEqual(Array(7).fill('hall_code'))
  })

  it('creates the month partitions a batch needs, once', async () => {
    expect(monthOf('2026-12-31')).toEqual({ suffix: '202612', from: '2026-12-01', to: '2027-01-01' })
    expect(monthOf('2027-02-03')).toEqual({ suffix: '202702', from: '2027-02-01', to: '2027-03-01' })
    const a = new Partitions()
    const b = new Partitions()
    await Promise.all([a.ensure(pool, ['2026-12-02', '2027-01-01']), b.ensure(pool, ['2026-12-30'])])
    await a.ensure(pool, ['2026-12-05'])
    const parts = await pool.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'hall_events' ORDER BY 1`,
    )
    expect(parts.rows.map((r) => r.t)).toEqual(['hall_events_p202612', 'hall_events_p202701'])
    await pool.query(`INSERT INTO hall_events VALUES ('GZ-001', '2027-01-01', 1, 0, 'system', NULL, 'hub', 'x', '[]')`)
    const row = await pool.query('SELECT business_day, seq, at FROM hall_events')
    expect(row.rows).toEqual([{ business_day: '2027-01-01', seq: 1, at: 0 }])
  })

  it('refuses a database written by a newer centre and changes nothing', async () => {
    await pool.query(`INSERT INTO central_schema VALUES ($1, 'future', 0)`, [CENTRAL_SCHEMA_VERSION + 1])
    await expect(migrateCentral(pool)).rejects.toBeInstanceOf(CentralSchemaTooNewError)
    expect(await centralSchemaVersion(pool)).toBe(CENTRAL_SCHEMA_VERSION + 1)
  })
})
