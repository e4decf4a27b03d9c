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
import { clerkFigures, durationFigures, satisfactionFigures, ticketFigures, waitFigures, windowsOf, type ClerkFigureFacts, type RunWindows } from '../reports/summary'
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

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const HEADER = SIGNATURE.length + 4 + 4

/**
 * A row of COPY binary output, valid during the call only: field i is `data` from `start[i]`,
 * `length[i]` bytes long (-1: NULL). Nothing is allocated for a row.
 */
export type CopyRowHandler = (data: Buffer, start: Int32Array, length: Int32Array, fields: number) => void

/**
 * Reads the rows of `COPY … TO STDOUT (FORMAT binary)` output as it arrives (PostgreSQL docs,
 * COPY, "Binary Format"): the signature, flags and header extension, then per row a 16-bit field
 * count and per field a 32-bit length (-1: NULL) and its bytes; a field count of -1 ends the data.
 * Fields are handed over as positions in the chunk they came in (text is UTF-8, integers
 * big-endian, bytea its raw bytes). A row split between chunks is joined first, and only that
 * row: the rest of the next chunk is read where it lies.
 */
export class BinaryCopyReader {
  private carry: Buffer | null = null
  private headerRead = false
  private ended = false
  private start = new Int32Array(8)
  private length = new Int32Array(8)

  constructor(private readonly onRow: CopyRowHandler) {}

  push(chunk: Buffer): void {
    const data = chunk
    let at = 0
    if (this.carry !== null) {
      // The carried part and as much of this chunk as completes it (doubling what is taken).
      const carry = this.carry
      for (let take = Math.min(chunk.length, Math.max(256, carry.length)); ; take = Math.min(chunk.length, 2 * take)) {
        const joined = Buffer.concat([carry, chunk.subarray(0, take)])
        const end = this.headerRead ? this.rowAt(joined, 0) : this.headerAt(joined)
        if (end !== null) {
          this.carry = null
          at = end - carry.length
          break
        }
        if (take === chunk.length) {
          this.carry = joined
          return
        }
      }
      if (this.ended) return
    } else if (!this.headerRead) {
      const end = this.headerAt(data)
      if (end === null) {
        this.carry = data
        return
      }
      at = end
    }
    while (!this.ended) {
      const end = this.rowAt(data, at)
      if (end === null) break
      at = end
    }
    if (!this.ended && at < data.length) this.carry = Buffer.from(data.subarray(at))
  }

  /** Whether the end marker has been read. */
  get done(): boolean {
    return this.ended
  }

  /** The header's end, or null when it is not all there yet. */
  private headerAt(data: Buffer): number | null {
    if (data.length < HEADER) return null
    if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not COPY binary data')
    const extension = data.readUInt32BE(SIGNATURE.length + 4)
    if (data.length < HEADER + extension) return null
    this.headerRead = true
    return HEADER + extension
  }

  /** Reads one row at `at`; its end, or null when the row is not all there yet. */
  private rowAt(data: Buffer, at: number): number | null {
    if (data.length < at + 2) return null
    const count = data.readInt16BE(at)
    if (count === -1) {
      this.ended = true
      return at + 2
    }
    if (count > this.start.length) {
      this.start = new Int32Array(count)
      this.length = new Int32Array(count)
    }
    let p = at + 2
    for (let i = 0; i < count; i++) {
      if (data.length < p + 4) return null
      const length = data.readInt32BE(p)
      p += 4
      this.start[i] = p
      this.length[i] = length
      if (length === -1) continue
      if (data.length < p + length) return null
      p += length
    }
    this.onRow(data, this.start, this.length, count)
    return p
  }
}

/** All rows of a complete COPY binary output. */
export function binaryCopyRows(data: Buffer, onRow: CopyRowHandler): void {
  const reader = new BinaryCopyReader(onRow)
  reader.push(data)
  if (!reader.done) throw new Error('COPY binary data cut short')
}

/** A growing Int32Array. */
class Ints {
  values = new Int32Array(1024)
  size = 0
  push(v: number): void {
    if (this.size === this.values.length) {
      const grown = new Int32Array(2 * this.size)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.size++] = v
  }
  get all(): Int32Array {
    return this.values.subarray(0, this.size)
  }
}

