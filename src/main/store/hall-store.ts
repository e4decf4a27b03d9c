/**
 * The hall's repository: loads the live state at start, and writes one accepted command —
 * its changed rows and its event-log entry — in one immediate transaction.
 */
import type { ActivityPeriod, Actor, Clerk, Counter, Emergency, Service, ServiceRecord, Ticket } from '../../shared/domain'
import { withIncidentFields } from '../../shared/incident'
import type { HallEvent, LoggedCommand } from '../../shared/events'
import type { Changes, HallState } from '../../shared/hall-state'
import { settingsSchema, type HallSettings } from '../../shared/settings'
import type Database from 'better-sqlite3'
import { textSealOf, type TextSeal } from '../security/text-seal'
import type { Db } from './database'
import { IncidentStore } from './incident-store'

/** Commits between two WAL checkpoints run off the command path: about 700 pages of WAL. */
export const CHECKPOINT_EVERY = 100

type Row = Record<string, unknown>

const bool = (v: unknown) => v === 1
const json = <T>(v: unknown): T => JSON.parse(v as string) as T
const num = (v: unknown) => v as number
const numOrNull = (v: unknown) => (v === null ? null : (v as number))

function serviceFromRow(r: Row): Service {
  return {
    id: r.id as string,
    prefix: r.prefix as string,
    nameZh: r.name_zh as string,
    nameEn: r.name_en as string,
    targetWaitMin: num(r.target_wait_min),
    defaultHandleMin: num(r.default_handle_min),
    dailyCap: numOrNull(r.daily_cap),
    hours: json(r.hours),
    message: r.message as string,
    items: json(r.items),
    active: bool(r.active),
    sortOrder: num(r.sort_order),
  }
}

function counterFromRow(r: Row): Counter {
  return {
    id: num(r.id),
    name: r.name as string,
    services: json(r.services),
    displayAddress: numOrNull(r.display_address),
    active: bool(r.active),
    status: r.status as Counter['status'],
    pauseReason: r.pause_reason as Counter['pauseReason'],
    clerkId: numOrNull(r.clerk_id),
    currentTicketId: numOrNull(r.current_ticket_id),
    statusSince: numOrNull(r.status_since),
    priorityRun: num(r.priority_run),
    sessionPeriodId: numOrNull(r.session_period_id),
    pausePeriodId: numOrNull(r.pause_period_id),
  }
}

function clerkFromRow(r: Row): Clerk {
  const clerk: Clerk = { id: num(r.id), staffCode: r.staff_code as string, name: r.name as string, role: r.role as Clerk['role'], active: bool(r.active) }
  if (typeof r.photo === 'string') clerk.photo = r.photo
  return clerk
}

export function ticketFromRow(r: Row): Ticket {
  return {
    id: num(r.id),
    businessDay: r.business_day as string,
    serviceId: r.service_id as string,
    issuedServiceId: r.issued_service_id as string,
    seq: num(r.seq),
    number: r.number as string,
    priority: r.priority as Ticket['priority'],
    source: r.source as Ticket['source'],
    status: r.status as Ticket['status'],
    issuedAt: num(r.issued_at),
    queuedAt: num(r.queued_at),
    queueKey: num(r.queue_key),
    firstCalledAt: numOrNull(r.first_called_at),
    callCount: num(r.call_count),
    counterId: numOrNull(r.counter_id),
    recordId: numOrNull(r.record_id),
    targetCounterId: numOrNull(r.target_counter_id),
    estimate: { ahead: num(r.est_ahead), minutes: numOrNull(r.est_minutes) },
    endedAt: numOrNull(r.ended_at),
    contact: r.contact_id === null || r.contact_id === undefined ? null : { id: num(r.contact_id), masked: r.contact_masked as string },
  }
}

/** Where a record's free text is sealed (security/text-seal.ts): its row and field. */
export const recordNoteContext = (id: number) => `record:${id}:note`
export const recordComplaintContext = (id: number) => `record:${id}:complaint`
export const gradeCommentContext = (businessDay: string, clerkId: number) => `grade:${businessDay}:${clerkId}`
export const checkNoteContext = (recordId: number) => `check:${recordId}:note`
export const followUpNoteContext = (id: number) => `followup:${id}:note`

