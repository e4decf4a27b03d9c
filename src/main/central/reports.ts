/**
 * The centre's figures, with the hub's own report definitions: the day facts the hubs counted
 * (facts.ts) and their value runs, merged by the very `summarise` the hub's report page uses.
 * So one hall's day at the centre equals that hub's report by construction — the same code over
 * the same facts — and a test holds them equal.
 */
import type { ReportSummary } from '../../shared/reports'
import { decodeRun } from '../reports/archive'
import type { DayFacts, ValueRun } from '../reports/facts'
import { summarise, type FactsDay } from '../reports/summary'
import type { Pool } from './database'
import type { HallBoard, HallConfig } from './ingest'

export interface HallRow {
  code: string
  name: string
  region: string
  lastSeq: number
  hubSeq: number
  lastSeenAt: number | null
  businessDay: string | null
  config: HallConfig | null
  board: HallBoard | null
}

export async function loadHalls(pool: Pool): Promise<HallRow[]> {
  const r = await pool.query<{
    hall_code: string
    name: string
    region: string
    last_seq: number
    hub_seq: number
    last_seen_at: number | null
    business_day: string | null
    config: HallConfig | Record<string, never>
    board: HallBoard | Record<string, never>
  }>('SELECT hall_code, name, region, last_seq, hub_seq, last_seen_at, business_day, config, board FROM halls ORDER BY hall_code')
  return r.rows.map((h) => ({
    code: h.hall_code,
    name: h.name,
    region: h.region,
    lastSeq: h.last_seq,
    hubSeq: h.hub_seq,
    lastSeenAt: h.last_seen_at,
    businessDay: h.business_day,
    config: 'services' in h.config ? (h.config as HallConfig) : null,
    board: 'asOf' in h.board ? (h.board as HallBoard) : null,
  }))
}

const EMPTY_RUN = new Float64Array(0)

/** Each hall's stored days of the range, with their value runs (only when `withRuns`). */
export async function loadDays(pool: Pool, codes: readonly string[], from: string, to: string, withRuns = true): Promise<Map<string, FactsDay[]>> {
  const out = new Map<string, FactsDay[]>(codes.map((c) => [c, []]))
  if (codes.length === 0) return out
  const byKey = new Map<string, FactsDay>()
  const facts = await pool.query<{ hall_code: string; business_day: string; facts: DayFacts }>(
    'SELECT hall_code, business_day, facts FROM day_facts WHERE hall_code = ANY($1) AND business_day BETWEEN $2 AND $3 ORDER BY hall_code, business_day',
    [codes, from, to],
  )
  for (const r of facts.rows) {
    const day: FactsDay = { facts: r.facts, runs: new Map() }
    byKey.set(`${r.hall_code}|${r.business_day}`, day)
    out.get(r.hall_code)!.push(day)
  }
  if (!withRuns) return out
  const runs = await pool.query<{ hall_code: string; business_day: string; service_id: string; kind: 'wait' | 'handle'; count: number; values_ms: Buffer }>(
    'SELECT hall_code, business_day, service_id, kind, count, values_ms FROM day_runs WHERE hall_code = ANY($1) AND business_day BETWEEN $2 AND $3',
    [codes, from, to],
  )
  for (const r of runs.rows) {
    const day = byKey.get(`${r.hall_code}|${r.business_day}`)
    if (!day) continue
    let entry = day.runs.get(r.service_id)
    if (!entry) {
      entry = { wait: EMPTY_RUN as ValueRun, handle: EMPTY_RUN as ValueRun }
      day.runs.set(r.service_id, entry)
    }
    entry[r.kind] = decodeRun(r.values_ms, r.count)
  }
  return out
}

/** One hall's range, exactly as its hub's report page counts it. */
export function hallSummary(hall: HallRow, days: readonly FactsDay[], from: string, to: string): ReportSummary {
  const config = hall.config
  const asOf = days.reduce((max, d) => Math.max(max, d.facts.asOf), 0)
  return summarise(
    days,
    { services: config?.services ?? {}, clerks: config?.clerks ?? {}, counters: config?.counters ?? {} },
    { from, to, asOf, timeZone: config?.timeZone ?? 'Asia/Shanghai', rolloverHour: config?.rolloverHour ?? 4 },
  )
}
