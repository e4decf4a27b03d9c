import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseTooNewError, openDatabase, PAGE_CACHE_KIB, schemaVersion } from '../../../src/main/store/database'
import { SCHEMA_VERSION } from '../../../src/main/store/migrations/index'
import { tempDir } from '../../support/hall-fixture'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))
function file(): string {
  const d = tempDir()
  dirs.push(d)
  return join(d.dir, 'hallq.db')
}

describe('opening the database', () => {
  it('migrates a new file to the current schema with durable pragmas', () => {
    const db = openDatabase(file())
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    // 4 MiB of page cache, not the 16 MB better-sqlite3 builds SQLite with (docs/performance.md, Memory).
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB)
    expect(PAGE_CACHE_KIB).toBe(4096)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    expect(tables).toEqual(expect.arrayContaining(['tickets', 'service_records', 'event_log', 'counters', 'clerks', 'services', 'activity_periods']))
    db.close()
  })

  it('opening again is a no-op', () => {
    const path = file()
    openDatabase(path).close()
    const db = openDatabase(path)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('refuses a database written by a newer HallQ, and leaves it untouched', () => {
    const path = file()
    const raw = new Database(path)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.exec('CREATE TABLE future (x)')
    raw.close()
    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError)
    expect(() => openDatabase(path)).toThrow(/newer HallQ/)
    const check = new Database(path)
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1)
    expect(check.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets'").pluck().get()).toBe(0)
    check.close()
  })
})
