/**
 * Incidents (docs/decisions/028-incidents.md): one row per emergency broadcast, written by the
 * same transaction as the command that starts, extends or ends it. Its staff text — who reported
 * it, the assessment, the actions, the closing note — is sealed (security/text-seal.ts) with the
 * incident's start as its place, and opened only where staff read the reports.
 */
import type { Emergency, IncidentAction } from '../../shared/domain'
import type { HallEvent } from '../../shared/events'
import type { Incident } from '../../shared/reports'
import { textSealOf, type TextSeal } from '../security/text-seal'
import type { Db } from './database'

type Row = Record<string, unknown>

const context = (startedAt: number, field: string) => `incident:${startedAt}:${field}`

export class IncidentStore {
  private readonly s

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      insert: p(
        `INSERT INTO incidents (business_day, kind, severity, drill, message, pause_issuing, reported_by, assessment, started_at, started_by, actions)
         VALUES (@businessDay, @kind, @severity, @drill, @message, @pauseIssuing, @reportedBy, @assessment, @startedAt, @startedBy, '')
         ON CONFLICT (started_at) DO NOTHING`,
      ),
      open: p('SELECT started_at, actions FROM incidents WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1'),
      setActions: p('UPDATE incidents SET actions = ? WHERE started_at = ?'),
      end: p('UPDATE incidents SET ended_at = ?, ended_by = ?, note = ? WHERE started_at = ?'),
      range: p('SELECT * FROM incidents WHERE business_day BETWEEN ? AND ? ORDER BY started_at'),
    }
  }

  private get seal(): TextSeal | null {
    return textSealOf(this.db)
  }

  private sealed(text: string, startedAt: number, field: string): string {
    return this.seal ? this.seal.seal(text, context(startedAt, field)) : text
  }

  private opened(text: string, startedAt: number, field: string): string {
    return this.seal ? this.seal.open(text, context(startedAt, field)) : text
  }

  private actionsOf(r: Row): IncidentAction[] {
    const raw = r.actions as string
    return raw === '' ? [] : (JSON.parse(this.opened(raw, r.started_at as number, 'actions')) as IncidentAction[])
  }

  /** Inside the command's transaction (HallStore.commit). */
  write(events: readonly HallEvent[], businessDay: string): void {
    for (const e of events) {
      if (e.type === 'emergencyStarted') this.start(e.emergency, businessDay)
      else if (e.type === 'incidentActionAdded') {
        const r = this.s.open.get() as Row | undefined
        if (!r) continue
        const startedAt = r.started_at as number
        this.s.setActions.run(this.sealed(JSON.stringify([...this.actionsOf(r), e.action]), startedAt, 'actions'), startedAt)
      } else if (e.type === 'emergencyEnded') {
        const r = this.s.open.get() as Row | undefined
        if (!r) continue
        const startedAt = r.started_at as number
        this.s.end.run(e.at, e.endedBy ?? null, this.sealed(e.note ?? '', startedAt, 'note'), startedAt)
      }
    }
  }

  private start(e: Emergency, businessDay: string): void {
    this.s.insert.run({
      businessDay,
      kind: e.kind,
      severity: e.severity,
      drill: e.drill ? 1 : 0,
      message: e.message,
      pauseIssuing: e.pauseIssuing ? 1 : 0,
      reportedBy: this.sealed(e.reportedBy, e.startedAt, 'reportedBy'),
      assessment: this.sealed(e.assessment, e.startedAt, 'assessment'),
      startedAt: e.startedAt,
      startedBy: e.startedBy,
    })
  }

  /** The incidents that began on the business days of a range, their text opened (staff only). */
  range(from: string, to: string): Incident[] {
    return (this.s.range.all(from, to) as Row[]).map((r) => {
      const startedAt = r.started_at as number
      return {
        businessDay: r.business_day as string,
        kind: r.kind as Incident['kind'],
        severity: r.severity as Incident['severity'],
        drill: r.drill === 1,
        message: r.message as string,
        pauseIssuing: r.pause_issuing === 1,
        reportedBy: this.opened(r.reported_by as string, startedAt, 'reportedBy'),
        assessment: this.opened(r.assessment as string, startedAt, 'assessment'),
        startedAt,
        startedBy: (r.started_by as number | null) ?? null,
        actions: this.actionsOf(r),
        endedAt: (r.ended_at as number | null) ?? null,
        endedBy: (r.ended_by as number | null) ?? null,
        note: this.opened(r.note as string, startedAt, 'note'),
      }
    })
  }
}