/**
 * Short texts that repeat on every row (hall codes, service ids) numbered by their bytes, without
 * decoding them again: the text of the row before first (a hall-day's runs come together), else
 * a hash of the bytes into an open table, then a comparison with the text found there.
 */
class Names {
  readonly texts: string[] = []
  private readonly bytes: Buffer[] = []
  private slots = new Int32Array(1024)
  private last = -1

  idOf(data: Buffer, start: number, length: number): number {
    if (this.last !== -1 && this.same(this.last, data, start, length)) return this.last
    let h = 0x811c9dc5
    for (let i = start; i < start + length; i++) h = Math.imul(h ^ data[i]!, 0x01000193)
    const mask = this.slots.length - 1
    let slot = h & mask
    for (let id = this.slots[slot]! - 1; id !== -1; id = this.slots[slot]! - 1) {
      if (this.same(id, data, start, length)) return (this.last = id)
      slot = (slot + 1) & mask
    }
    const id = this.texts.length
    this.bytes.push(Buffer.from(data.subarray(start, start + length)))
    this.texts.push(data.toString('utf8', start, start + length))
    this.slots[slot] = id + 1
    // At most half full: a text not there is found missing after a probe or two.
    if (2 * this.texts.length > this.slots.length) this.rehash()
    return (this.last = id)
  }

  private same(id: number, data: Buffer, start: number, length: number): boolean {
    const seen = this.bytes[id]!
    if (seen.length !== length) return false
    for (let i = 0; i < length; i++) if (seen[i] !== data[start + i]) return false
    return true
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length)
    const mask = this.slots.length - 1
    this.bytes.forEach((b, id) => {
      let h = 0x811c9dc5
      for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193)
      let slot = h & mask
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask
      this.slots[slot] = id + 1
    })
  }
}

/**
 * The value runs of a report's range: their values copied into a few large blocks as they
 * arrive (uint32 runs into uint32 blocks, float64 into float64), each run a window of its block
 * (`RunWindows`), and whose it is — no object or typed array of its own for each run.
 */
export interface RangeRuns {
  windows: RunWindows
  /** Per run: its hall and service (indexes into `halls` and `services`), 1 for waits, 0 for handling. */
  hall: Int32Array
  service: Int32Array
  wait: Uint8Array
  halls: string[]
  services: string[]
}

const BLOCK_VALUES = 1 << 20

class RunStore {
  readonly blocks: ValueRun[] = []
  readonly block = new Ints()
  readonly from = new Ints()
  readonly to = new Ints()
  readonly hall = new Ints()
  readonly service = new Ints()
  readonly wait = new Ints()
  readonly halls = new Names()
  readonly services = new Names()
  /** The block being filled for each width (4: uint32, 8: float64), its bytes and values used. */
  private readonly filling = new Map<4 | 8, { index: number; bytes: Uint8Array; used: number; size: number }>()

  /** One row: hall_code, service_id, kind = 'wait', count, values_ms. */
  add(data: Buffer, start: Int32Array, length: Int32Array): void {
    const count = data.readInt32BE(start[3]!)
    const bytes = length[4]!
    const width = bytes === count * 4 ? 4 : 8
    let f = this.filling.get(width)
    if (f === undefined || f.used + count > f.size) {
      const size = Math.max(BLOCK_VALUES, count)
      // Not zeroed first: every value of a block is copied in before it is read.
      const bytes = Buffer.allocUnsafeSlow(size * width)
      const block = width === 4 ? new Uint32Array(bytes.buffer, bytes.byteOffset, size) : new Float64Array(bytes.buffer, bytes.byteOffset, size)
      f = { index: this.blocks.length, bytes, used: 0, size }
      this.blocks.push(block)
      this.filling.set(width, f)
    }
    data.copy(f.bytes, f.used * width, start[4]!, start[4]! + bytes)
    this.block.push(f.index)
    this.from.push(f.used)
    this.to.push(f.used + count)
    f.used += count
    this.hall.push(this.halls.idOf(data, start[0]!, length[0]!))
    this.service.push(this.services.idOf(data, start[1]!, length[1]!))
    this.wait.push(data[start[2]!] === 1 ? 1 : 0)
  }

