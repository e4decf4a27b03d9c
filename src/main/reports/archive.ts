/**
 * What a closed day leaves behind for the reports: its facts, its value distributions and its
 * quantitative assessment, written inside the closing transaction (日结), plus the manager's
 * grades. Reads the store's tables with its own prepared statements.
 */
import type { Service, ServiceRecord } from '../../shared/domain'
import type { LoggedCommand } from '../../shared/events'
import type { ClerkGrade, FollowUp, VisitCheck } from '../../shared/reports'
import type { HallSettings } from '../../shared/settings'
import type { Db } from '../store/database'
import { checkNoteContext, followUpNoteContext, gradeCommentContext, periodFromRow, recordFromRow, ticketFromRow } from '../store/hall-store'
import { textSealOf } from '../security/text-seal'
import { scoreDay, type StoredAssessment } from './assessment'
import { dayFacts, FACTS_VERSION, withRatingFields, type DayFacts, type DayRows, type ValueRun } from './facts'

const EMPTY_RUN = new Float64Array(0)
import type { FactsDay } from './summary'

type Row = Record<string, unknown>

export interface ClosingDay {
  businessDay: string
  closedAt: number
  /** Services and settings in force during the day: its targets, standards and assessment. */
  services: Record<string, Service>
  settings: HallSettings
}

export interface StoredDay extends FactsDay {
  closedAt: number
  backfilled: boolean
}

/**
 * Ascending values as little-endian uint32 when they are all whole milliseconds below 2^32
 * (49 days: always, for a wait within a business day), else float64; the stored count tells
 * which. Half the bytes to read for a year's summary.
 */
export function encodeRun(values: ValueRun): Buffer {
  const compact = values.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)
  const typed = compact ? new Uint32Array(values) : values
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength)
}

export function decodeRun(blob: Buffer, count: number): ValueRun {
  const width = blob.length === count * 4 ? 4 : 8
  // A Buffer may sit at any offset of a shared pool; typed arrays need alignment, so copy only then.
  const aligned = blob.byteOffset % width === 0
  const buffer = aligned ? blob.buffer : blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length)
  const offset = aligned ? blob.byteOffset : 0
  return width === 4 ? new Uint32Array(buffer, offset, count) : new Float64Array(buffer, offset, count)
}

/** Closed days already read, by business day; bounded so a long-running hub stays small. */
export class DayCache {
  private readonly days = new Map<string, StoredDay>()
  constructor(private readonly limit = 400) {}

  get(day: string): StoredDay | undefined {
    return this.days.get(day)
  }

  set(day: string, stored: StoredDay): void {
    this.days.delete(day)
    this.days.set(day, stored)
    while (this.days.size > this.limit) this.days.delete(this.days.keys().next().value!)
  }
}

const INCIDENT_COMMANDS = new Set(['startEmergency', 'addIncidentAction', 'endEmergency'])

