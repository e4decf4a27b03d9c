/**
 * Backups with SQLite's online backup API: a consistent copy while the hall keeps running,
 * checked before it is kept, and old ones pruned. Restoring is done with the hub stopped
 * (`npm run restore`), keeping the database it replaces.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Db } from './database'
import { SCHEMA_VERSION } from './migrations/index'

export interface BackupInfo {
  file: string
  name: string
  bytes: number
  at: number
}

const NAME = /^hallq-(\d{8}T\d{6}Z)\.db$/

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
}

function timeOf(name: string): number | null {
  const m = NAME.exec(name)
  if (!m) return null
  const s = m[1]!
  return Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`)
}

export class BackupError extends Error {
  override name = 'BackupError'
}

/** Checks that a file is a sound HallQ database this version can open. */
export function verifyBackup(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const ok = db.pragma('integrity_check', { simple: true })
    if (ok !== 'ok') throw new BackupError(`${file} is damaged: ${String(ok)}`)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < 1 || version > SCHEMA_VERSION) throw new BackupError(`${file} has schema version ${version}; this HallQ reads 1 to ${SCHEMA_VERSION}`)
    const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tickets', 'event_log')").pluck().get()
    if (tables !== 2) throw new BackupError(`${file} is not a HallQ database`)
  } finally {
    db.close()
  }
}

export async function createBackup(db: Db, dir: string, at: number): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true })
  const name = `hallq-${stamp(at)}.db`
  const file = join(dir, name)
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  try {
    await db.backup(partial)
    // A copy of a WAL database is in WAL mode, and opening it would leave -wal and -shm files
    // beside it: a backup is one file, to copy to a USB stick or another PC as it is.
    const copy = new Database(partial)
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    verifyBackup(partial)
    renameSync(partial, file)
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true })
  }
  return { file, name, bytes: statSync(file).size, at }
}

export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((name) => ({ name, at: timeOf(name) }))
    .filter((b): b is { name: string; at: number } => b.at !== null)
    .map(({ name, at }) => ({ name, at, file: join(dir, name), bytes: statSync(join(dir, name)).size }))
    .sort((a, b) => b.at - a.at)
}

/** Deletes backups older than `keepDays`, always keeping the newest one. */
export function pruneBackups(dir: string, keepDays: number, now: number): string[] {
  const [newest, ...rest] = listBackups(dir)
  if (!newest) return []
  const removed = rest.filter((b) => now - b.at > keepDays * 86_400_000)
  for (const b of removed) rmSync(b.file, { force: true })
  return removed.map((b) => b.name)
}

/**
 * Puts a backup in place of the hall database in `dataDir`. The hub must be stopped. The
 * current database (with its WAL) is kept beside it as hallq.db.before-restore-<time>.
 */
export function restoreBackup(dataDir: string, from: string, now: number): { replacedBy: string; keptAs: string | null } {
  verifyBackup(from)
  const target = join(dataDir, 'hallq.db')
  let keptAs: string | null = null
  if (existsSync(target)) {
    // Fold the WAL into the old database first, so what is kept aside is complete.
    const old = new Database(target)
    old.pragma('wal_checkpoint(TRUNCATE)')
    old.close()
    keptAs = `${target}.before-restore-${stamp(now)}`
    renameSync(target, keptAs)
  }
  for (const side of ['-wal', '-shm']) rmSync(target + side, { force: true })
  copyFileSync(from, `${target}.restoring`)
  renameSync(`${target}.restoring`, target)
  return { replacedBy: from, keptAs }
}
