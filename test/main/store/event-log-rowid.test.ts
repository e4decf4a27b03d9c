/** Migration 6: the event log rebuilt with a plain rowid and a partial key index, losing nothing. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../../../src/main/store/database'
import { HallStore } from '../../../src/main/store/hall-store'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/main/store/migrations/index'
import { tempDir } from '../../support/hall-fixture'

const dir = tempDir()
afterEach(() => dir.remove())

describe('migration 6 (event log with a plain rowid)', () => {
  it('keeps every entry and its sequence number, answers keyed retries, and numbers on', () => {
    const file = join(dir.dir, 'hallq.db')
    const old = new Database(file)
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) old.exec(m.up)
    old.pragma('user_version = 2')
    const insert = old.prepare(
      `INSERT INTO event_log (at, business_day, actor_role, actor_clerk_id, terminal, command, payload, result, events, idempotency_key)
       VALUES (?, '2026-11-28', 'kiosk', NULL, 'kiosk-1', 'issueTicket', '{}', ?, '[]', ?)`,
    )
    for (let i = 1; i <= 5; i++) insert.run(i, i === 3 ? '{"ticket":{"number":"A003"}}' : 'null', i === 3 ? 'kiosk-1-000003' : null)
    old.close()

    const db = openDatabase(file)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    const store = new HallStore(db)
    expect(store.lastLoggedSeq()).toBe(5)
    expect(store.logAfter(0, 10).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5])
    expect(store.replyFor('kiosk-1-000003')).toEqual({ seq: 3, command: 'issueTicket', result: { ticket: { number: 'A003' } } })
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT seq FROM event_log WHERE idempotency_key = ?').all('x') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/event_log_idempotency_key/)
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'event_log' AND sql LIKE '%AUTOINCREMENT%'").pluck().get()).toBe(0)

    const next = db.prepare(
      `INSERT INTO event_log (at, business_day, actor_role, actor_clerk_id, terminal, command, payload, result, events, idempotency_key)
       VALUES (9, '2026-11-28', 'kiosk', NULL, 'kiosk-1', 'issueTicket', '{}', 'null', '[]', ?)`,
    )
    expect(Number(next.run(null).lastInsertRowid)).toBe(6)
    expect(() => next.run('kiosk-1-000003')).toThrow(/UNIQUE/)
    expect(Number(next.run(null).lastInsertRowid)).toBe(7)
    db.close()
  })
})
