/**
 * The test PostgreSQL: a real server of our own on a free port, which can be stopped and
 * started again with its data, and leaves nothing behind.
 */
import { existsSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

describe('test PostgreSQL', () => {
  let server: TestPostgres
  beforeAll(async () => {
    server = await startPostgres()
  }, PG_START_MS)
  afterAll(() => server?.destroy())

  it('serves a database of its own, keeps data over a stop and start, and refuses while stopped', async () => {
    const url = await server.createDatabase('harness')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('CREATE TABLE t (n int)')
    await client.query('INSERT INTO t VALUES (41), (1)')
    const who = await client.query<{ u: string; v: string }>('SELECT current_user AS u, current_setting($1) AS v', ['server_version_num'])
    expect(who.rows[0]!.u).toBe('hallq')
    expect(Number(who.rows[0]!.v)).toBeGreaterThanOrEqual(120000)
    await client.end()

    server.stop()
    expect(server.running()).toBe(false)
    const refused = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
    await expect(refused.connect()).rejects.toThrow()

    server.start()
    const again = new pg.Client({ connectionString: url })
    await again.connect()
    const sum = await again.query<{ s: string }>('SELECT sum(n) AS s FROM t')
    expect(Number(sum.rows[0]!.s)).toBe(42)
    await again.end()
  })

  it('removes its folder when destroyed', async () => {
    const other = await startPostgres()
    expect(existsSync(other.dir)).toBe(true)
    other.destroy()
    expect(existsSync(other.dir)).toBe(false)
  })
})
