/**
 * What a hub sends the centre, and how one batch is written: the next stretch of its event log,
 * the day facts it has counted (closed days once, today's as they move), its names and its live
 * board — all in one PostgreSQL transaction, so a batch is stored whole or not at all.
 *
 * Exactly once: the hall's row is locked and a batch is accepted only when it continues the log
 * where the centre's copy ends (`afterSeq` = halls.last_seq). Anything else — a retry of a batch
 * that did commit, a hub that restarted from an older position — is answered with the centre's
 * position and nothing is written; the hub reads on from there. Rows also carry the primary key
 * (hall_code, business_day, seq), so a duplicate could not be stored twice in any case.
 */
import type { Clerk, Service } from '../../shared/domain'
import type { HallEvent } from '../../shared/events'
import type { DayFacts } from '../reports/facts'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { withConnection, type Partitions, type Pool, type Queryable } from './database'

export interface ShippedEntry {
  seq: number
  at: number
  businessDay: string
  actorRole: string
  actorClerkId: number | null
  terminal: string
  command: string
  events: HallEvent[]
}

export interface ShippedRun {
  serviceId: string
  kind: 'wait' | 'handle'
  count: number
  /** Ascending values as the hub stores them (encodeRun: uint32 or float64, little-endian). */
  values: Buffer
}

export interface ShippedDay {
  facts: DayFacts
  /** The hub's stored quantitative assessment of a closed day. */
  assessment: unknown
  runs: ShippedRun[]
}

/** Names and calendar the centre's reports need (summary.ts `Names` and options). */
export interface HallConfig {
  services: Record<string, Service>
  clerks: Record<number, Clerk>
  counters: Record<number, { name: string }>
  timeZone: string
  rolloverHour: number
}

/** The live board's figures the hub counts from its state (docs/central.md). */
export interface HallBoard {
  asOf: number
  waiting: number
  longestWaitMs: number | null
  countersOpen: number
  /** Per service: waiting now and its longest wait against its target. */
  services: { serviceId: string; waiting: number; longestWaitMs: number | null; targetWaitMin: number }[]
}

export interface HallBatch {
  hall: { code: string; name: string; region: string }
  /** The centre's position this batch continues from. */
  afterSeq: number
  /** The hub's own log head when the batch was read. */
  hubSeq: number
  businessDay: string
  entries: ShippedEntry[]
  days: ShippedDay[]
  config: HallConfig | null
  board: HallBoard | null
}

export interface BatchAnswer {
  accepted: boolean
  /** The centre's position after the batch (or, refused, where the hub must continue from). */
  lastSeq: number
}

/** The centre's position for a hall (0 before its first batch). */
export async function centralPosition(db: Queryable, hallCode: string): Promise<number> {
  const r = await db.query<{ last_seq: number }>('SELECT last_seq FROM halls WHERE hall_code = $1', [hallCode])
  return r.rows[0]?.last_seq ?? 0
}

/** Closed days the centre already holds for a hall. */
export async function closedDaysHeld(db: Queryable, hallCode: string): Promise<Set<string>> {
  const r = await db.query<{ business_day: string }>('SELECT business_day FROM day_facts WHERE hall_code = $1 AND closed', [hallCode])
  return new Set(r.rows.map((row) => row.business_day))
}

export async function writeBatch(db: Pool | pg.Client, partitions: Partitions, batch: HallBatch, now: number): Promise<BatchAnswer> {
  const days = new Set<string>([batch.businessDay, ...batch.entries.map((e) => e.businessDay), ...batch.days.map((d) => d.facts.businessDay)])
  await partitions.ensure(db, days)
  const code = batch.hall.code
  return withConnection(db, async (client) => {
    try {
      await client.query('BEGIN')
      const lock = () => client.query<{ last_seq: number }>('SELECT last_seq FROM halls WHERE hall_code = $1 FOR UPDATE', [code])
      let held = await lock()
      // A hall's first batch: its row, then the lock (one statement less for every later batch).
      if (held.rowCount === 0) {
        await client.query('INSERT INTO halls (hall_code, name, region, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (hall_code) DO NOTHING', [
          code,
          batch.hall.name,
          batch.hall.region,
          now,
        ])
        held = await lock()
      }
      const lastSeq = held.rows[0]!.last_seq
      if (batch.afterSeq !== lastSeq || (batch.entries.length > 0 && batch.entries[0]!.seq <= lastSeq)) {
        await client.query('ROLLBACK')
        return { accepted: false, lastSeq }
      }
      const entries = batch.entries
      if (entries.length > 0) await copyEvents(client, code, entries)
      for (const day of batch.days) await writeDay(client, code, day)
      const newSeq = entries.length > 0 ? entries[entries.length - 1]!.seq : lastSeq
      await client.query(
        `UPDATE halls SET name = $2, region = $3, last_seq = $4, hub_seq = $5, last_seen_at = $6, business_day = $7,
           config = COALESCE($8::jsonb, config), board = COALESCE($9::jsonb, board) WHERE hall_code = $1`,
        [
          code,
          batch.hall.name,
          batch.hall.region,
          newSeq,
          Math.max(batch.hubSeq, newSeq),
          now,
          batch.businessDay,
          batch.config === null ? null : JSON.stringify(batch.config),
          batch.board === null ? null : JSON.stringify(batch.board),
        ],
      )
      await client.query('COMMIT')
      return { accepted: true, lastSeq: newSeq }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    }
  })
}

