/**
 * How fast a year summarises: a year of hall days (about a million service records) is written
 * straight into a real hall database (production migrations), every day is closed the way 日结
 * closes it, then the year's summary is timed against a plain COUNT(*) over the same
 * service_records table in the same run.
 *
 *   npm run bench -- report       (with the others' summary; exits 1 if the target is missed)
 *   npm run bench:report [-- --days 365 --tickets 2500 --keep]
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { Hall } from '../src/main/hall'
import { ReportArchive } from '../src/main/reports/archive'
import { ReportService, type LiveDay } from '../src/main/reports/report-service'
import { openDatabase } from '../src/main/store/database'
import { HallStore } from '../src/main/store/hall-store'
import type { Clerk } from '../src/shared/domain'
import { DEFAULT_SETTINGS } from '../src/shared/settings'
import { tempDir } from '../test/support/hall-fixture'
import { figure, finish } from './support/report'

const { values } = parseArgs({
  options: { days: { type: 'string', default: '365' }, tickets: { type: 'string', default: '2500' }, keep: { type: 'boolean', default: false } },
})
const started = performance.now()
const DAYS = Number(values.days)
const TICKETS_PER_DAY = Number(values.tickets)
const COUNTERS = 10
const CLERKS = 20
const MIN = 60_000

/** Deterministic, so every run measures the same year. */
let seed = 20261128
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))

const folder = tempDir('hallq-bench-')
const db = openDatabase(join(folder.dir, 'hallq.db'))
const store = new HallStore(db)
const first = Date.parse('2025-01-01T09:00:00+08:00')
const { hall } = await Hall.open({ store, clock: () => first, logger: pino({ level: 'silent' }), adminPin: '246810' })
const services = hall.state.services
const serviceIds = Object.keys(services)

// The generator only: no fsync while writing a year of made-up rows. The hall's own path keeps
// synchronous=FULL (docs/decisions/002-durable-commits.md).
db.pragma('synchronous = OFF')

