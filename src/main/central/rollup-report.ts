/**
 * The cross-hall report from the day rollups (migration 002, decision 034): the server sums each
 * hall's, each service's, each clerk's and each hour's rows of the range (GROUP BY), and the
 * figures are made from those sums by the hub's own functions (summary.ts: waitFigures,
 * durationFigures, satisfactionFigures, clerkFigures). No facts document is decoded.
 *
 * Medians and 90th percentiles are not sums: they are ranked, exactly as `summarise` ranks them,
 * over every wait and handling time of the range — the value runs (`day_runs`), read as raw bytes
 * by `COPY … TO STDOUT (FORMAT binary)` (not as hex text: half the bytes and no decoding), in two
 * halves at once, while the sums are counted.
 *
 * `crossHallReport` (reports.ts: `summarise` over the day facts) is the definition; the tests hold
 * this report equal to it.
 */
import { pipeline } from 'node:stream/promises'
import { Writable } from 'node:stream'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import type { CentralReport, ReportClerkRow, ReportHallRow, ReportServiceRow } from '../../shared/central'
import { PAUSE_REASONS, RATING_REASONS, type PauseReason, type RatingReason, type Service } from '../../shared/domain'
import type { DurationAcc, ValueRun, WaitAcc } from '../reports/facts'
import { businessHours } from '../reports/local-hour'
import { clerkFigures, durationFigures, satisfactionFigures, ticketFigures, waitFigures, type ClerkFigureFacts } from '../reports/summary'
import { withConnection, type Pool } from './database'
import { byHallThenClerk, clerkRow, crossHallTotals, type HallRow } from './reports'

const REASON_SUMS = RATING_REASONS.map((r) => `sum(reason_${r}) AS reason_${r}`).join(', ')
const SCORE_SUMS = 'sum(score_1) AS score_1, sum(score_2) AS score_2, sum(score_3) AS score_3, sum(score_4) AS score_4'
const SERVICE_SUMS = `sum(issued) AS issued, sum(served) AS served, sum(no_show) AS no_show, sum(transferred) AS transferred,
  sum(cancelled) AS cancelled, sum(expired) AS expired, sum(open) AS open,
  sum(wait_count) AS wait_count, sum(wait_total_ms) AS wait_total_ms, max(wait_max_ms) AS wait_max_ms, sum(wait_within) AS wait_within,
  sum(handle_count) AS handle_count, sum(handle_total_ms) AS handle_total_ms, max(handle_max_ms) AS handle_max_ms,
  sum(ratable) AS ratable, ${SCORE_SUMS}, ${REASON_SUMS}`
const CLERK_SUMS = `sum(served) AS served, sum(handle_count) AS handle_count, sum(handle_total_ms) AS handle_total_ms, max(handle_max_ms) AS handle_max_ms,
  sum(calls) AS calls, sum(call_wait_total_ms) AS call_wait_total_ms, sum(no_show) AS no_show, sum(transferred) AS transferred,
  sum(ratable) AS ratable, ${SCORE_SUMS}, ${REASON_SUMS}, sum(logged_in_ms) AS logged_in_ms,
  ${PAUSE_REASONS.map((r) => `sum(paused_${r}_ms) AS paused_${r}_ms`).join(', ')}`

type SumRow = Record<string, number | null>

/** The summable facts of one service (or of a hall's services together). */
interface ServiceSums {
  tickets: { issued: number; served: number; noShow: number; transferred: number; cancelled: number; expired: number; open: number }
  wait: WaitAcc
  handle: DurationAcc
  ratable: number
  byScore: [number, number, number, number]
  reasons: Record<RatingReason, number>
}

const num = (row: SumRow, key: string): number => Number(row[key] ?? 0)
const maxOf = (row: SumRow, key: string): number | null => (row[key] === null || row[key] === undefined ? null : Number(row[key]))
const scores = (row: SumRow): [number, number, number, number] => [num(row, 'score_1'), num(row, 'score_2'), num(row, 'score_3'), num(row, 'score_4')]
const reasonsOf = (row: SumRow) => Object.fromEntries(RATING_REASONS.map((r) => [r, num(row, `reason_${r}`)])) as Record<RatingReason, number>

