/** Migration 5: tickets indexed by business day alone, and a version-1 database brought up to it. */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../../../src/main/store/database'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/main/store/migrations/index'
import { tempDir } from '../../support/hall-fixture'

const dir = tempDir()
afterEach(() => dir.remove())

describe('migration 5 (tickets by business day)', () => {
  it('upgrades a version-1 database, keeps its tickets, and finds a day through the new index', () => {
    const file = join(dir.dir, 'hallq.db')
    const old = new Database(file)
    old.exec(MIGRATIONS[0]!.up)
    old.pragma('user_version = 1')
    old.exec(`INSERT INTO services VALUES ('MOBILE','A','移动业务','Mobile',15,8,NULL,'[]','','[]',1,1)`)
    old.exec(`INSERT INTO tickets (id, business_day, service_id, issued_service_id, seq, number, priority, source, status, issued_at, queued_at, queue_key, call_count, est_ahead)
              VALUES (7, '2026-11-28', 'MOBILE', 'MOBILE', 1, 'A001', 'normal', 'kiosk', 'waiting', 1, 1, 1, 0, 0)`)
    old.close()

    const db = openDatabase(file)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL").pluck().all()
    expect(indexes).toEqual(['tickets_day'])
    expect(db.prepare('SELECT number FROM tickets WHERE business_day = ?').pluck().all('2026-11-28')).toEqual(['A001'])
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE business_day = ? ORDER BY id").all('2026-11-28') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX tickets_day/)
    db.close()
  })
})