/** A service record from its row; with `seal`, its note and complaint summary opened. */
export function recordFromRow(r: Row, seal: TextSeal | null = null): ServiceRecord {
  const id = num(r.id)
  const complaint = r.complaint === null ? null : json<ServiceRecord['complaint'] & object>(r.complaint)
  return {
    id: num(r.id),
    ticketId: num(r.ticket_id),
    businessDay: r.business_day as string,
    serviceId: r.service_id as string,
    counterId: num(r.counter_id),
    clerkId: num(r.clerk_id),
    queuedAt: num(r.queued_at),
    calledAt: num(r.called_at),
    callCount: num(r.call_count),
    startedAt: numOrNull(r.started_at),
    endedAt: numOrNull(r.ended_at),
    outcome: r.outcome as ServiceRecord['outcome'],
    items: json(r.items),
    note: seal ? seal.open(r.note as string, recordNoteContext(id)) : (r.note as string),
    complaint: complaint && seal ? { ...complaint, summary: seal.open(complaint.summary, recordComplaintContext(id)) } : complaint,
    transferTo: r.transfer_service_id === null ? null : { serviceId: r.transfer_service_id as string, counterId: numOrNull(r.transfer_counter_id) },
    rating: numOrNull(r.rating) as ServiceRecord['rating'],
    ratedAt: numOrNull(r.rated_at),
    ratingChannel: (r.rating_channel ?? null) as ServiceRecord['ratingChannel'],
    ratingReason: (r.rating_reason ?? null) as ServiceRecord['ratingReason'],
  }
}

export function periodFromRow(r: Row): ActivityPeriod {
  return {
    id: num(r.id),
    businessDay: r.business_day as string,
    counterId: num(r.counter_id),
    clerkId: num(r.clerk_id),
    kind: r.kind as ActivityPeriod['kind'],
    reason: r.reason as ActivityPeriod['reason'],
    startedAt: num(r.started_at),
    endedAt: numOrNull(r.ended_at),
  }
}

export interface LogEntry {
  at: number
  businessDay: string
  actor: Actor
  command: string
  payload: unknown
  /** The answer, or a function giving it once `extra` has run. */
  result: unknown
  events: HallEvent[]
  idempotencyKey: string | null
}

export interface StoredReply {
  seq: number
  command: string
  result: unknown
}

type CommitFn = (entry: LogEntry, changes: Changes, extra?: () => void) => number

export class HallStore {
  private readonly s
  /** Made once: building a transaction function per command costs as much as a small write. */
  private readonly commitTransaction: Database.Transaction<CommitFn>

  private commitsSinceCheckpoint = 0
  private checkpointQueued = false
  /** Incident records, written in the same transaction as the emergency's commands. */
  readonly incidents: IncidentStore

