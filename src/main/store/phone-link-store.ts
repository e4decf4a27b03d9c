/**
 * The keys of the tickets' phone links. Only SHA-256 hashes are stored, each with its ticket
 * and business day; a day's keys are deleted once a later day has begun.
 */
import type { Db } from './database'

export interface PhoneLinkRow {
  ticketId: number
  businessDay: string
}

export class PhoneLinkStore {
  private readonly s

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      insert: p('INSERT INTO phone_links (key_hash, ticket_id, business_day) VALUES (?, ?, ?)'),
      find: p('SELECT ticket_id, business_day FROM phone_links WHERE key_hash = ?'),
      purgeBefore: p('DELETE FROM phone_links WHERE business_day < ?'),
    }
  }

  /** Inside the issuing command's transaction: the link exists exactly when the ticket does. */
  insert(keyHash: string, ticketId: number, businessDay: string): void {
    this.s.purgeBefore.run(businessDay)
    this.s.insert.run(keyHash, ticketId, businessDay)
  }

  find(keyHash: string): PhoneLinkRow | null {
    const row = this.s.find.get(keyHash) as { ticket_id: number; business_day: string } | undefined
    return row ? { ticketId: row.ticket_id, businessDay: row.business_day } : null
  }
}