function serviceSums(row: SumRow | undefined): ServiceSums {
  const r = row ?? {}
  return {
    tickets: {
      issued: num(r, 'issued'),
      served: num(r, 'served'),
      noShow: num(r, 'no_show'),
      transferred: num(r, 'transferred'),
      cancelled: num(r, 'cancelled'),
      expired: num(r, 'expired'),
      open: num(r, 'open'),
    },
    wait: { count: num(r, 'wait_count'), totalMs: num(r, 'wait_total_ms'), maxMs: maxOf(r, 'wait_max_ms'), within: num(r, 'wait_within') },
    handle: { count: num(r, 'handle_count'), totalMs: num(r, 'handle_total_ms'), maxMs: maxOf(r, 'handle_max_ms') },
    ratable: num(r, 'ratable'),
    byScore: scores(r),
    reasons: reasonsOf(r),
  }
}

function clerkSums(row: SumRow): ClerkFigureFacts {
  return {
    clerkId: num(row, 'clerk_id'),
    served: num(row, 'served'),
    handle: { count: num(row, 'handle_count'), totalMs: num(row, 'handle_total_ms'), maxMs: maxOf(row, 'handle_max_ms') },
    calls: num(row, 'calls'),
    callWaitTotalMs: num(row, 'call_wait_total_ms'),
    noShow: num(row, 'no_show'),
    transferred: num(row, 'transferred'),
    ratable: num(row, 'ratable'),
    byScore: scores(row),
    reasons: reasonsOf(row),
    loggedInMs: num(row, 'logged_in_ms'),
    pausedByReason: Object.fromEntries(PAUSE_REASONS.map((r) => [r, num(row, `paused_${r}_ms`)])) as Record<PauseReason, number>,
  }
}

/** One stored value run: a hall's waits or handling times of one service on one day, ascending. */
export interface RunRow {
  hallCode: string
  serviceId: string
  kind: 'wait' | 'handle'
  run: ValueRun
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const HEADER = SIGNATURE.length + 4 + 4

/**
 * Reads the rows of `COPY … TO STDOUT (FORMAT binary)` output as it arrives (PostgreSQL docs,
 * COPY, "Binary Format"): the signature, flags and header extension, then per row a 16-bit field
 * count and per field a 32-bit length (-1: NULL) and its bytes; a field count of -1 ends the data.
 * Fields are handed over as slices of the chunk they came in (text is UTF-8, integers big-endian,
 * bytea its raw bytes), valid during the call. A row split between chunks is joined first.
 */
export class BinaryCopyReader {
  private carry: Buffer | null = null
  private headerRead = false
  private ended = false

  constructor(private readonly onRow: (fields: (Buffer | null)[]) => void) {}

  push(chunk: Buffer): void {
    const data = this.carry === null ? chunk : Buffer.concat([this.carry, chunk])
    this.carry = null
    let at = 0
    if (!this.headerRead) {
      if (data.length < HEADER) {
        this.carry = data
        return
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not COPY binary data')
      const extension = data.readUInt32BE(SIGNATURE.length + 4)
      if (data.length < HEADER + extension) {
        this.carry = data
        return
      }
      at = HEADER + extension
      this.headerRead = true
    }
    for (;;) {
      const row = this.rowAt(data, at)
      if (row === null) break
      at = row
      if (this.ended) return
    }
    if (at < data.length) this.carry = data.subarray(at)
  }

  /** Whether the end marker has been read. */
  get done(): boolean {
    return this.ended
  }

  /** Reads one row at `at`; its end, or null when the row is not all there yet. */
  private rowAt(data: Buffer, at: number): number | null {
    if (data.length < at + 2) return null
    const count = data.readInt16BE(at)
    if (count === -1) {
      this.ended = true
      return at + 2
    }
    let p = at + 2
    const fields: (Buffer | null)[] = new Array(count)
    for (let i = 0; i < count; i++) {
      if (data.length < p + 4) return null
      const length = data.readInt32BE(p)
      p += 4
      if (length === -1) {
        fields[i] = null
        continue
      }
      if (data.length < p + length) return null
      fields[i] = data.subarray(p, p + length)
      p += length
    }
    this.onRow(fields)
    return p
  }
}

/** All rows of a complete COPY binary output. */
export function binaryCopyRows(data: Buffer, onRow: (fields: (Buffer | null)[]) => void): void {
  const reader = new BinaryCopyReader(onRow)
  reader.push(data)
  if (!reader.done) throw new Error('COPY binary data cut short')
}

/**
 * Value runs copied out of the chunks into large aligned blocks, each run a typed-array view of
 * its block: one allocation per few megabytes instead of one per run.
 */
class RunArena {
  private block = new ArrayBuffer(0)
  private used = 0