  constructor(readonly db: Db) {
    this.incidents = new IncidentStore(db)
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      getMeta: p('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      services: p('SELECT * FROM services ORDER BY sort_order, id'),
      counters: p('SELECT * FROM counters ORDER BY id'),
      // The photo's version comes from its own table (migration 014); the bytes stay there.
      clerks: p('SELECT c.*, p.version AS photo FROM clerks c LEFT JOIN clerk_photos p ON p.clerk_id = c.id ORDER BY c.id'),
      ticketsOfDay: p('SELECT * FROM tickets WHERE business_day = ? ORDER BY id'),
      recordsOfDay: p('SELECT * FROM service_records WHERE business_day = ? ORDER BY id'),
      periodsOfDay: p('SELECT * FROM activity_periods WHERE business_day = ? ORDER BY id'),
      maxIds: p(
        `SELECT (SELECT COALESCE(MAX(id), 0) FROM tickets) AS ticket,
                (SELECT COALESCE(MAX(id), 0) FROM service_records) AS record,
                (SELECT COALESCE(MAX(id), 0) FROM activity_periods) AS period,
                (SELECT COALESCE(MAX(id), 0) FROM contacts) AS contact`,
      ),
      upsertService: p(
        `INSERT INTO services (id, prefix, name_zh, name_en, target_wait_min, default_handle_min, daily_cap, hours, message, items, active, sort_order)
         VALUES (@id, @prefix, @nameZh, @nameEn, @targetWaitMin, @defaultHandleMin, @dailyCap, @hours, @message, @items, @active, @sortOrder)
         ON CONFLICT (id) DO UPDATE SET prefix = excluded.prefix, name_zh = excluded.name_zh, name_en = excluded.name_en,
           target_wait_min = excluded.target_wait_min, default_handle_min = excluded.default_handle_min, daily_cap = excluded.daily_cap,
           hours = excluded.hours, message = excluded.message, items = excluded.items, active = excluded.active, sort_order = excluded.sort_order`,
      ),
      upsertClerk: p(
        `INSERT INTO clerks (id, staff_code, name, role, active, pin_hash) VALUES (@id, @staffCode, @name, @role, @active, @pinHash)
         ON CONFLICT (id) DO UPDATE SET staff_code = excluded.staff_code, name = excluded.name, role = excluded.role, active = excluded.active`,
      ),
      setPin: p('UPDATE clerks SET pin_hash = ? WHERE id = ?'),
      upsertCounter: p(
        `INSERT INTO counters (id, name, services, display_address, active, status, pause_reason, clerk_id, current_ticket_id, status_since, priority_run, session_period_id, pause_period_id)
         VALUES (@id, @name, @services, @displayAddress, @active, @status, @pauseReason, @clerkId, @currentTicketId, @statusSince, @priorityRun, @sessionPeriodId, @pausePeriodId)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, services = excluded.services, display_address = excluded.display_address,
           active = excluded.active, status = excluded.status, pause_reason = excluded.pause_reason, clerk_id = excluded.clerk_id,
           current_ticket_id = excluded.current_ticket_id, status_since = excluded.status_since, priority_run = excluded.priority_run,
           session_period_id = excluded.session_period_id, pause_period_id = excluded.pause_period_id`,
      ),
      upsertTicket: p(
        `INSERT INTO tickets (id, business_day, service_id, issued_service_id, seq, number, priority, source, status, issued_at, queued_at, queue_key,
           first_called_at, call_count, counter_id, record_id, target_counter_id, est_ahead, est_minutes, ended_at, contact_id, contact_masked)
         VALUES (@id, @businessDay, @serviceId, @issuedServiceId, @seq, @number, @priority, @source, @status, @issuedAt, @queuedAt, @queueKey,
           @firstCalledAt, @callCount, @counterId, @recordId, @targetCounterId, @estAhead, @estMinutes, @endedAt, @contactId, @contactMasked)
         ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, status = excluded.status, queued_at = excluded.queued_at,
           queue_key = excluded.queue_key, first_called_at = excluded.first_called_at, call_count = excluded.call_count,
           counter_id = excluded.counter_id, record_id = excluded.record_id, target_counter_id = excluded.target_counter_id, ended_at = excluded.ended_at`,
      ),
      upsertRecord: p(
        `INSERT INTO service_records (id, ticket_id, business_day, service_id, counter_id, clerk_id, queued_at, called_at, call_count, started_at, ended_at,
           outcome, items, note, complaint, transfer_service_id, transfer_counter_id, rating, rated_at, rating_channel, rating_reason)
         VALUES (@id, @ticketId, @businessDay, @serviceId, @counterId, @clerkId, @queuedAt, @calledAt, @callCount, @startedAt, @endedAt,
           @outcome, @items, @note, @complaint, @transferServiceId, @transferCounterId, @rating, @ratedAt, @ratingChannel, @ratingReason)
         ON CONFLICT (id) DO UPDATE SET call_count = excluded.call_count, started_at = excluded.started_at, ended_at = excluded.ended_at,
           outcome = excluded.outcome, items = excluded.items, note = excluded.note, complaint = excluded.complaint,
           transfer_service_id = excluded.transfer_service_id, transfer_counter_id = excluded.transfer_counter_id,
           rating = excluded.rating, rated_at = excluded.rated_at, rating_channel = excluded.rating_channel, rating_reason = excluded.rating_reason`,
      ),
      upsertPeriod: p(
        `INSERT INTO activity_periods (id, business_day, counter_id, clerk_id, kind, reason, started_at, ended_at)
         VALUES (@id, @businessDay, @counterId, @clerkId, @kind, @reason, @startedAt, @endedAt)
         ON CONFLICT (id) DO UPDATE SET ended_at = excluded.ended_at`,
      ),
      insertLog: p(
        `INSERT INTO event_log (at, business_day, actor_role, actor_clerk_id, terminal, command, payload, result, events, idempotency_key)
         VALUES (@at, @businessDay, @actorRole, @actorClerkId, @terminal, @command, @payload, @result, @events, @idempotencyKey)`,
      ),
      upsertGrade: p(
        `INSERT INTO assessment_grades (business_day, clerk_id, grade, teamwork, comment, graded_at, graded_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (business_day, clerk_id) DO UPDATE SET grade = excluded.grade, teamwork = excluded.teamwork, comment = excluded.comment,
           graded_at = excluded.graded_at, graded_by = excluded.graded_by, seq = excluded.seq`,
      ),
      upsertCheck: p(
        `INSERT INTO visit_checks (record_id, business_day, clerk_id, result, reason, note, checked_at, checked_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (record_id) DO UPDATE SET result = excluded.result, reason = excluded.reason, note = excluded.note,
           checked_at = excluded.checked_at, checked_by = excluded.checked_by, seq = excluded.seq`,
      ),
      insertFollowUp: p(
        'INSERT INTO assessment_follow_ups (id, clerk_id, period, from_day, to_day, kind, note, at, by_clerk, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertContact: p(
        'INSERT INTO contacts (id, kind, ticket_id, record_id, business_day, masked, ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      contactCipher: p('SELECT ciphertext, purged_at FROM contacts WHERE id = ?'),
      purgeContacts: p('UPDATE contacts SET ciphertext = NULL, purged_at = ? WHERE ciphertext IS NOT NULL AND created_at < ?'),
      // A day used early by a clock set ahead closes a second time when the calendar reaches it
      // (docs/decisions/027-corrected-clock.md): the row keeps its last close.
      insertDayClose: p(
        `INSERT INTO day_closes (business_day, next_business_day, closed_at, seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (business_day) DO UPDATE SET next_business_day = excluded.next_business_day, closed_at = excluded.closed_at, seq = excluded.seq`,
      ),
      lastAt: p('SELECT MAX(at) FROM event_log').pluck(),
      lastSeq: p('SELECT COALESCE(MAX(seq), 0) FROM event_log').pluck(),
      logAfter: p('SELECT * FROM event_log WHERE seq > ? ORDER BY seq LIMIT ?'),
      logOfDay: p('SELECT * FROM event_log WHERE business_day = ? ORDER BY seq'),
      replyByKey: p('SELECT seq, command, result FROM event_log WHERE idempotency_key = ?'),
      replyByKeyRange: p('SELECT seq, command, result, idempotency_key FROM event_log WHERE idempotency_key >= ? AND idempotency_key < ? LIMIT 1'),
      pinByStaffCode: p('SELECT id, pin_hash FROM clerks WHERE staff_code = ?'),
      insertSession: p('INSERT INTO auth_sessions (token_hash, clerk_id, terminal, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)'),
      sessionByHash: p('SELECT clerk_id, terminal, created_at, last_seen_at FROM auth_sessions WHERE token_hash = ?'),
      touchSession: p('UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?'),
      deleteSession: p('DELETE FROM auth_sessions WHERE token_hash = ?'),
      deleteClerkSessions: p('DELETE FROM auth_sessions WHERE clerk_id = ?'),
    }
    this.commitTransaction = this.db.transaction((entry: LogEntry, changes: Changes, extra?: () => void): number => {
      this.writeChanges(changes)
      extra?.()
      const seal = this.seal
      const sealed = <T>(v: T): T => (seal ? seal.sealDeep(v) : v)
      const info = this.s.insertLog.run({
        at: entry.at,
        businessDay: entry.businessDay,
        actorRole: entry.actor.role,
        actorClerkId: entry.actor.clerkId,
        terminal: entry.actor.terminal,
        command: entry.command,
        payload: JSON.stringify(sealed(entry.payload)),
        result: JSON.stringify(sealed(typeof entry.result === 'function' ? (entry.result as () => unknown)() : entry.result)),
        events: JSON.stringify(sealed(entry.events)),
        idempotencyKey: entry.idempotencyKey,
      })
      const seq = Number(info.lastInsertRowid)
      if (entry.events.some((e) => e.type === 'emergencyStarted' || e.type === 'incidentActionAdded' || e.type === 'emergencyEnded')) {
        this.incidents.write(entry.events, entry.businessDay)
      }
      for (const e of entry.events) {
        if (e.type === 'dayClosed') this.s.insertDayClose.run(e.businessDay, e.nextBusinessDay, e.at, seq)
        if (e.type === 'clerkGraded') {
          const comment = seal ? seal.seal(e.comment, gradeCommentContext(e.businessDay, e.clerkId)) : e.comment
          this.s.upsertGrade.run(e.businessDay, e.clerkId, e.grade, e.teamwork ?? null, comment, e.at, e.gradedBy, seq)
        }
        if (e.type === 'visitChecked') {
          const note = seal ? seal.seal(e.note, checkNoteContext(e.recordId)) : e.note
          this.s.upsertCheck.run(e.recordId, e.businessDay, e.clerkId, e.result, e.reason, note, e.at, e.checkedBy, seq)
        }
        if (e.type === 'followUpRecorded') {
          const note = seal ? seal.seal(e.note, followUpNoteContext(e.id)) : e.note
          this.s.insertFollowUp.run(e.id, e.clerkId, e.period, e.from, e.to, e.kind, note, e.at, e.by, seq)
        }
      }
      return seq
    })
  }

  /** The key free text is sealed with (security/text-seal.ts), or null where the database has none. */
  get seal(): TextSeal | null {
    return textSealOf(this.db)
  }

  /** The hall as it was left, or null for a database that has never been started. */
  loadState(): HallState | null {
    const businessDay = this.s.getMeta.get('business_day') as string | undefined
    if (businessDay === undefined) return null
    const settings = this.loadSettings()
    const tickets: HallState['tickets'] = {}
    const lastSeq: HallState['lastSeq'] = {}
    for (const row of this.s.ticketsOfDay.all(businessDay) as Row[]) {
      const t = ticketFromRow(row)
      tickets[t.id] = t
      lastSeq[t.issuedServiceId] = Math.max(lastSeq[t.issuedServiceId] ?? 0, t.seq)
    }
    const records: HallState['records'] = {}
    for (const row of this.s.recordsOfDay.all(businessDay) as Row[]) {
      const r = recordFromRow(row, this.seal)
      records[r.id] = r
    }
    const periods: HallState['periods'] = {}
    for (const row of this.s.periodsOfDay.all(businessDay) as Row[]) {
      const p = periodFromRow(row)
      periods[p.id] = p
    }
    const byId = <T extends { id: string | number }>(rows: T[]) => Object.fromEntries(rows.map((x) => [x.id, x]))
    const maxIds = this.s.maxIds.get() as { ticket: number; record: number; period: number; contact: number }
    const emergency = this.s.getMeta.get('emergency') as string | undefined
    const clockCorrection = this.s.getMeta.get('clock_correction') as string | undefined
    return {
      businessDay,
      settings,
      emergency: this.emergencyOf(emergency),
      clockCorrection: clockCorrection === undefined ? null : (JSON.parse(clockCorrection) as HallState['clockCorrection']),
      services: byId((this.s.services.all() as Row[]).map(serviceFromRow)),
      counters: byId((this.s.counters.all() as Row[]).map(counterFromRow)),
      clerks: byId((this.s.clerks.all() as Row[]).map(clerkFromRow)),
      tickets,
      records,
      periods,
      lastSeq,
      nextId: { ticket: maxIds.ticket + 1, record: maxIds.record + 1, period: maxIds.period + 1, contact: maxIds.contact + 1 },
    }
  }

  private emergencyOf(raw: string | undefined): HallState['emergency'] {
    const stored = raw === undefined ? null : (JSON.parse(raw) as Emergency | null)
    if (stored === null) return null
    return withIncidentFields(this.seal ? this.seal.openDeep(stored) : stored)
  }

  /** The stored settings (the defaults on a new database). */
  loadSettings(): HallSettings {
    const raw = this.s.getMeta.get('settings') as string | undefined
    // Settings written by an older HallQ get the defaults of keys added since.
    return settingsSchema.parse(raw === undefined ? {} : JSON.parse(raw))
  }

  /**
   * Writes one accepted command — every changed row, the event-log entry, and what `extra`
   * writes (a PIN hash, a session) — all or nothing. Returns the log sequence number.
   */
  commit(entry: LogEntry, changes: Changes, extra?: () => void): number {
    const seq = this.commitTransaction.immediate(entry, changes, extra)
    this.checkpointSoon()
    return seq
  }

  /**
   * Every CHECKPOINT_EVERY commits, a WAL checkpoint once the event loop is free — between
   * requests, not inside the commit that happens to fill the WAL (docs/decisions/020-checkpoints-between-commands.md).
   * SQLite's own automatic checkpoint stays as a backstop at a larger WAL (openDatabase).
   */
  private checkpointSoon(): void {
    if (++this.commitsSinceCheckpoint < CHECKPOINT_EVERY || this.checkpointQueued) return
    this.checkpointQueued = true
    setImmediate(() => {
      this.checkpointQueued = false
      this.commitsSinceCheckpoint = 0
      if (!this.db.open) return
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)')
      } catch {
        // Busy or failing storage: the next one, or SQLite's backstop, catches up; a command's
        // own commit reports a storage problem where it matters.
      }
    }).unref()
  }

  private writeChanges(c: Changes): void {
    if (c.settings) this.s.setMeta.run('settings', JSON.stringify(c.settings))
    if (c.businessDay) this.s.setMeta.run('business_day', c.businessDay)
    // The incident's staff text (who reported it, the assessment, the actions) is sealed here too.
    if (c.emergency) this.s.setMeta.run('emergency', JSON.stringify(this.seal && c.emergency.value ? this.seal.sealDeep(c.emergency.value) : c.emergency.value))
    if (c.clockCorrection) this.s.setMeta.run('clock_correction', JSON.stringify(c.clockCorrection.value))
    for (const s of c.services.values()) {
      this.s.upsertService.run({ ...s, hours: JSON.stringify(s.hours), items: JSON.stringify(s.items), active: s.active ? 1 : 0 })
    }
    for (const k of c.clerks.values()) {
      // A new clerk's PIN hash is written by the same transaction's `extra`; '' never verifies.
      this.s.upsertClerk.run({ ...k, active: k.active ? 1 : 0, pinHash: '' })
      if (!k.active) this.s.deleteClerkSessions.run(k.id)
    }
    for (const k of c.counters.values()) {
      this.s.upsertCounter.run({ ...k, services: JSON.stringify(k.services), active: k.active ? 1 : 0 })
    }
    for (const t of c.tickets.values()) {
      this.s.upsertTicket.run({
        ...t,
        estAhead: t.estimate.ahead,
        estMinutes: t.estimate.minutes,
        contactId: t.contact?.id ?? null,
        contactMasked: t.contact?.masked ?? null,
      })
    }
    const seal = this.seal
    for (const r of c.records.values()) {
      const complaint = r.complaint && seal ? { ...r.complaint, summary: seal.seal(r.complaint.summary, recordComplaintContext(r.id)) } : r.complaint
      this.s.upsertRecord.run({
        ...r,
        note: seal ? seal.seal(r.note, recordNoteContext(r.id)) : r.note,
        items: JSON.stringify(r.items),
        complaint: complaint === null ? null : JSON.stringify(complaint),
        transferServiceId: r.transferTo?.serviceId ?? null,
        transferCounterId: r.transferTo?.counterId ?? null,
      })
    }
    for (const p of c.periods.values()) this.s.upsertPeriod.run(p)
  }

  /** Time of the latest logged command, or null for a new database. */
  lastLoggedAt(): number | null {
    return (this.s.lastAt.get() as number | null) ?? null
  }

  lastLoggedSeq(): number {
    return this.s.lastSeq.get() as number
  }

  /** Logged commands after `seq`, oldest first, at most `limit`. */
  logAfter(seq: number, limit: number): LoggedCommand[] {
    return (this.s.logAfter.all(seq, limit) as Row[]).map((r) => loggedFromRow(r, this.seal))
  }

  logOfDay(businessDay: string): LoggedCommand[] {
    return (this.s.logOfDay.all(businessDay) as Row[]).map((r) => loggedFromRow(r, this.seal))
  }

  replyFor(idempotencyKey: string): StoredReply | null {
    const row = this.s.replyByKey.get(idempotencyKey) as Row | undefined
    return row ? { seq: num(row.seq), command: row.command as string, result: this.opened(json(row.result)) } : null
  }

  /** The reply logged under a stored key that starts with `prefix#`, with that key. */
  replyForPrefix(prefix: string): (StoredReply & { key: string }) | null {
    const row = this.s.replyByKeyRange.get(`${prefix}#`, `${prefix}$`) as Row | undefined
    return row ? { seq: num(row.seq), command: row.command as string, result: this.opened(json(row.result)), key: row.idempotency_key as string } : null
  }

  private opened<T>(v: T): T {
    return this.seal ? this.seal.openDeep(v) : v
  }

  ticketsOfDay(businessDay: string): Ticket[] {
    return (this.s.ticketsOfDay.all(businessDay) as Row[]).map(ticketFromRow)
  }

  recordsOfDay(businessDay: string): ServiceRecord[] {
    return (this.s.recordsOfDay.all(businessDay) as Row[]).map((r) => recordFromRow(r, this.seal))
  }

  periodsOfDay(businessDay: string): ActivityPeriod[] {
    return (this.s.periodsOfDay.all(businessDay) as Row[]).map(periodFromRow)
  }

  pinHashOf(staffCode: string): { clerkId: number; pinHash: string } | null {
    const row = this.s.pinByStaffCode.get(staffCode) as Row | undefined
    return row ? { clerkId: num(row.id), pinHash: row.pin_hash as string } : null
  }

  insertContact(c: { id: number; kind: 'callback' | 'complaint'; ticketId: number; recordId: number | null; businessDay: string; masked: string; ciphertext: Buffer; at: number }): void {
    this.s.insertContact.run(c.id, c.kind, c.ticketId, c.recordId, c.businessDay, c.masked, c.ciphertext, c.at)
  }

  /** The sealed number, 'purged' after the retention period, or null for an unknown id. */
  contactCiphertext(id: number): Buffer | 'purged' | null {
    const row = this.s.contactCipher.get(id) as { ciphertext: Buffer | null; purged_at: number | null } | undefined
    if (!row) return null
    return row.ciphertext ?? 'purged'
  }

  /** Deletes the sealed numbers taken before `before`; returns how many. */
  purgeContacts(before: number, now: number): number {
    return this.s.purgeContacts.run(now, before).changes
  }

  setPin(clerkId: number, pinHash: string): void {
    this.s.setPin.run(pinHash, clerkId)
  }

  insertSession(tokenHash: string, clerkId: number, terminal: string, now: number): void {
    this.s.insertSession.run(tokenHash, clerkId, terminal, now, now)
  }

  session(tokenHash: string): { clerkId: number; terminal: string; createdAt: number; lastSeenAt: number } | null {
    const row = this.s.sessionByHash.get(tokenHash) as Row | undefined
    if (!row) return null
    return { clerkId: num(row.clerk_id), terminal: row.terminal as string, createdAt: num(row.created_at), lastSeenAt: num(row.last_seen_at) }
  }

  touchSession(tokenHash: string, now: number): void {
    this.s.touchSession.run(now, tokenHash)
  }

  deleteSession(tokenHash: string): void {
    this.s.deleteSession.run(tokenHash)
  }

  deleteSessionsOf(clerkId: number): void {
    this.s.deleteClerkSessions.run(clerkId)
  }
}

function loggedFromRow(r: Row, seal: TextSeal | null): LoggedCommand {
  const events = json<HallEvent[]>(r.events)
  return {
    seq: num(r.seq),
    at: num(r.at),
    businessDay: r.business_day as string,
    actor: { role: r.actor_role as Actor['role'], clerkId: numOrNull(r.actor_clerk_id), terminal: r.terminal as string },
    command: r.command as string,
    events: seal ? seal.openDeep(events) : events,
  }
}
