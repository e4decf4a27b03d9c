/**
 * The hub's side of the outbox: the committed event log is the outbox (nothing is written twice
 * on the command path), read a page at a time after the centre's position; and the closed days'
 * stored facts. Its own prepared statements over the hub's tables.
 */
import type { Actor } from '../../shared/domain'
import type { HallEvent } from '../../shared/events'
import type { ShippedDay, ShippedEntry, ShippedRun } from '../central/ingest'
import { withRatingFields, type DayFacts } from '../reports/facts'
import type { Db } from '../store/database'
import { scrubEvent } from './scrub'

type Row = Record<string, unknown>

export class OutboxReader {
  private readonly s

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      head: p('SELECT COALESCE(MAX(seq), 0) FROM event_log').pluck(),
      after: p('SELECT seq, at, business_day, actor_role, actor_clerk_id, terminal, command, events FROM event_log WHERE seq > ? ORDER BY seq LIMIT ?'),
      closedDays: p('SELECT business_day FROM report_days ORDER BY business_day').pluck(),
      day: p('SELECT facts, assessment FROM report_days WHERE business_day = ?'),
      runs: p('SELECT service_id, kind, count, values_ms FROM report_distributions WHERE business_day = ? ORDER BY service_id, kind'),
    }
  }

  head(): number {
    return this.s.head.get() as number
  }

  /** Up to `limit` logged commands after `afterSeq`, personal data removed. */
  entriesAfter(afterSeq: number, limit: number): ShippedEntry[] {
    return (this.s.after.all(afterSeq, limit) as Row[]).map((r) => ({
      seq: r.seq as number,
      at: r.at as number,
      businessDay: r.business_day as string,
      actorRole: r.actor_role as Actor['role'],
      actorClerkId: (r.actor_clerk_id as number | null) ?? null,
      terminal: r.terminal as string,
      command: r.command as string,
      events: (JSON.parse(r.events as string) as HallEvent[]).map(scrubEvent),
    }))
  }

  /** Business days whose facts the close stored. */
  closedDays(): string[] {
    return this.s.closedDays.all() as string[]
  }

  closedDay(businessDay: string): ShippedDay | null {
    const r = this.s.day.get(businessDay) as Row | undefined
    if (!r) return null
    const runs: ShippedRun[] = (this.s.runs.all(businessDay) as Row[]).map((x) => ({
      serviceId: x.service_id as string,
      kind: x.kind as ShippedRun['kind'],
      count: x.count as number,
      values: x.values_ms as Buffer,
    }))
    return { facts: withRatingFields(JSON.parse(r.facts as string) as DayFacts), assessment: JSON.parse(r.assessment as string) as unknown, runs }
  }
}