const insert = {
  clerk: db.prepare("INSERT INTO clerks (id, staff_code, name, role, active, pin_hash) VALUES (?, ?, ?, 'clerk', 1, '')"),
  counter: db.prepare("INSERT INTO counters (id, name, services, display_address, active, status, priority_run) VALUES (?, ?, ?, ?, 1, 'closed', 0)"),
  ticket: db.prepare(
    `INSERT INTO tickets (id, business_day, service_id, issued_service_id, seq, number, priority, source, status, issued_at, queued_at, queue_key,
       first_called_at, call_count, counter_id, record_id, target_counter_id, est_ahead, est_minutes, ended_at)
     VALUES (?, ?, ?, ?, ?, ?, 'normal', 'kiosk', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, NULL, ?)`,
  ),
  record: db.prepare(
    `INSERT INTO service_records (id, ticket_id, business_day, service_id, counter_id, clerk_id, queued_at, called_at, call_count, started_at, ended_at,
       outcome, items, note, complaint, transfer_service_id, transfer_counter_id, rating, rated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, NULL, ?, ?)`,
  ),
  period: db.prepare('INSERT INTO activity_periods (id, business_day, counter_id, clerk_id, kind, reason, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  close: db.prepare('INSERT INTO day_closes (business_day, next_business_day, closed_at, seq) VALUES (?, ?, ?, 0)'),
}

db.transaction(() => {
  for (let i = 0; i < CLERKS; i++) insert.clerk.run(100 + i, `b${i}`, `营业员${i}`)
  for (let c = 6; c <= COUNTERS; c++) {
    insert.counter.run(c, `${c}号窗口`, JSON.stringify(serviceIds.map((serviceId) => ({ serviceId, boostMin: 0 }))), c)
  }
})()

const archive = new ReportArchive(db)
const dayOf = (i: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10)
let ticketId = 0
let recordId = 0
let periodId = 0
let freezeMs = 0

const generationStart = performance.now()
for (let d = 0; d < DAYS; d++) {
  const day = dayOf(d)
  const opening = Date.parse(`${day}T08:30:00+08:00`)
  const closing = Date.parse(`${day}T17:30:00+08:00`)
  db.transaction(() => {
    const clerkAt = (counter: number) => 100 + ((d + counter) % CLERKS)
    for (let c = 1; c <= COUNTERS; c++) {
      insert.period.run(++periodId, day, c, clerkAt(c), 'open', null, opening, closing)
      const meal = Date.parse(`${day}T11:30:00+08:00`) + between(0, 90) * MIN
      insert.period.run(++periodId, day, c, clerkAt(c), 'pause', random() < 0.8 ? 'meal' : 'backoffice', meal, meal + between(20, 60) * MIN)
    }
    const seqs: Record<string, number> = {}
    // A ticket's visits are worked out first and written after its own row (foreign keys).
    let visits: unknown[][] = []
    const flush = () => {
      for (const v of visits) insert.record.run(...v)
      visits = []
    }
    const visit = (ticket: number, serviceId: string, queuedAt: number, outcome: string) => {
      const counter = between(1, COUNTERS)
      const calledAt = queuedAt + Math.floor(random() ** 2 * 40 * MIN)
      const started = outcome === 'no_show' ? null : calledAt + between(10, 90) * 1000
      const ended = started === null ? calledAt + 3 * MIN : started + Math.floor(services[serviceId]!.defaultHandleMin * MIN * (0.4 + random() * 1.4))
      const items = outcome === 'no_show' ? [] : [services[serviceId]!.items[between(0, services[serviceId]!.items.length - 1)]!]
      const rated = (outcome === 'completed' || outcome === 'pending') && random() < 0.6
      const complaint = serviceId === 'COMPLAINT' && outcome === 'completed' && random() < 0.5 ? JSON.stringify({ category: 'service', summary: '投诉', followUp: random() < 0.6 ? 'closed' : 'open' }) : null
      visits.push([
        ++recordId,
        ticket,
        day,
        serviceId,
        counter,
        clerkAt(counter),
        queuedAt,
        calledAt,
        outcome === 'no_show' ? 3 : 1,
        started,
        ended,
        outcome,
        JSON.stringify(items),
        complaint,
        outcome === 'transferred' ? 'COMPLAINT' : null,
        rated ? between(1, 4) : null,
        rated ? ended : null,
      ])
      return { counter, calledAt, ended }
    }
    for (let i = 0; i < TICKETS_PER_DAY; i++) {
      const serviceId = serviceIds[Math.min(serviceIds.length - 1, Math.floor(random() ** 1.6 * serviceIds.length))]!
      seqs[serviceId] = (seqs[serviceId] ?? 0) + 1
      const issued = opening + Math.floor(random() * (closing - opening - 60 * MIN))
      const id = ++ticketId
      const roll = random()
      const number = `${services[serviceId]!.prefix}${String(seqs[serviceId]).padStart(3, '0')}`
      if (roll < 0.04) {
        insert.ticket.run(id, day, serviceId, serviceId, seqs[serviceId], number, 'cancelled', issued, issued, issued, null, 0, null, issued + between(5, 30) * MIN)
        continue
      }
      let queuedAt = issued
      let current = serviceId
      let firstCall: number | null = null
      let calls = 0
      if (roll < 0.1) {
        const v = visit(id, current, queuedAt, 'no_show')
        firstCall = v.calledAt
        calls += 3
        if (random() < 0.5) {
          insert.ticket.run(id, day, current, serviceId, seqs[serviceId], number, 'expired', issued, queuedAt, queuedAt, firstCall, calls, v.counter, closing)
          flush()
          continue
        }
        queuedAt = v.ended + between(1, 20) * MIN
      } else if (roll < 0.13) {
        const v = visit(id, current, queuedAt, 'transferred')
        firstCall = v.calledAt
        calls++
        queuedAt = v.ended
        current = 'COMPLAINT'
      }
      const v = visit(id, current, queuedAt, random() < 0.95 ? 'completed' : 'pending')
      insert.ticket.run(id, day, current, serviceId, seqs[serviceId], number, 'done', issued, queuedAt, queuedAt, firstCall ?? v.calledAt, calls + 1, v.counter, v.ended)
      flush()
    }
    insert.close.run(day, dayOf(d + 1), closing + 30 * MIN)
    // 日结: the same counting the closing command runs in its transaction.
    const t = performance.now()
    archive.freeze({ businessDay: day, closedAt: closing + 30 * MIN, services, settings: DEFAULT_SETTINGS })
    freezeMs += performance.now() - t
  })()
}
const generationMs = performance.now() - generationStart
db.pragma('synchronous = FULL')

const clerks: Record<number, Clerk> = {}
for (const r of db.prepare('SELECT id, staff_code, name, role, active FROM clerks').all() as { id: number; staff_code: string; name: string; role: Clerk['role']; active: number }[]) {
  clerks[r.id] = { id: r.id, staffCode: r.staff_code, name: r.name, role: r.role, active: r.active === 1 }
}
const today = dayOf(DAYS)
const live = (): LiveDay => ({
  businessDay: today,
  rows: { businessDay: today, tickets: [], records: [], periods: [] },
  services,
  counters: Object.fromEntries(Array.from({ length: COUNTERS }, (_, i) => [i + 1, { name: `${i + 1}号窗口` }])),
  clerks,
  settings: DEFAULT_SETTINGS,
  asOf: Date.parse(`${today}T09:00:00+08:00`),
})
const reports = new ReportService(new ReportArchive(db), live)

const count = db.prepare('SELECT COUNT(*) FROM service_records').pluck()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function timed(fn: () => unknown, runs: number): number {
  fn() // warm the page cache and the JIT
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    times.push(performance.now() - t)
  }
  return median(times)
}

