/**
 * Backups: a consistent copy while the hall keeps running, checked before it is kept, and old
 * ones pruned. Restoring is done with the hub stopped (`npm run restore`), keeping the database
 * it replaces.
 *
 * The copy is `VACUUM INTO` on a read-only connection of its own, in a short-lived process of
 * its own, with the integrity check after it: the hall's thread never waits for a year of pages
 * to be copied and checked, and the copy's page caches (and the runtime that drives them) live
 * and die with that process instead of staying in the hub's memory (docs/performance.md,
 * "Memory"). One read transaction sees one committed
 * state, however many commands the hall takes meanwhile; and a vacuumed copy holds only live
 * rows, no freed pages.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { PAGE_CACHE_KIB, type Db } from './database'
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

/**
 * Checks that a file is a sound HallQ database this version can open; `integrity: false` when
 * SQLite's integrity check has already been run on it (the backup worker runs it).
 */
export function verifyBackup(file: string, options: { integrity?: boolean } = {}): void {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    if (options.integrity !== false) {
      db.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
      const ok = db.pragma('integrity_check', { simple: true })
      if (ok !== 'ok') throw new BackupError(`${file} is damaged: ${String(ok)}`)
    }
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < 1 || version > SCHEMA_VERSION) throw new BackupError(`${file} has schema version ${version}; this HallQ reads 1 to ${SCHEMA_VERSION}`)
    const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tickets', 'event_log')").pluck().get()
    if (tables !== 2) throw new BackupError(`${file} is not a HallQ database`)
  } finally {
    db.close()
  }
}

/**
 * The copier: plain CommonJS run by `node -e` (the hub's own executable; the desktop app's with
 * ELECTRON_RUN_AS_NODE), so it needs no file of its own beside the hub's bundle. It loads
 * better-sqlite3 from the path the hub resolved and answers one line of JSON.
 */
const COPIER = `
const job = JSON.parse(process.argv[1])
const Database = require(job.driver)
let answer
try {
  const source = new Database(job.source, { readonly: true, fileMustExist: true })
  try {
    source.pragma('cache_size = -' + job.cacheKib)
    source.prepare('VACUUM INTO ?').run(job.target)
  } finally {
    source.close()
  }
  const copy = new Database(job.target)
  try {
    copy.pragma('cache_size = -' + job.cacheKib)
    copy.pragma('journal_mode = DELETE')
    answer = { ok: true, integrity: String(copy.pragma('integrity_check', { simple: true })) }
  } finally {
    copy.close()
  }
} catch (err) {
  answer = { ok: false, message: String((err && err.message) || err) }
}
process.stdout.write(JSON.stringify(answer) + '\\n')
`

type CopyAnswer = { ok: true; integrity: string } | { ok: false; message: string }

/**
 * Copies the database file `source` into `target` (which must not exist) in a process of its own:
 * its memory (SQLite's caches, a second JavaScript runtime) is given back whole when it ends.
 */
function copyInProcess(source: string, target: string): Promise<CopyAnswer> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const job = JSON.stringify({ driver, source, target, cacheKib: PAGE_CACHE_KIB })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', COPIER, job], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as CopyAnswer)
      } catch {
        reject(new BackupError(`the backup copier stopped (exit ${code}) before it answered: ${err.trim().split('\n')[0] ?? ''}`))
      }
    })
  })
}

export async function createBackup(db: Db, dir: string, at: number): Promise<BackupInfo> {
  if (db.memory) throw new BackupError('an in-memory database has no file to back up')
  mkdirSync(dir, { recursive: true })
  const name = `hallq-${stamp(at)}.db`
  const file = join(dir, name)
  const partial = `${file}.partial`
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true })
  try {
    const copied = await copyInProcess(db.name, partial)
    if (!copied.ok) throw new BackupError(`the backup could not be made: ${copied.message}`)
    if (copied.integrity !== 'ok') throw new BackupError(`${partial} is damaged: ${copied.integrity}`)
    // A backup is one file (journal_mode DELETE), to copy to a USB stick or another PC as it is.
    verifyBackup(partial, { integrity: false })
    renameSync(partial, file)
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true })
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
