/**
 * A shipper attempt cannot hang for ever. The hub reaches PostgreSQL through a relay that can go
 * dead the way a cut cable or a paused server does: nothing is answered and nothing is closed, so
 * no error ever arrives. The network dies while a batch is mid-transaction (it holds the hall's
 * row); the attempt is given up at its deadline, its connection cut, the server ends the orphaned
 * transaction by its own timeout, and when the network is back every command arrives exactly once.
 */
import { createServer, Socket, type Server } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openClient, openPool, type Pool } from '../../../src/main/central/database'
import { liveSnapshot } from '../../../src/main/central-link/extension'
import { OutboxReader } from '../../../src/main/central-link/reader'
import { Shipper } from '../../../src/main/central-link/shipper'
import { clerkAtCounter, MINUTE, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

const HALL = 'GZ-TH-009'
const APP = `hallq-hub ${HALL}`

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A TCP relay to PostgreSQL that can go silent: `cut()` stops every byte both ways and closes nothing. */
async function relay(port: number): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  let dead = false
  const sockets = new Set<Socket>()
  const server: Server = createServer((down) => {
    const up = new Socket()
    sockets.add(down).add(up)
    down.on('error', () => {})
    up.on('error', () => {})
    up.connect(port, '127.0.0.1')
    // Each chunk is passed on only while the line is alive; a dead line swallows it.
    down.on('data', (d) => dead || up.write(d))
    up.on('data', (d) => dead || down.write(d))
    down.on('close', () => dead || up.destroy())
    up.on('close', () => dead || down.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      dead = true
    },
    /** The line works again for new connections; the ones caught in the cut stay dead. */
    restore() {
      const caught = [...sockets]
      sockets.clear()
      dead = false
      // They are never forwarded again (a new relay path), but kept open: no reset reaches anyone.
      for (const s of caught) s.removeAllListeners('data').removeAllListeners('close').on('data', () => {})
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}

describe('a shipper attempt has a deadline', () => {
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

  async function busy(customers: number): Promise<void> {
    for (let i = 0; i < customers; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    for (let i = 0; i < customers; i++) {
      const counterId = (i % 2) + 1
      await f.run('callNext', { counterId }, tokens[i % 2])
      await f.run('startService', { counterId }, tokens[i % 2])
      f.clock.advance(MINUTE)
      await f.run('finishService', { counterId }, tokens[i % 2])
    }
  }

  it('gives up an attempt caught by a dead network mid-transaction, and ships everything exactly once when it is back', async () => {
    const line = await relay(server.port)
    const viaLine = url.replace(`:${server.port}/`, `:${line.port}/`)
    const shipper = new Shipper({
      // No driver-side query timeout: only the attempt's own deadline stands between it and for ever.
      connect: () => openClient(viaLine, { application: APP, statementTimeoutMs: 4000 }),
      reader: new OutboxReader(f.db),
      link: { url: viaLine, hallCode: HALL, hallName: '天河营业厅', region: '广东/广州/天河' },
      live: () => liveSnapshot(f.hall),
      logger: silentLogger,
      now: f.clock.read,
      batchSize: 20,
      liveEveryMs: 100,
      gatherMs: 5,
      backoffMs: 100,
      maxBackoffMs: 400,
      attemptTimeoutMs: 3000,
    })
    const head = () => new OutboxReader(f.db).head()
    const holder = new pg.Client({ connectionString: url })
    holder.on('error', () => {})
    try {
      await busy(10)
      shipper.start()
      await until(() => shipper.status().connected && shipper.status().behind === 0, 'the first catch-up')

      // The centre holds the hall's row, so the next batch waits inside its transaction…
      await holder.connect()
      await holder.query('BEGIN')
      await holder.query('SELECT 1 FROM halls WHERE hall_code = $1 FOR UPDATE', [HALL])
      await busy(10)
      await until(
        async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [APP])).rowCount === 1,
        'the batch to wait on the hall’s row',
      )
      // …and the network dies under it: the row is granted, the answer never arrives.
      line.cut()
      await holder.query('ROLLBACK')
      const gaveUp = await until(() => !shipper.status().connected && shipper.status().error, 'the attempt to be given up at its deadline')
      expect(gaveUp).toMatch(/did not answer within 3 s/)
      expect(shipper.status().behind).toBeGreaterThan(0)
      // The hall goes on meanwhile.
      await busy(5)

      // The orphaned transaction on the server's side ends by the server's own timeout: the row is free.
      await until(
        async () => (await pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state LIKE 'idle in transaction%'`, [APP])).rowCount === 0,
        'the server to end the transaction the cut left behind',
      )
      line.restore()
      await until(() => shipper.status().connected && shipper.status().behind === 0, 'the catch-up once the network is back')
      const stored = await pool.query<{ n: number; distinct: number; max: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct, COALESCE(max(seq), 0)::int AS max FROM hall_events WHERE hall_code = $1',
        [HALL],
      )
      expect(stored.rows[0]).toEqual({ n: head(), distinct: head(), max: head() })
      expect(shipper.status().error).toBeNull()
    } finally {
      await shipper.stop()
      await holder.end().catch(() => {})
      await line.close()
    }
  }, 120_000)
})