const records = count.get() as number
const countMs = timed(() => count.get(), 7)
// Cold: a report service that has read nothing yet (the first summary after the hub starts).
// Warm: the same service again — closed days are frozen, so it keeps what it has read.
const fresh = () => new ReportService(new ReportArchive(db), live)
const yearColdMs = timed(() => fresh().summary(dayOf(0), dayOf(DAYS - 1)), 7)
const monthColdMs = timed(() => fresh().summary(dayOf(0), dayOf(Math.min(30, DAYS - 1))), 7)
const dayColdMs = timed(() => fresh().summary(dayOf(0), dayOf(0)), 7)
const yearMs = timed(() => reports.summary(dayOf(0), dayOf(DAYS - 1)), 7)
const year = reports.summary(dayOf(0), dayOf(DAYS - 1))

const sqlite = (db.prepare('SELECT sqlite_version()').pluck().get() as string) ?? '?'
const countBase = { name: 'SELECT COUNT(*) FROM service_records', value: countMs }
finish(
  'report',
  `Report — a year's summary: ${DAYS} closed days, ${records.toLocaleString('en')} service records, ${year.hall.tickets.issued.toLocaleString('en')} tickets`,
  [
    figure('the year, cold (first after start)', yearColdMs, 'ms', { baseline: countBase, max: 1000, of: 'value' }),
    figure('the year, warm (days already read)', yearMs, 'ms', { baseline: countBase }),
    figure('one month, cold', monthColdMs, 'ms', { baseline: countBase }),
    figure('one day, cold', dayColdMs, 'ms', { baseline: countBase }),
    figure('counting one day at its close (日结)', freezeMs / DAYS, 'ms'),
  ],
  [
    `SQLite ${sqlite}; ${DAYS} days generated and closed in ${(generationMs / 1000).toFixed(1)} s; each figure the median of 7 runs after one warm-up`,
    `the year: ${year.hall.wait.count.toLocaleString('en')} waits, median ${(year.hall.wait.medianMs! / MIN).toFixed(2)} min, p90 ${(year.hall.wait.p90Ms! / MIN).toFixed(2)} min, service level ${(year.hall.wait.serviceLevel! * 100).toFixed(1)} %`,
    'target: the year cold under a second on this machine; the ratio to COUNT(*) is the figure to compare across machines',
  ],
  started,
)

db.close()
if (values.keep) console.log(`database kept: ${join(folder.dir, 'hallq.db')}`)
else folder.remove()