export class ReportArchive {
  private readonly s

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      tickets: p('SELECT * FROM tickets WHERE business_day = ? ORDER BY id'),
      records: p('SELECT * FROM service_records WHERE business_day = ? ORDER BY id'),
      periods: p('SELECT * FROM activity_periods WHERE business_day = ? ORDER BY id'),
      putDay: p(
        `INSERT INTO report_days (business_day, closed_at, facts, assessment, backfilled) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (business_day) DO UPDATE SET closed_at = excluded.closed_at, facts = excluded.facts,
           assessment = excluded.assessment, backfilled = excluded.backfilled`,
      ),
      clearRuns: p('DELETE FROM report_distributions WHERE business_day = ?'),
      putRun: p('INSERT INTO report_distributions (business_day, service_id, kind, count, values_ms) VALUES (?, ?, ?, ?, ?)'),
      dayIndex: p('SELECT business_day, closed_at FROM report_days WHERE business_day BETWEEN ? AND ? ORDER BY business_day'),
      days: p('SELECT business_day, closed_at, facts, backfilled FROM report_days WHERE business_day BETWEEN ? AND ? ORDER BY business_day'),
      runs: p('SELECT business_day, service_id, kind, count, values_ms FROM report_distributions WHERE business_day BETWEEN ? AND ?'),
      assessment: p('SELECT closed_at, assessment FROM report_days WHERE business_day = ?'),
      grades: p('SELECT * FROM assessment_grades WHERE business_day BETWEEN ? AND ? ORDER BY business_day, clerk_id'),
      checks: p('SELECT * FROM visit_checks WHERE business_day BETWEEN ? AND ? ORDER BY record_id'),
      checkedVisits: p(
        `SELECT c.record_id, t.number AS ticket_number, r.service_id FROM visit_checks c
         JOIN service_records r ON r.id = c.record_id JOIN tickets t ON t.id = r.ticket_id
         WHERE c.business_day BETWEEN ? AND ?`,
      ),
      followUps: p('SELECT * FROM assessment_follow_ups WHERE from_day <= ? AND to_day >= ? ORDER BY id'),
      nextFollowUpId: p('SELECT COALESCE(MAX(id), 0) + 1 FROM assessment_follow_ups').pluck(),
      record: p('SELECT * FROM service_records WHERE id = ?'),
      unreported: p(
        `SELECT d.business_day, d.closed_at FROM day_closes d LEFT JOIN report_days r ON r.business_day = d.business_day
         WHERE r.business_day IS NULL AND d.business_day BETWEEN ? AND ? ORDER BY d.business_day`,
      ),
      closedAt: p('SELECT closed_at FROM day_closes WHERE business_day = ?').pluck(),
      closedDays: p('SELECT business_day, closed_at FROM day_closes WHERE business_day BETWEEN ? AND ? ORDER BY business_day'),
      lastSeqOfDay: p('SELECT MAX(seq) FROM event_log WHERE business_day = ?').pluck(),
      logPage: p('SELECT seq, at, business_day, actor_role, actor_clerk_id, terminal, command, events FROM event_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      lastSeq: p('SELECT COALESCE(MAX(seq), 0) FROM event_log').pluck(),
      eventsOfDay: p('SELECT events FROM event_log WHERE business_day = ?').pluck(),
      recordCount: p('SELECT COUNT(*) FROM service_records WHERE business_day BETWEEN ? AND ?').pluck(),
      recordPage: p(
        `SELECT r.*, t.number AS ticket_number FROM service_records r JOIN tickets t ON t.id = r.ticket_id
         WHERE r.business_day BETWEEN ? AND ? AND r.id > ? ORDER BY r.id LIMIT ?`,
      ),
    }
  }

  /** The rows of one business day as the store holds them. */
  dayRows(businessDay: string): DayRows {
    return {
      businessDay,
      tickets: (this.s.tickets.all(businessDay) as Row[]).map(ticketFromRow),
      records: (this.s.records.all(businessDay) as Row[]).map((r) => recordFromRow(r, textSealOf(this.db))),
      periods: (this.s.periods.all(businessDay) as Row[]).map(periodFromRow),
    }
  }

  /**
   * Counts the closed day and stores it with its assessment. Runs inside the closing
   * transaction, after the day's last rows (the expired tickets) are written.
   */
  freeze(day: ClosingDay, backfilled = false): void {
    const { hall, assessment } = day.settings
    const { facts, distributions } = dayFacts(this.dayRows(day.businessDay), {
      services: day.services,
      timeZone: hall.timeZone,
      rolloverHour: hall.rolloverHour,
      asOf: day.closedAt,
      closed: true,
    })
    const stored: StoredAssessment = scoreDay(day.businessDay, facts.clerks, assessment)
    this.db.transaction(() => {
      this.s.putDay.run(day.businessDay, day.closedAt, JSON.stringify(facts), JSON.stringify(stored), backfilled ? 1 : 0)
      this.s.clearRuns.run(day.businessDay)
      for (const [serviceId, d] of distributions) {
        this.s.putRun.run(day.businessDay, serviceId, 'wait', d.wait.length, encodeRun(d.wait))
        this.s.putRun.run(day.businessDay, serviceId, 'handle', d.handle.length, encodeRun(d.handle))
      }
    })()
  }

  /** Closed days of the range whose figures were never stored (closed before reports existed). */
  unreportedDays(from: string, to: string): { businessDay: string; closedAt: number }[] {
    return (this.s.unreported.all(from, to) as Row[]).map((r) => ({ businessDay: r.business_day as string, closedAt: r.closed_at as number }))
  }

  closedAt(businessDay: string): number | null {
    return (this.s.closedAt.get(businessDay) as number | undefined) ?? null
  }

  /**
   * Stored closed days of a range, with their value runs. A closed day never changes once
   * stored, so days already in `cache` (same close) are not read again.
   */
  storedDays(from: string, to: string, cache?: DayCache): StoredDay[] {
    const index = this.s.dayIndex.all(from, to) as { business_day: string; closed_at: number }[]
    const known = (r: { business_day: string; closed_at: number }) => cache?.get(r.business_day)?.closedAt === r.closed_at
    const missing = index.filter((r) => !known(r))
    if (missing.length > 0) {
      // One pass over the range of the days not yet read (a range scan beats a query per day).
      const first = missing[0]!.business_day
      const last = missing[missing.length - 1]!.business_day
      const loaded = new Map<string, StoredDay>()
      for (const r of this.s.days.all(first, last) as Row[]) {
        const facts = withRatingFields(JSON.parse(r.facts as string) as DayFacts)
        if (facts.version !== FACTS_VERSION) throw new Error(`report of ${String(r.business_day)} has facts version ${facts.version}`)
        loaded.set(r.business_day as string, { facts, runs: new Map(), closedAt: r.closed_at as number, backfilled: r.backfilled === 1 })
      }
      for (const [day, serviceId, kind, count, blob] of this.s.runs.raw().iterate(first, last) as Iterable<[string, string, 'wait' | 'handle', number, Buffer]>) {
        const runs = loaded.get(day)?.runs
        if (!runs) continue
        let entry = runs.get(serviceId)
        if (!entry) {
          entry = { wait: EMPTY_RUN, handle: EMPTY_RUN }
          runs.set(serviceId, entry)
        }
        entry[kind] = decodeRun(blob, count)
      }
      for (const [day, stored] of loaded) cache?.set(day, stored)
      return index.map((r) => (known(r) ? cache!.get(r.business_day)! : loaded.get(r.business_day))).filter((d): d is StoredDay => d !== undefined)
    }
    return index.map((r) => cache!.get(r.business_day)!)
  }

  storedAssessment(businessDay: string): { stored: StoredAssessment; closedAt: number } | null {
    const r = this.s.assessment.get(businessDay) as Row | undefined
    return r ? { stored: JSON.parse(r.assessment as string) as StoredAssessment, closedAt: r.closed_at as number } : null
  }

  /** The manager's grades of one day, or of every day from `businessDay` to `to`. */
  grades(businessDay: string, to = businessDay): ClerkGrade[] {
    return (this.s.grades.all(businessDay, to) as Row[]).map((r) => ({
      businessDay: r.business_day as string,
      clerkId: r.clerk_id as number,
      grade: r.grade as ClerkGrade['grade'],
      teamwork: (r.teamwork as ClerkGrade['teamwork'] | null) ?? null,
      comment: textSealOf(this.db)?.open(r.comment as string, gradeCommentContext(r.business_day as string, r.clerk_id as number)) ?? (r.comment as string),
      gradedAt: r.graded_at as number,
      gradedBy: (r.graded_by as number | null) ?? null,
    }))
  }

  /** The ticket number and service of each spot-checked visit of the days from–to (the export's 质检 list). */
  checkedVisits(from: string, to: string): Map<number, { ticketNumber: string; serviceId: string }> {
    return new Map((this.s.checkedVisits.all(from, to) as Row[]).map((r) => [r.record_id as number, { ticketNumber: r.ticket_number as string, serviceId: r.service_id as string }]))
  }

  /** Spot checks of the visits of the days from–to (the latest of each visit). */
  checks(from: string, to: string): VisitCheck[] {
    const seal = textSealOf(this.db)
    return (this.s.checks.all(from, to) as Row[]).map((r) => ({
      recordId: r.record_id as number,
      businessDay: r.business_day as string,
      clerkId: r.clerk_id as number,
      result: r.result as VisitCheck['result'],
      reason: (r.reason as VisitCheck['reason']) ?? null,
      note: seal?.open(r.note as string, checkNoteContext(r.record_id as number)) ?? (r.note as string),
      checkedAt: r.checked_at as number,
      checkedBy: (r.checked_by as number | null) ?? null,
    }))
  }

  /** Follow-ups to results whose period overlaps from–to. */
  followUps(from: string, to: string): FollowUp[] {
    const seal = textSealOf(this.db)
    return (this.s.followUps.all(to, from) as Row[]).map((r) => ({
      id: r.id as number,
      clerkId: r.clerk_id as number,
      period: r.period as FollowUp['period'],
      from: r.from_day as string,
      to: r.to_day as string,
      kind: r.kind as FollowUp['kind'],
      note: seal?.open(r.note as string, followUpNoteContext(r.id as number)) ?? (r.note as string),
      at: r.at as number,
      by: (r.by_clerk as number | null) ?? null,
    }))
  }

  nextFollowUpId(): number {
    return this.s.nextFollowUpId.get() as number
  }

  /** A service record of any day, or null. */
  record(id: number): ServiceRecord | null {
    const r = this.s.record.get(id) as Row | undefined
    return r ? recordFromRow(r, textSealOf(this.db)) : null
  }

  closedDays(from: string, to: string): { businessDay: string; closedAt: number }[] {
    return (this.s.closedDays.all(from, to) as Row[]).map((r) => ({ businessDay: r.business_day as string, closedAt: r.closed_at as number }))
  }

  /** Events logged on a business day. */
  eventCount(businessDay: string): number {
    return (this.s.eventsOfDay.all(businessDay) as string[]).reduce((n, events) => n + (JSON.parse(events) as unknown[]).length, 0)
  }

  /** The sequence number of the last logged command of a day, or of the whole log for null. */
  lastSeq(businessDay: string | null): number {
    if (businessDay === null) return this.s.lastSeq.get() as number
    return (this.s.lastSeqOfDay.get(businessDay) as number | null) ?? 0
  }

  /**
   * The log from its start through `throughSeq`, a page at a time, yielding to the event loop
   * between pages so that a long replay never keeps the counters waiting.
   */
  /**
   * A logged command's events; an incident's text opened (the report lists it), every other
   * command's left sealed — the figures never read a note, and opening each would cost the replay.
   */
  private eventsOf(r: Row): LoggedCommand['events'] {
    const events = JSON.parse(r.events as string) as LoggedCommand['events']
    if (!INCIDENT_COMMANDS.has(r.command as string)) return events
    const seal = textSealOf(this.db)
    return seal ? seal.openDeep(events) : events
  }

  async *logPages(throughSeq: number, pageSize = 5000): AsyncIterable<LoggedCommand[]> {
    let after = 0
    while (after < throughSeq) {
      const rows = this.s.logPage.all(after, throughSeq, pageSize) as Row[]
      if (rows.length === 0) return
      after = rows[rows.length - 1]!.seq as number
      yield rows.map((r) => ({
        seq: r.seq as number,
        at: r.at as number,
        businessDay: r.business_day as string,
        actor: { role: r.actor_role as LoggedCommand['actor']['role'], clerkId: (r.actor_clerk_id as number | null) ?? null, terminal: r.terminal as string },
        command: r.command as string,
        events: this.eventsOf(r),
      }))
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  recordCount(from: string, to: string): number {
    return this.s.recordCount.get(from, to) as number
  }

  /** Service records of a range in id order, a page at a time (for long exports). */
  recordPage(from: string, to: string, afterId: number, limit: number): (ServiceRecord & { ticketNumber: string })[] {
    return (this.s.recordPage.all(from, to, afterId, limit) as Row[]).map((r) => ({ ...recordFromRow(r, textSealOf(this.db)), ticketNumber: r.ticket_number as string }))
  }
}
