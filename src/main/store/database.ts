/**
 * Opening the hall database: pragmas chosen for durability (docs/decisions/002-durable-commits.md)
 * and numbered migrations that run in one transaction and refuse a database from the future.
 */
import Database from 'better-sqlite3'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index'

export type Db = Database.Database

/**
 * SQLite's page cache for the hall's connection, in KiB (negative in the pragma). better-sqlite3
 * builds SQLite with 16 MB, which a hub on a year of history filled and kept for good — a tenth
 * of its memory target. A day's working set (today's tickets, the ends of the
 * log and its indexes) is well under 4 MB; what reports read over history comes from the
 * operating system's file cache (docs/performance.md, "Memory").
 */
export const PAGE_CACHE_KIB = 4096

/** SQLite's automatic checkpoint, a backstop behind the hall's own (pages of 4 KiB). */
export const WAL_BACKSTOP_PAGES = 4000

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The hall database has schema version ${found}, but this HallQ understands up to ${supported}. ` +
        'It was written by a newer HallQ: install that version (or restore a backup) instead of downgrading.',
    )
    this.name = 'DatabaseTooNewError'
  }
}

export interface OpenOptions {
  readonly?: boolean
  /** How long a write waits for another connection's lock (a backup, a report) before failing. */
  busyTimeoutMs?: number
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false })
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`)
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and a
      // ticket number handed to a customer must never be handed out again.
      db.pragma('synchronous = FULL')
      // The hall checkpoints between commands (HallStore); SQLite's own checkpoint, inside
      // whichever commit fills the WAL, is left as a backstop at 16 MB instead of 4.
      db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`)
    }
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Db): void {
  const current = schemaVersion(db)
  if (current > SCHEMA_VERSION) throw new DatabaseTooNewError(current, SCHEMA_VERSION)
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.up)
      db.pragma(`user_version = ${m.version}`)
    }
  }).immediate()
}
