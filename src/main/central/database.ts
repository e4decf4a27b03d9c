/**
 * The centre's PostgreSQL: numbered migrations (their own, not the hub's SQLite ones) run under
 * an advisory lock in one transaction each, a database from a newer HallQ refused, and the
 * monthly partitions of the day-partitioned tables created as business days arrive.
 */
import pg from 'pg'
import { CENTRAL_MIGRATIONS, CENTRAL_SCHEMA_VERSION } from './schema/index'

export type Pool = pg.Pool
export type Queryable = pg.Pool | pg.PoolClient | pg.Client | pg.ClientBase

/** Tables partitioned by business day (one partition a month). */
export const DAY_PARTITIONED = ['hall_events', 'day_facts', 'day_runs', 'day_service_rollups', 'day_clerk_rollups', 'day_hour_rollups'] as const

const MIGRATE_LOCK = 'hallq-central-migrate'
const PARTITION_LOCK = 'hallq-central-partition'

export class CentralSchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`The central database has schema version ${found}, but this HallQ understands up to ${supported}: run the newer HallQ centre instead.`)
    this.name = 'CentralSchemaTooNewError'
  }
}

const DATE_OID = 1082
const INT8_OID = 20

/** Business days stay 'YYYY-MM-DD' strings and bigints (epoch ms, seq) numbers, as in the hub. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary' && oid === DATE_OID) return (v: string) => v
    if (format !== 'binary' && oid === INT8_OID) return (v: string) => Number(v)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

export interface ConnectionOptions {
  application?: string
  /** A query the driver has sent and the server never answers fails after this (client side). */
  queryTimeoutMs?: number
  /**
   * The server's own limits for this connection: a statement (a lock wait included) is cancelled
   * after this, and a transaction left idle (its client gone without a reset) is ended after
   * twice this, so a vanished hub cannot hold its hall's row for ever.
   */
  statementTimeoutMs?: number
}

function connectionConfig(url: string, options: ConnectionOptions): pg.ClientConfig {
  return {
    connectionString: url,
    types,
    application_name: options.application ?? 'hallq',
    connectionTimeoutMillis: 10_000,
    // A query the server never answers (a connection made as it went down, a cut without a
    // reset) must fail, so that whoever waits on it retries instead of waiting for ever.
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    ...(options.statementTimeoutMs
      ? { statement_timeout: options.statementTimeoutMs, idle_in_transaction_session_timeout: 2 * options.statementTimeoutMs }
      : {}),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  }
}

export function openPool(url: string, options: ConnectionOptions & { max?: number } = {}): Pool {
  const pool = new pg.Pool({ ...connectionConfig(url, options), max: options.max ?? 10, idleTimeoutMillis: 30_000 })
  // A connection cut by a server restart reports an error event, idle (to the pool) or checked
  // out (to the client): the query in flight fails with it, and the next one opens a new connection.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return pool
}

/** One connection of its own (the hub's shipper): connected, or failed within the connect timeout. */
export async function openClient(url: string, options: ConnectionOptions = {}): Promise<pg.Client> {
  const client = new pg.Client(connectionConfig(url, options))
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    cutClient(client)
    throw err
  }
  return client
}

/**
 * Drops a connection at once, whatever it is waiting for: the socket is destroyed (no goodbye to
 * a server that may never answer), so every query still pending on it fails now. The server ends
 * the session when it sees the reset, or by its own timeouts when it never does.
 */
export function cutClient(client: pg.Client): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream
  stream?.destroy()
}

/**
 * Runs `work` on one connection: a pool's (released afterwards, and dropped when the work
 * failed, so a connection in an unknown state is never handed out again) or a client's own.
 */
export async function withConnection<T>(db: Pool | pg.Client, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  if (!(db instanceof pg.Pool)) return work(db)
  const client = await db.connect()
  let failure: Error | undefined
  try {
    return await work(client)
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err))
    throw err
  } finally {
    client.release(failure)
  }
}

async function ensureVersionTable(db: Queryable): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS central_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)')
}

export async function centralSchemaVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('central_schema')::text AS t")
  if (exists.rows[0]!.t === null) return 0
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM central_schema')
  return r.rows[0]!.v ?? 0
}

/** Brings the database to CENTRAL_SCHEMA_VERSION; returns the versions applied. */
export async function migrateCentral(pool: Pool): Promise<number[]> {
  const client = await pool.connect()
  const applied: number[] = []
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATE_LOCK])
    await ensureVersionTable(client)
    const current = await centralSchemaVersion(client)
    if (current > CENTRAL_SCHEMA_VERSION) throw new CentralSchemaTooNewError(current, CENTRAL_SCHEMA_VERSION)
    // Every version not recorded yet, not only those above the highest: one numbered below a
    // version already applied (two lines of work landing in either order) still runs.
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM central_schema')).rows.map((r) => r.version))
    for (const m of CENTRAL_MIGRATIONS) {
      if (done.has(m.version)) continue
      await client.query(m.up)
      await client.query('INSERT INTO central_schema (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()])
      applied.push(m.version)
    }
    await client.query('COMMIT')
    return applied
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** The month a business day ('2026-12-02') falls in: its partition suffix and bounds. */
export function monthOf(businessDay: string): { suffix: string; from: string; to: string } {
  const y = Number(businessDay.slice(0, 4))
  const m = Number(businessDay.slice(5, 7))
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return { suffix: `${y}${String(m).padStart(2, '0')}`, from: `${businessDay.slice(0, 7)}-01`, to: next }
}

/**
 * Makes sure every day-partitioned table has the partitions for these business days. Cached per
 * pool; creation is serialised by an advisory lock so hubs arriving together do not collide.
 */
export class Partitions {
  private readonly known = new Set<string>()

  async ensure(db: Pool | pg.Client, businessDays: Iterable<string>): Promise<void> {
    const months = new Map<string, ReturnType<typeof monthOf>>()
    for (const day of businessDays) {
      const m = monthOf(day)
      if (!this.known.has(m.suffix)) months.set(m.suffix, m)
    }
    if (months.size === 0) return
    await withConnection(db, async (client) => {
      try {
        await client.query('BEGIN')
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PARTITION_LOCK])
        for (const m of months.values()) {
          for (const table of DAY_PARTITIONED) {
            await client.query(`CREATE TABLE IF NOT EXISTS ${table}_p${m.suffix} PARTITION OF ${table} FOR VALUES FROM ('${m.from}') TO ('${m.to}')`)
          }
        }
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      }
    })
    for (const s of months.keys()) this.known.add(s)
  }
}

export { CENTRAL_SCHEMA_VERSION }