  take(bytes: Buffer, count: number): ValueRun {
    const width = bytes.length === count * 4 ? 4 : 8
    this.used = Math.ceil(this.used / 8) * 8
    if (this.used + bytes.length > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(4 << 20, bytes.length))
      this.used = 0
    }
    new Uint8Array(this.block, this.used, bytes.length).set(bytes)
    const run = width === 4 ? new Uint32Array(this.block, this.used, count) : new Float64Array(this.block, this.used, count)
    this.used += bytes.length
    return run
  }
}

const literalList = (values: readonly string[]) => `ARRAY[${values.map((v) => pg.escapeLiteral(v)).join(', ')}]::text[]`

/**
 * The value runs of these halls' days in the range, as raw bytes, read as they arrive; the halls
 * split over `parts` connections at once (the server's part and the parsing overlap).
 */
export async function readRuns(pool: Pool, codes: readonly string[], from: string, to: string, parts = 2): Promise<RunRow[]> {
  if (codes.length === 0) return []
  const size = Math.ceil(codes.length / parts)
  const groups: string[][] = []
  for (let i = 0; i < codes.length; i += size) groups.push(codes.slice(i, i + size))
  const read = (group: readonly string[]) =>
    withConnection(pool, async (client) => {
      const rows: RunRow[] = []
      const arena = new RunArena()
      const names = new Map<string, string>()
      // Hall codes and service ids repeat on every row: decoded once each.
      const name = (b: Buffer) => {
        const key = b.toString('latin1')
        let text = names.get(key)
        if (text === undefined) {
          text = b.toString('utf8')
          names.set(key, text)
        }
        return text
      }
      const reader = new BinaryCopyReader((f) => {
        rows.push({ hallCode: name(f[0]!), serviceId: name(f[1]!), kind: f[2]![0] === 1 ? 'wait' : 'handle', run: arena.take(f[4]!, f[3]!.readInt32BE(0)) })
      })
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          try {
            reader.push(chunk)
            done()
          } catch (err) {
            done(err as Error)
          }
        },
      })
      const sql = `COPY (SELECT hall_code, service_id, kind = 'wait', count, values_ms FROM day_runs
        WHERE hall_code = ANY(${literalList(group)}) AND business_day BETWEEN ${pg.escapeLiteral(from)}::date AND ${pg.escapeLiteral(to)}::date)
        TO STDOUT (FORMAT binary)`
      await pipeline(client.query(copyTo(sql)), sink)
      if (!reader.done) throw new Error('COPY binary data cut short')
      return rows
    })
  return (await Promise.all(groups.map(read))).flat()
}