  runs(): RangeRuns {
    return {
      windows: { blocks: this.blocks, block: this.block.all, from: this.from.all, to: this.to.all },
      hall: this.hall.all,
      service: this.service.all,
      wait: Uint8Array.from(this.wait.all),
      halls: this.halls.texts,
      services: this.services.texts,
    }
  }
}

const literalList = (values: readonly string[]) => `ARRAY[${values.map((v) => pg.escapeLiteral(v)).join(', ')}]::text[]`

/**
 * The value runs of these halls' days in the range (every hall's when `codes` is null), as raw
 * bytes, read as they arrive by one `COPY … TO STDOUT (FORMAT binary)`.
 */
export async function readRuns(pool: Pool, codes: readonly string[] | null, from: string, to: string): Promise<RangeRuns> {
  const store = new RunStore()
  if (codes !== null && codes.length === 0) return store.runs()
  await withConnection(pool, async (client) => {
    const reader = new BinaryCopyReader((data, start, length) => store.add(data, start, length))
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
    const halls = codes === null ? '' : `hall_code = ANY(${literalList(codes)}) AND `
    const sql = `COPY (SELECT hall_code, service_id, kind = 'wait', count, values_ms FROM day_runs
      WHERE ${halls}business_day BETWEEN ${pg.escapeLiteral(from)}::date AND ${pg.escapeLiteral(to)}::date)
      TO STDOUT (FORMAT binary)`
    await pipeline(client.query(copyTo(sql)), sink)
    if (!reader.done) throw new Error('COPY binary data cut short')
  })
  return store.runs()
}

/**
 * The runs' windows grouped by `groupOf` (a run's group, 0 to groups − 1): one `RunWindows` a
 * group, its arrays slices of three shared ones.
 */
function groupWindows(runs: RangeRuns, groups: number, groupOf: (run: number) => number): RunWindows[] {
  const n = runs.hall.length
  const group = new Int32Array(n)
  const first = new Int32Array(groups + 1)
  for (let i = 0; i < n; i++) {
    group[i] = groupOf(i)
    first[group[i]! + 1]!++
  }
  for (let g = 0; g < groups; g++) first[g + 1]! += first[g]!
  const next = first.slice(0, groups)
  const block = new Int32Array(n)
  const from = new Int32Array(n)
  const to = new Int32Array(n)
  const w = runs.windows
  for (let i = 0; i < n; i++) {
    const at = next[group[i]!]!++
    block[at] = w.block[i]!
    from[at] = w.from[i]!
    to[at] = w.to[i]!
  }
  return Array.from({ length: groups }, (_, g) => ({
    blocks: w.blocks,
    block: block.subarray(first[g], first[g + 1]),
    from: from.subarray(first[g], first[g + 1]),
    to: to.subarray(first[g], first[g + 1]),
  }))
}

/** Adds b's sums into a. */
function addSums(a: ServiceSums, b: ServiceSums): void {
  for (const k of Object.keys(a.tickets) as (keyof ServiceSums['tickets'])[]) a.tickets[k] += b.tickets[k]
  a.wait.count += b.wait.count
  a.wait.totalMs += b.wait.totalMs
  a.wait.within += b.wait.within
  if (b.wait.maxMs !== null && (a.wait.maxMs === null || b.wait.maxMs > a.wait.maxMs)) a.wait.maxMs = b.wait.maxMs
  a.handle.count += b.handle.count
  a.handle.totalMs += b.handle.totalMs
  if (b.handle.maxMs !== null && (a.handle.maxMs === null || b.handle.maxMs > a.handle.maxMs)) a.handle.maxMs = b.handle.maxMs
  a.ratable += b.ratable
  for (let i = 0; i < 4; i++) a.byScore[i]! += b.byScore[i]!
  for (const r of RATING_REASONS) a.reasons[r] += b.reasons[r]
}

export interface RollupReportOptions {
  /**
   * The halls are every hall the centre holds (`loadHalls`, no region or hall chosen): the
   * queries then read the range's partitions without testing each row's hall.
   */
  everyHall?: boolean
}

