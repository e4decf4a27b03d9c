/**
 * The centre's figures, with the hub's own report definitions: the day facts the hubs counted
 * (facts.ts) and their value runs, merged by the very `summarise` the hub's report page uses.
 * So one hall's day at the centre equals that hub's report by construction — the same code over
 * the same facts — and a test holds them equal.
 */
import {
  farOverTarget,
  SILENT_AFTER_MS,
  type BoardAlert,
  type BoardHall,
  type CentralBoard,
  type CentralReport,
  type OverTarget,
  type ReportClerkRow,
  type ReportHallRow,
  type ReportServiceRow,
} from '../../shared/central'
import type { Service } from '../../shared/domain'
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

/** The live board: each hall's last report, today's figures (counted without the value runs) and the alerts. */
export function boardOf(halls: readonly HallRow[], today: Map<string, FactsDay[]>, now: number): CentralBoard {
  const rows: BoardHall[] = halls.map((h) => {
    const days = today.get(h.code) ?? []
    const figures = days.length > 0 && h.businessDay ? hallSummary(h, days, h.businessDay, h.businessDay).hall : null
    const services = h.config?.services ?? {}
    const overTarget: OverTarget[] = (h.board?.services ?? [])
      .filter((s) => s.longestWaitMs !== null && s.longestWaitMs > s.targetWaitMin * 60_000)
      .map((s) => ({
        serviceId: s.serviceId,
        nameZh: services[s.serviceId]?.nameZh ?? s.serviceId,
        nameEn: services[s.serviceId]?.nameEn ?? s.serviceId,
        longestWaitMs: s.longestWaitMs!,
        targetWaitMin: s.targetWaitMin,
      }))
    return {
      code: h.code,
      name: h.name,
      region: h.region,
      lastSeenAt: h.lastSeenAt,
      lagEvents: Math.max(0, h.hubSeq - h.lastSeq),
      businessDay: h.businessDay,
      waiting: h.board?.waiting ?? 0,
      longestWaitMs: h.board?.longestWaitMs ?? null,
      countersOpen: h.board?.countersOpen ?? 0,
      issued: figures?.tickets.issued ?? 0,
      served: figures?.tickets.served ?? 0,
      serviceLevel: figures?.wait.serviceLevel ?? null,
      satisfiedShare: figures?.satisfaction.satisfiedShare ?? null,
      ratingAverage: figures?.satisfaction.average ?? null,
      overTarget,
    }
  })
  const alerts: BoardAlert[] = []
  for (const h of rows) {
    if (h.lastSeenAt === null || now - h.lastSeenAt >= SILENT_AFTER_MS) alerts.push({ kind: 'silent', code: h.code, name: h.name, lastSeenAt: h.lastSeenAt })
  }
  // Far over target only: a service's longest wait at least FAR_OVER_TARGET_FACTOR × its target.
  for (const h of rows) for (const s of h.overTarget) if (farOverTarget(s.longestWaitMs, s.targetWaitMin)) alerts.push({ kind: 'overTarget', code: h.code, name: h.name, ...s })
  return { asOf: now, halls: rows, alerts }
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/** What the cross-hall totals are made of, summed over the halls (from their facts or their rollups). */
export interface CrossHallSums {
  tickets: CentralReport['totals']['tickets']
  waits: number
  within: number
  waitMs: number
  handled: number
  handleMs: number
  responses: number
  satisfied: number
  scoreSum: number
}

export function crossHallTotals(halls: number, t: CrossHallSums): CentralReport['totals'] {
  return {
    halls,
    tickets: t.tickets,
    waits: t.waits,
    withinTarget: t.within,
    serviceLevel: share(t.within, t.waits),
    avgWaitMs: share(t.waitMs, t.waits),
    handled: t.handled,
    avgHandlingMs: share(t.handleMs, t.handled),
    responses: t.responses,
    satisfiedShare: share(t.satisfied, t.responses),
    ratingAverage: share(t.scoreSum, t.responses),
  }
}

/** A hall's clerk as a line of the cross-hall report: the hub's figures with the hall in front. */
export function clerkRow(h: Pick<HallRow, 'code' | 'name' | 'region'>, c: ReportSummary['clerks'][number]): ReportClerkRow {
  return {
    hallCode: h.code,
    hallName: h.name,
    region: h.region,
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
  }
}

/** The cross-hall clerk lines' order: by hall code, then staff code. */
export const byHallThenClerk = (a: ReportClerkRow, b: ReportClerkRow): number =>
  a.hallCode < b.hallCode ? -1 : a.hallCode > b.hallCode ? 1 : a.staffCode.localeCompare(b.staffCode) || a.clerkId - b.clerkId

/** Every hall's range with the hub's own code, their totals and the hours summed over them. */
export function crossHallReport(halls: readonly HallRow[], days: Map<string, FactsDay[]>, from: string, to: string, scope: CentralReport['scope']): CentralReport {
  const rows: ReportHallRow[] = []
  const hours = new Map<number, { hour: number; arrivals: number; waits: number; withinTarget: number }>()
  const tickets = { issued: 0, served: 0, noShow: 0, transferred: 0, cancelled: 0, expired: 0, open: 0 }
  let waits = 0
  let within = 0
  let waitMs = 0
  let handled = 0
  let handleMs = 0
  let responses = 0
  let satisfied = 0
  let scoreSum = 0
  const clerks: ReportClerkRow[] = []
  for (const h of halls) {
    const own = days.get(h.code) ?? []
    const s = hallSummary(h, own, from, to)
    for (const c of s.clerks) clerks.push(clerkRow(h, c))
    rows.push({ code: h.code, name: h.name, region: h.region, days: own.length, tickets: s.hall.tickets, wait: s.hall.wait, handling: s.hall.handling, satisfaction: s.hall.satisfaction })
    for (const k of Object.keys(tickets) as (keyof typeof tickets)[]) tickets[k] += s.hall.tickets[k]
    waits += s.hall.wait.count
    within += s.hall.wait.withinTarget
    waitMs += s.hall.wait.totalMs
    handled += s.hall.handling.count
    handleMs += s.hall.handling.totalMs
    responses += s.hall.satisfaction.responses
    satisfied += s.hall.satisfaction.satisfied
    scoreSum += s.hall.satisfaction.byScore.reduce((sum, n, i) => sum + n * (i + 1), 0)
    for (const line of s.hall.byHour) {
      const at = hours.get(line.hour) ?? { hour: line.hour, arrivals: 0, waits: 0, withinTarget: 0 }
      at.arrivals += line.arrivals
      at.waits += line.waits
      at.withinTarget += line.withinTarget
      hours.set(line.hour, at)
    }
  }
  return {
    from,
    to,
    scope,
    halls: rows,
    totals: crossHallTotals(rows.length, { tickets, waits, within, waitMs, handled, handleMs, responses, satisfied, scoreSum }),
    byHour: [...hours.values()],
    services: servicesAcross(halls, days, from, to),
    clerks: clerks.sort(byHallThenClerk),
  }
}

/**
 * Per service across the halls: every hall's days through one `summarise`, which merges a
 * service's facts of all of them by its id and ranks its waits over all their value runs — the
 * hub's own code, so a one-hall report's services are that hub's. Names (and the catalogue's
 * order) from the first hall that has the service.
 */
function servicesAcross(halls: readonly HallRow[], days: Map<string, FactsDay[]>, from: string, to: string): ReportServiceRow[] {
  const services: Record<string, Service> = {}
  const all: FactsDay[] = []
  const hallsOf = new Map<string, number>()
  for (const h of halls) {
    for (const [id, s] of Object.entries(h.config?.services ?? {})) services[id] ??= s
    const own = days.get(h.code) ?? []
    all.push(...own)
    const issued = new Set<string>()
    for (const d of own) for (const s of d.facts.services) if (s.issued > 0) issued.add(s.serviceId)
    for (const id of issued) hallsOf.set(id, (hallsOf.get(id) ?? 0) + 1)
  }
  if (all.length === 0) return []
  const first = halls[0]?.config
  const s = summarise(
    all,
    { services, clerks: {}, counters: {} },
    { from, to, asOf: all.reduce((max, d) => Math.max(max, d.facts.asOf), 0), timeZone: first?.timeZone ?? 'Asia/Shanghai', rolloverHour: first?.rolloverHour ?? 4 },
  )
  return s.services.map((x) => ({
    serviceId: x.serviceId,
    nameZh: x.nameZh,
    nameEn: x.nameEn,
    halls: hallsOf.get(x.serviceId) ?? 0,
    tickets: x.tickets,
    wait: x.wait,
    handling: x.handling,
    satisfaction: x.satisfaction,
  }))
}