/** Every hall's range, the services and clerks across them and the hours, from the rollups and the runs. */
export async function rollupReport(pool: Pool, halls: readonly HallRow[], from: string, to: string, scope: CentralReport['scope']): Promise<CentralReport> {
  const codes = halls.map((h) => h.code)
  const where = 'hall_code = ANY($1) AND business_day BETWEEN $2 AND $3'
  const args = [codes, from, to]
  const [byHall, byService, byClerk, byHour, dayCounts, runs] = await Promise.all([
    pool.query<SumRow & { hall_code: string }>(`SELECT hall_code, ${SERVICE_SUMS} FROM day_service_rollups WHERE ${where} GROUP BY hall_code`, args),
    pool.query<SumRow & { service_id: string }>(
      `SELECT service_id, count(DISTINCT hall_code) FILTER (WHERE issued > 0) AS halls, ${SERVICE_SUMS} FROM day_service_rollups WHERE ${where} GROUP BY service_id`,
      args,
    ),
    pool.query<SumRow & { hall_code: string }>(`SELECT hall_code, clerk_id, ${CLERK_SUMS} FROM day_clerk_rollups WHERE ${where} GROUP BY hall_code, clerk_id`, args),
    pool.query<SumRow>(`SELECT hour, sum(arrivals) AS arrivals, sum(waits) AS waits, sum(within) AS within FROM day_hour_rollups WHERE ${where} GROUP BY hour`, args),
    pool.query<{ hall_code: string; days: number }>(`SELECT hall_code, count(*)::int AS days FROM day_facts WHERE ${where} GROUP BY hall_code`, args),
    readRuns(pool, codes, from, to),
  ])

  const hallRuns = new Map<string, { wait: ValueRun[]; handle: ValueRun[] }>()
  const serviceRuns = new Map<string, { wait: ValueRun[]; handle: ValueRun[] }>()
  const into = (map: Map<string, { wait: ValueRun[]; handle: ValueRun[] }>, key: string) => {
    let at = map.get(key)
    if (!at) {
      at = { wait: [], handle: [] }
      map.set(key, at)
    }
    return at
  }
  for (const r of runs) {
    into(hallRuns, r.hallCode)[r.kind].push(r.run)
    into(serviceRuns, r.serviceId)[r.kind].push(r.run)
  }

  const hallSums = new Map(byHall.rows.map((r) => [r.hall_code, serviceSums(r)]))
  const daysOf = new Map(dayCounts.rows.map((r) => [r.hall_code, r.days]))
  const rows: ReportHallRow[] = halls.map((h) => {
    const sums = hallSums.get(h.code) ?? serviceSums(undefined)
    const own = hallRuns.get(h.code) ?? { wait: [], handle: [] }
    return {
      code: h.code,
      name: h.name,
      region: h.region,
      days: daysOf.get(h.code) ?? 0,
      tickets: ticketFigures(sums.tickets),
      wait: waitFigures(sums.wait, own.wait),
      handling: durationFigures(sums.handle, own.handle),
      satisfaction: satisfactionFigures(sums),
    }
  })

  const tickets = { issued: 0, served: 0, noShow: 0, transferred: 0, cancelled: 0, expired: 0, open: 0 }
  let waits = 0
  let within = 0
  let waitMs = 0
  let handled = 0
  let handleMs = 0
  let responses = 0
  let satisfied = 0
  let scoreSum = 0
  for (const r of rows) {
    for (const k of Object.keys(tickets) as (keyof typeof tickets)[]) tickets[k] += r.tickets[k]
    waits += r.wait.count
    within += r.wait.withinTarget
    waitMs += r.wait.totalMs
    handled += r.handling.count
    handleMs += r.handling.totalMs
    responses += r.satisfaction.responses
    satisfied += r.satisfaction.satisfied
    scoreSum += r.satisfaction.byScore.reduce((sum, n, i) => sum + n * (i + 1), 0)
  }

  // Per service across the halls: names and the catalogue's order from the first hall that has it.
  const catalogue: Record<string, Service> = {}
  for (const h of halls) for (const [id, s] of Object.entries(h.config?.services ?? {})) catalogue[id] ??= s
  const order = (id: string) => catalogue[id]?.sortOrder ?? Number.MAX_SAFE_INTEGER
  const services: ReportServiceRow[] = byService.rows
    .sort((a, b) => order(a.service_id) - order(b.service_id) || (a.service_id < b.service_id ? -1 : 1))
    .map((row) => {
      const s = serviceSums(row)
      const own = serviceRuns.get(row.service_id) ?? { wait: [], handle: [] }
      return {
        serviceId: row.service_id,
        nameZh: catalogue[row.service_id]?.nameZh ?? row.service_id,
        nameEn: catalogue[row.service_id]?.nameEn ?? row.service_id,
        halls: num(row, 'halls'),
        tickets: ticketFigures(s.tickets),
        wait: waitFigures(s.wait, own.wait),
        handling: durationFigures(s.handle, own.handle),
        satisfaction: satisfactionFigures(s),
      }
    })

  const hallOf = new Map(halls.map((h) => [h.code, h]))
  const clerks: ReportClerkRow[] = byClerk.rows.map((row) => {
    const h = hallOf.get(row.hall_code)!
    return clerkRow(h, clerkFigures(clerkSums(row), h.config?.clerks[num(row, 'clerk_id')]))
  })

  const hourSums = new Map(byHour.rows.map((r) => [num(r, 'hour'), r]))
  const byHourRows =
    halls.length === 0
      ? []
      : businessHours(halls[0]!.config?.rolloverHour ?? 4).map((hour) => {
          const r = hourSums.get(hour) ?? {}
          return { hour, arrivals: num(r, 'arrivals'), waits: num(r, 'waits'), withinTarget: num(r, 'within') }
        })

  return {
    from,
    to,
    scope,
    halls: rows,
    totals: crossHallTotals(rows.length, { tickets, waits, within, waitMs, handled, handleMs, responses, satisfied, scoreSum }),
    byHour: byHourRows,
    services,
    clerks: clerks.sort(byHallThenClerk),
  }
}
