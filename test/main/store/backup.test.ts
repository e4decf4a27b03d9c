import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startHallApp } from '../../../src/main/app'
import { backupExtension } from '../../../src/main/backups'
import { createBackup, listBackups, pruneBackups, restoreBackup, verifyBackup, BackupError } from '../../../src/main/store/backup'
import { clerkAtCounter, openHall, silentLogger, tempDir } from '../../support/hall-fixture'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

describe('backups', () => {
  it('a backup taken while the hall runs restores to exactly that moment', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const data = join(d.dir, 'hall')
    const file = join(data, 'hallq.db')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(data)
    let f = await openHall({ file })
    const t1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('issueTicket', { serviceId: 'PAYMENT' })
    await f.run('callNext', { counterId: 1 }, t1)
    const atBackup = JSON.stringify(f.hall.state)
    const info = await createBackup(f.db, join(data, 'backups'), Date.parse('2026-11-28T02:00:00Z'))
    expect(info.name).toBe('hallq-20261128T020000Z.db')
    expect(() => verifyBackup(info.file)).not.toThrow()
    // One self-contained file: nothing beside it (no -wal or -shm of the file it was written as).
    expect(readdirSync(join(data, 'backups'))).toEqual(['hallq-20261128T020000Z.db'])
    const copy = new Database(info.file, { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    copy.close()
    expect(readdirSync(join(data, 'backups'))).toEqual(['hallq-20261128T020000Z.db'])

    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.close()
    const { keptAs } = restoreBackup(data, info.file, Date.parse('2026-11-28T03:00:00Z'))
    expect(keptAs).toBe(`${file}.before-restore-20261128T030000Z`)
    expect(existsSync(keptAs!)).toBe(true)
    f = await openHall({ file, clock: f.clock })
    cleanup.push(() => f.close())
    expect(JSON.stringify(f.hall.state)).toBe(atBackup)
    // The database that was replaced is complete (its WAL was folded in before it was moved).
    const kept = new Database(keptAs!, { readonly: true })
    expect(kept.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(3)
    kept.close()
  })

  it('a backup holds only live rows: what was deleted before it is in no free page of the copy', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const file = join(d.dir, 'hallq.db')
    const f = await openHall({ file })
    cleanup.push(() => f.close())
    const marker = 'PURGED-PHONE-13800138000'
    f.db.exec('CREATE TABLE scratch (x TEXT)')
    const insert = f.db.prepare('INSERT INTO scratch (x) VALUES (?)')
    for (let i = 0; i < 2000; i++) insert.run(`${marker}-${i}-${'x'.repeat(200)}`)
    f.db.exec('DELETE FROM scratch')
    f.db.pragma('wal_checkpoint(TRUNCATE)')
    // The hall's own file still holds the deleted text in its free pages (no secure_delete here):
    // a page-by-page copy would carry it into every backup.
    expect(readFileSync(file).includes(marker)).toBe(true)
    const info = await createBackup(f.db, join(d.dir, 'backups'), Date.parse('2026-11-28T02:00:00Z'))
    expect(readFileSync(info.file).includes(marker)).toBe(false)
    expect(() => verifyBackup(info.file)).not.toThrow()
  })

  it('an in-memory database is refused with a clear error, and nothing is written', async () => {
    const f = await openHall({ file: ':memory:' })
    cleanup.push(() => f.close())
    const d = tempDir()
    cleanup.push(d.remove)
    await expect(createBackup(f.db, join(d.dir, 'backups'), Date.now())).rejects.toThrow(BackupError)
    expect(existsSync(join(d.dir, 'backups'))).toBe(false)
  })

  it('refuses to restore something that is not a sound HallQ database', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const junk = join(d.dir, 'junk.db')
    writeFileSync(junk, 'not a database at all, just text')
    expect(() => verifyBackup(junk)).toThrow()
    const other = join(d.dir, 'other.db')
    const db = new Database(other)
    db.exec('CREATE TABLE x (y)')
    db.close()
    expect(() => verifyBackup(other)).toThrow(BackupError)
    expect(() => restoreBackup(d.dir, other, 0)).toThrow(BackupError)
    expect(existsSync(join(d.dir, 'hallq.db'))).toBe(false)
  })

  it('keeps N days of backups, and always the newest', () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const day = 86_400_000
    const t0 = Date.parse('2026-11-01T02:00:00Z')
    for (let i = 0; i < 20; i++) writeFileSync(join(d.dir, `hallq-${new Date(t0 + i * day).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.db`), 'x')
    writeFileSync(join(d.dir, 'notes.txt'), 'not a backup')
    const removed = pruneBackups(d.dir, 14, t0 + 19 * day)
    expect(removed).toHaveLength(5)
    expect(listBackups(d.dir)).toHaveLength(15)
    expect(existsSync(join(d.dir, 'notes.txt'))).toBe(true)
    expect(pruneBackups(d.dir, 1, t0 + 400 * day)).toHaveLength(14)
    expect(listBackups(d.dir)).toHaveLength(1)
  })

  it('the hub makes one at start and on request (admin only)', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const app = await startHallApp({ dataDir: d.dir, port: 0, host: '127.0.0.1', version: 't', adminPin: '1357', logger: silentLogger, extensions: [backupExtension] })
    cleanup.push(() => app.close())
    await expect.poll(() => listBackups(join(d.dir, 'backups')).length, { timeout: 10_000 }).toBe(1)
    const login = await app.server.inject({ method: 'POST', url: '/api/v1/commands/login', payload: { staffCode: 'admin', pin: '1357' } })
    const auth = { authorization: `Bearer ${login.json().token}` }
    expect((await app.server.inject({ method: 'POST', url: '/api/v1/backups' })).statusCode).toBe(401)
    await new Promise((r) => setTimeout(r, 1100)) // backups are named to the second
    const made = await app.server.inject({ method: 'POST', url: '/api/v1/backups', headers: auth })
    expect(made.statusCode).toBe(200)
    const list = (await app.server.inject({ url: '/api/v1/backups', headers: auth })).json()
    expect(list.backups).toHaveLength(2)
    expect(list.backups[0].name).toBe(made.json().name)
  })
})
