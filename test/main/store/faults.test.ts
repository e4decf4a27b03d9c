/**
 * The disk fills up, or a backup holds the database: commands fail with a clear error, the hall
 * is not corrupted, and service resumes — with no gap in the numbering — once the cause is gone.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { errorMessage } from '../../../src/shared/locales/index'
import { openHall, tempDir, type Fixture } from '../../support/hall-fixture'

const cleanup: (() => void)[] = []
afterEach(() => cleanup.splice(0).reverse().forEach((c) => c()))

async function hallOnDisk(busyTimeoutMs = 5000): Promise<{ f: Fixture; file: string }> {
  const d = tempDir()
  const file = join(d.dir, 'hallq.db')
  const f = await openHall({ file, busyTimeoutMs })
  cleanup.push(d.remove, () => f.close())
  return { f, file }
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : `raw: ${String(e)}`))

describe('storage faults', () => {
  it('a full disk: STORAGE_FULL, nothing half-written, numbering resumes without a gap', async () => {
    const { f } = await hallOnDisk()
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A001')
    const before = JSON.stringify(f.hall.state)
    // No more pages may be added to the file: what a full disk looks like to SQLite.
    const pages = f.db.pragma('page_count', { simple: true }) as number
    f.db.pragma(`max_page_count = ${pages}`)
    const failures: string[] = []
    for (let i = 0; i < 50; i++) {
      const code = await codeOf(f.run('issueTicket', { serviceId: 'MOBILE' }))
      if (code !== 'ok') failures.push(code)
    }
    expect(failures.length).toBeGreaterThan(0)
    expect(new Set(failures)).toEqual(new Set(['STORAGE_FULL']))
    expect(errorMessage('STORAGE_FULL')).toContain('存储空间不足')
    expect(f.db.pragma('integrity_check', { simple: true })).toBe('ok')
    if (failures.length === 50) expect(JSON.stringify(f.hall.state)).toBe(before)
    // Space returns.
    f.db.pragma('max_page_count = 1073741823')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    const seqs = f.hall.dayRecords(f.hall.state.businessDay).tickets.map((t) => t.seq)
    expect(seqs).toEqual(seqs.map((_, i) => i + 1))
    expect(Object.values(f.hall.state.tickets).map((t) => t.seq)).toEqual(seqs)
  })

  it('a database held by another program: STORAGE_BUSY after the wait, then service resumes', async () => {
    const { f, file } = await hallOnDisk(200)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    const other = new Database(file)
    cleanup.push(() => other.close())
    other.exec('BEGIN EXCLUSIVE')
    expect(await codeOf(f.run('issueTicket', { serviceId: 'MOBILE' }))).toBe('STORAGE_BUSY')
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(1)
    other.exec('COMMIT')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    expect(f.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})

describe('storage faults seen by a paired terminal', () => {
  it('a locked database is STORAGE_BUSY for a terminal too, never an internal error', async () => {
    const { buildServer } = await import('../../../src/main/server/http-server')
    const { silentLogger } = await import('../../support/hall-fixture')
    const { f, file } = await hallOnDisk(200)
    const app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
    cleanup.push(() => void app.close())
    const manager = await f.clerk('m1', 'manager')
    const { code } = await f.run('createPairingCode', { name: '取号机', role: 'kiosk' }, manager)
    const token = (await app.inject({ method: 'POST', url: '/api/v1/pair', payload: { code }, remoteAddress: '10.0.0.9' })).json().token
    const lan = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, remoteAddress: '10.0.0.9', headers: { 'x-hallq-terminal-token': token }, ...(payload ? { payload } : {}) })
    const other = new Database(file)
    cleanup.push(() => other.close())
    other.exec('BEGIN EXCLUSIVE')
    // The terminal's "last seen" is due to be written on this request: it must not be what fails.
    f.clock.minutes(2)
    const refused = await lan('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' })
    expect(refused.statusCode).toBe(503)
    expect(refused.json().error.code).toBe('STORAGE_BUSY')
    expect((await lan('GET', '/api/v1/snapshot')).statusCode).toBe(200)
    other.exec('COMMIT')
    expect((await lan('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' })).statusCode).toBe(200)
  })
})

describe("terminals' last-seen times", () => {
  it('are kept in memory on reads and written later, postponed while the database is held', async () => {
    const { f, file } = await hallOnDisk(100)
    const manager = await f.clerk('m1', 'manager')
    const { code } = await f.run('createPairingCode', { name: '大屏', role: 'display' }, manager)
    const { token, terminal } = await f.hall.execute('pairTerminal', { code }, { terminal: '10.0.0.7', local: false })
    expect(terminal.lastSeenAt).toBeNull()
    f.clock.minutes(3)
    const seenAt = f.clock.now
    f.hall.terminalOf({ terminal: '10.0.0.7', terminalToken: token, local: false })
    expect(f.hall.listTerminals()[0]!.lastSeenAt).toBe(seenAt)
    const stored = () => f.db.prepare('SELECT last_seen_at FROM terminals').pluck().get()
    expect(stored()).toBeNull()
    const other = new Database(file)
    cleanup.push(() => other.close())
    other.exec('BEGIN EXCLUSIVE')
    expect(() => f.hall.flushTerminalActivity()).not.toThrow()
    other.exec('COMMIT')
    expect(stored()).toBeNull()
    f.hall.flushTerminalActivity()
    expect(stored()).toBe(seenAt)
  })
})