const EVENT_COLUMNS = 'hall_code, business_day, seq, at, actor_role, actor_clerk_id, terminal, command, events'
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const NEEDS_ESCAPE = /[\\\t\n\r]/
const ESCAPED = /[\\\t\n\r]/g

/** A value in COPY's text format (docs: "File Formats", text): backslash, tab and line ends escaped. */
function copyText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => COPY_ESCAPES[c]!) : value
}

/**
 * The batch's events by one `COPY … FROM STDIN` (text format) into the partitioned table, routed
 * to the month partitions by the server: no bind parameters to encode and decode, no per-row
 * conflict check. It runs inside the batch's transaction, after the hall's row is locked and the
 * batch is known to continue the centre's copy, so no row of it can already be stored; should
 * one be (the primary key), the COPY fails and the whole batch with it, nothing written.
 */
async function copyEvents(client: pg.ClientBase, code: string, entries: readonly ShippedEntry[]): Promise<void> {
  const hall = copyText(code)
  // Each line written as UTF-8 straight into one buffer (grown when needed): no array of lines
  // to join and encode again (a third less of the hub's CPU for a batch).
  let data = Buffer.allocUnsafe(256 * entries.length + 4096)
  let used = 0
  let previous = -Infinity
  for (const e of entries) {
    if (!(e.seq > previous)) throw new Error(`batch of ${code}: seq ${e.seq} after ${previous} (a batch ascends)`)
    previous = e.seq
    const line = `${hall}\t${e.businessDay}\t${e.seq}\t${e.at}\t${copyText(e.actorRole)}\t${e.actorClerkId ?? '\\N'}\t${copyText(e.terminal)}\t${copyText(e.command)}\t${copyText(JSON.stringify(e.events))}\n`
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (used + 3 * line.length > data.length) {
      const grown = Buffer.allocUnsafe(2 * data.length + 3 * line.length)
      data.copy(grown, 0, 0, used)
      data = grown
    }
    used += data.write(line, used, 'utf8')
  }
  const stream = client.query(copyFrom(`COPY hall_events (${EVENT_COLUMNS}) FROM STDIN`))
  await pipeline(Readable.from([data.subarray(0, used)]), stream)
}

/**
 * A day's facts, their rollup and runs: a closed day replaces whatever was there; a live day never
 * replaces a closed one.
 */
async function writeDay(client: pg.ClientBase, code: string, day: ShippedDay): Promise<void> {
  const f = day.facts
  const put = await client.query(
    `INSERT INTO day_facts (hall_code, business_day, closed, as_of, facts, assessment) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (hall_code, business_day) DO UPDATE SET closed = excluded.closed, as_of = excluded.as_of, facts = excluded.facts,
       assessment = excluded.assessment
     WHERE NOT day_facts.closed OR excluded.closed
     RETURNING 1`,
    [code, f.businessDay, f.closed, f.asOf, JSON.stringify(f), day.assessment === null || day.assessment === undefined ? null : JSON.stringify(day.assessment)],
  )
  if (put.rowCount === 0) return
  // The day's rollup for the cross-hall reports, from the facts just stored (migration 002).
  await client.query('SELECT central_day_rollup($1, $2)', [code, f.businessDay])
  await client.query('DELETE FROM day_runs WHERE hall_code = $1 AND business_day = $2', [code, f.businessDay])
  if (day.runs.length === 0) return
  await client.query(
    `INSERT INTO day_runs (hall_code, business_day, service_id, kind, count, values_ms)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::bytea[])`,
    [code, f.businessDay, day.runs.map((r) => r.serviceId), day.runs.map((r) => r.kind), day.runs.map((r) => r.count), day.runs.map((r) => r.values)],
  )
}