/** Every hall's range, the services and clerks across them and the hours, from the rollups and the runs. */
export async function rollupReport(
  pool: Pool,
  halls: readonly HallRow[],
  from: string,
  to: string,
  scope: CentralReport['scope'],
  options: RollupReportOptions = {},
): Promise<CentralReport> {
  const codes = halls.map((h) => h.code)
  const every = options.everyHall === true
  const where = every ? 'business_day BETWEEN $1::date AND $2::date' : 'hall_code = ANY($3) AND business_day BETWEEN $1::date AND $2::date'
  const args = every ? [from, to] : [from, to, codes]
  // Per hall and service: the hall's sums and the service's are both added up from these rows.
  const [byHallService, byClerk, byHour, dayCounts, runs] = await Promise.all([
    pool.query<SumRow & { hall_code: string; service_id: string }>(
      `SELECT hall_code, service_id, ${SERVICE_SUMS} FROM day_service_rollups WHERE ${where} GROUP BY hall_code, service_id`,
      args,
    ),
    pool.query<SumRow & { hall_code: string }>(`SELECT hall_code, clerk_id, ${CLERK_SUMS} FROM day_clerk_rollups WHERE ${where} GROUP BY hall_code, clerk_id`, args),
    pool.query<SumRow>(`SELECT hour, sum(arrivals) AS arrivals, sum(waits) AS waits, sum(within) AS within FROM day_hour_rollups WHERE ${where} GROUP BY hour`, args),
    pool.query<{ hall_code: string; days: number }>(`SELECT hall_code, count(*)::int AS days FROM day_facts WHERE ${where} GROUP BY hall_code`, args),
    readRuns(pool, every ? null : codes, from, to),
  ])

  // Ranked per hall and per service, waits and handling times apart: one group of windows each.
  const hallIndex = new Map(codes.map((c, i) => [c, i]))
  const hallOfRun = runs.halls.map((c) => hallIndex.get(c) ?? -1)
  const serviceIndex = new Map<string, number>()
  for (const s of runs.services) serviceIndex.set(s, serviceIndex.size)
  const byHallRuns = groupWindows(runs, 2 * codes.length + 2, (i) => 2 * (hallOfRun[runs.hall[i]!]! + 1) + runs.wait[i]!)
  const byServiceRuns = groupWindows(runs, 2 * runs.services.length, (i) => 2 * runs.service[i]! + runs.wait[i]!)
  const hallRuns = (hall: number) => ({ wait: byHallRuns[2 * (hall + 1) + 1]!, handle: byHallRuns[2 * (hall + 1)]! })
  const noRuns = windowsOf([])
  const serviceRuns = (id: string) => {
    const s = serviceIndex.get(id)
    return s === undefined ? { wait: noRuns, handle: noRuns } : { wait: byServiceRuns[2 * s + 1]!, handle: byServiceRuns[2 * s]! }
  }

  const hallSums = new Map<string, ServiceSums>()
  const serviceSumsOf = new Map<string, { sums: ServiceSums; halls: number }>()
  for (const row of byHallService.rows) {
    const sums = serviceSums(row)
    const hall = hallSums.get(row.hall_code)
    if (hall === undefined) hallSums.set(row.hall_code, serviceSums(row))
    else addSums(hall, sums)
    const service = serviceSumsOf.get(row.service_id)
    const issued = sums.tickets.issued > 0 ? 1 : 0
    if (service === undefined) serviceSumsOf.set(row.service_id, { sums, halls: issued })
    else {
      addSums(service.sums, sums)
      service.halls += issued
    }
  }
  const daysOf = new Map(dayCounts.rows.map((r) => [r.hall_code, r.days]))
  const rows: ReportHallRow[] = halls.map((h, i) => {
    const sums = hallSums.get(h.code) ?? serviceSums(undefined)
    const own = hallRuns(i)
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
  const services: ReportServiceRow[] = [...serviceSumsOf]
    .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
    .map(([id, { sums: s, halls: withTickets }]) => {
      const own = serviceRuns(id)
      return {
        serviceId: id,
        nameZh: catalogue[id]?.nameZh ?? id,
        nameEn: catalogue[id]?.nameEn ?? id,
        halls: withTickets,
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
