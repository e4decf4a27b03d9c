/**
 * Complaint cases and their history. Written inside the command's transaction from the
 * command's events (evolveComplaint), so the tables always equal a replay of the log; the text
 * arrives already sealed and leaves sealed — this store never sees it in clear.
 */
import { evolveComplaint, type ComplaintCase, type ComplaintChanges, type ComplaintEvent, type ComplaintStatus, type ComplaintStep } from '../../shared/complaints'
import type { Db } from './database'

/** The sealed text a step brings: each field is a ciphertext, or absent when the step brings none. */
export interface SealedComplaintText {
  summary?: string
  solution?: string
  confirmationNote?: string
  /** The step's remark; the store passes the step number, the hall seals for it. */
  remark?: (n: number) => string
}

export interface SealedStep extends Omit<ComplaintStep, 'remark'> {
  remark: string | null
}

export interface SealedCase {
  complaint: ComplaintCase
  summary: string | null
  solution: string | null
  confirmationNote: string | null
  purged: boolean
}

type Row = Record<string, unknown>

export class ComplaintStore {
  private readonly s

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      nextId: p('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM complaint_cases'),
      byId: p('SELECT * FROM complaint_cases WHERE id = ?'),
      insert: p('INSERT INTO complaint_cases (id, business_day, status, facts, summary) VALUES (@id, @businessDay, @status, @facts, @summary)'),
      update: p(
        `UPDATE complaint_cases SET status = @status, facts = @facts,
           solution = COALESCE(@solution, solution), confirmation_note = COALESCE(@confirmationNote, confirmation_note)
         WHERE id = @id`,
      ),
      lastStep: p('SELECT COALESCE(MAX(n), 0) AS n FROM complaint_steps WHERE case_id = ?'),
      insertStep: p(
        'INSERT INTO complaint_steps (case_id, n, at, action, by_clerk, terminal, changes, remark) VALUES (@caseId, @n, @at, @action, @by, @terminal, @changes, @remark)',
      ),
      steps: p('SELECT * FROM complaint_steps WHERE case_id = ? ORDER BY n'),
      list: p(
        `SELECT facts FROM complaint_cases
          WHERE (@status IS NULL OR status = @status) AND (@day IS NULL OR business_day = @day)
          ORDER BY id DESC LIMIT @limit`,
      ),
      open: p("SELECT facts FROM complaint_cases WHERE status IN ('received', 'handling', 'callback') ORDER BY id"),
      takenBetween: p('SELECT facts FROM complaint_cases WHERE business_day BETWEEN ? AND ? ORDER BY id'),
      purge: p(
        `UPDATE complaint_cases SET summary = NULL, solution = NULL, confirmation_note = NULL, purged_at = @now
          WHERE purged_at IS NULL AND status IN ('closed', 'cancelled')
            AND CAST(json_extract(facts, '$.updatedAt') AS INTEGER) < @before`,
      ),
      purgeSteps: p(
        `UPDATE complaint_steps SET remark = NULL
          WHERE remark IS NOT NULL AND case_id IN (SELECT id FROM complaint_cases WHERE purged_at IS NOT NULL)`,
      ),
    }
  }

  nextId(): number {
    return (this.s.nextId.get() as { id: number }).id
  }

  byId(id: number): ComplaintCase | null {
    const row = this.s.byId.get(id) as Row | undefined
    return row ? (JSON.parse(row.facts as string) as ComplaintCase) : null
  }

  sealed(id: number): SealedCase | null {
    const row = this.s.byId.get(id) as Row | undefined
    if (!row) return null
    return {
      complaint: JSON.parse(row.facts as string) as ComplaintCase,
      summary: (row.summary as string | null) ?? null,
      solution: (row.solution as string | null) ?? null,
      confirmationNote: (row.confirmation_note as string | null) ?? null,
      purged: row.purged_at !== null,
    }
  }

  steps(id: number): SealedStep[] {
    return (this.s.steps.all(id) as Row[]).map((r) => ({
      n: r.n as number,
      at: r.at as number,
      action: r.action as ComplaintStep['action'],
      by: (r.by_clerk as number | null) ?? null,
      terminal: r.terminal as string,
      changes: JSON.parse(r.changes as string) as ComplaintChanges,
      remark: (r.remark as string | null) ?? null,
    }))
  }

  list(filter: { status: ComplaintStatus | null; day: string | null; limit: number }): ComplaintCase[] {
    return (this.s.list.all(filter) as Row[]).map((r) => JSON.parse(r.facts as string) as ComplaintCase)
  }

  /** Every open case, whatever day it was taken (the live view's deadlines). */
  openCases(): ComplaintCase[] {
    return (this.s.open.all() as Row[]).map((r) => JSON.parse(r.facts as string) as ComplaintCase)
  }

  /** Every case taken on the business days from–to, as it stands now (the report's figures). */
  takenBetween(from: string, to: string): ComplaintCase[] {
    return (this.s.takenBetween.all(from, to) as Row[]).map((r) => JSON.parse(r.facts as string) as ComplaintCase)
  }

  /** Applies a command's complaint events, with the text it brought, sealed. Inside the command's transaction. */
  write(events: readonly ComplaintEvent[], text: SealedComplaintText, terminal: string): void {
    for (const e of events) {
      if (e.type === 'complaintTaken') {
        const c = e.complaint
        this.s.insert.run({ id: c.id, businessDay: c.businessDay, status: c.status, facts: JSON.stringify(c), summary: text.summary ?? null })
        this.step(c.id, e.at, 'take', c.takenBy, terminal, {}, text.remark)
        continue
      }
      const before = this.byId(e.complaintId)
      const after = evolveComplaint(before, e)
      this.s.update.run({ id: after.id, status: after.status, facts: JSON.stringify(after), solution: text.solution ?? null, confirmationNote: text.confirmationNote ?? null })
      this.step(after.id, e.at, e.action, e.by, terminal, e.changes, text.remark)
    }
  }

  private step(caseId: number, at: number, action: ComplaintStep['action'], by: number | null, terminal: string, changes: ComplaintChanges, remark: SealedComplaintText['remark']): void {
    const n = (this.s.lastStep.get(caseId) as { n: number }).n + 1
    this.s.insertStep.run({ caseId, n, at, action, by, terminal, changes: JSON.stringify(changes), remark: remark ? remark(n) : null })
  }

  /** Deletes the text of cases closed or cancelled before `before`; the facts stay for the reports. */
  purgeText(before: number, now: number): number {
    const purged = this.s.purge.run({ before, now }).changes
    if (purged > 0) this.s.purgeSteps.run()
    return purged
  }
}
