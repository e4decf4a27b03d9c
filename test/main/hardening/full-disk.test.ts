/**
 * A full disk (issue 12, point 1). The hub never stops because a write failed: the log file
 * drops its lines while the disk is full (ENOSPC injected under the log, as a mount is not
 * possible here) and says how many when space returns; the database refuses commands with 507
 * STORAGE_FULL (a page cap makes SQLite's own SQLITE_FULL) and takes them again by itself. The
 * log file is size-capped and rotated.
 */
import * as fs from 'node:fs'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { createLogger, startHallApp, type HallApp } from '../../../src/main/app'
import { RotatingLogFile, type LogFileSystem } from '../../../src/main/log-file'
import { storageExtension, storageWatch } from '../../../src/main/storage-watch'
import { WebSocket } from 'ws'
import { tempDir } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

/** The real file system, with a switch that makes every write fail as on a full disk. */
function fillableFs(): LogFileSystem & { full: boolean } {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
  const wrapped = {
    full: false,
    openSync: fs.openSync,
    closeSync: fs.closeSync,
    renameSync: fs.renameSync,
    statSync: fs.statSync,
    rmSync: fs.rmSync,
    writeSync: ((fd: number, text: string) => {
      if (wrapped.full) throw enospc()
      return fs.writeSync(fd, text)
    }) as typeof fs.writeSync,
  }
  return wrapped
}

const tmp = tempDir()
let app: HallApp | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

describe('the hub on a full disk', () => {
  it('answers 507 STORAGE_FULL while full, never exits, and resumes by itself; the log says what it lost', async () => {
    const dataDir = join(tmp.dir, 'hall')
    const disk = fillableFs()
    app = await startHallApp({ dataDir, port: 0, host: '127.0.0.1', version: 't', adminPin: '246810', logger: createLogger(dataDir, { fs: disk }), extensions: [storageExtension] })
    // The manager's screen on the hub PC: what it hears of the disk.
    const storage: { low: boolean; freeBytes: number | null }[] = []
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/v1/stream`)
    ws.on('message', (data) => {
      const m = JSON.parse(String(data))
      if (m.type === 'storage') storage.push(m)
    })
    await new Promise((resolve) => ws.once('open', resolve))
    const issue = () => rawRequest(app!.url, '/api/v1/commands/issueTicket', { body: { serviceId: 'MOBILE' } })
    expect((await issue()).status).toBe(200)

    // The disk fills: the database has no page to spare, and no log line can be written.
    const pages = app.db.pragma('page_count', { simple: true }) as number
    app.db.pragma(`max_page_count = ${pages}`)
    disk.full = true
    // What fits in the pages left is taken; then every command is refused.
    let last = 'A001'
    let answer = await issue()
    for (let i = 0; i < 500 && answer.status === 200; i++, answer = await issue()) last = answer.json().ticket.number
    expect(answer.status).toBe(507)
    const answers = [answer]
    for (let i = 0; i < 20; i++) answers.push(await issue())
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([507]))
    expect(answers[0]!.json().error.code).toBe('STORAGE_FULL')
    expect(answers[0]!.json().error.message).toContain('存储空间不足')
    // The manager is told at once, with the space the drive has left.
    await new Promise((r) => setTimeout(r, 100))
    expect(storage.at(-1)).toMatchObject({ low: true })
    expect(typeof storage.at(-1)!.freeBytes).toBe('number')
    // Space returns: the next command is taken, numbered on from the last one acknowledged.
    app.db.pragma('max_page_count = 1073741823')
    disk.full = false
    const after = await issue()
    expect(after.status).toBe(200)
    expect(after.json().ticket.number).toBe(`A${String(Number(last.slice(1)) + 1).padStart(3, '0')}`)
    await new Promise((r) => setTimeout(r, 100))
    expect(storage.at(-1)?.low).toBe(false)
    ws.terminate()
    app.logger.warn('space is back')
    const log = readFileSync(join(dataDir, 'logs', 'hallq.log'), 'utf8')
    expect(log).toMatch(/"linesLost":\d+/)
    expect(log).toContain('space is back')
  })
})

describe('the log file', () => {
  it('is capped and rotated: never more than the cap per file, and only so many files', () => {
    const dir = join(tmp.dir, 'logs-rotate')
    fs.mkdirSync(dir)
    const file = join(dir, 'hallq.log')
    const log = new RotatingLogFile({ file, maxBytes: 10_000, keep: 3 })
    const line = `${JSON.stringify({ level: 30, msg: 'x'.repeat(180) })}\n`
    for (let i = 0; i < 1000; i++) log.write(line)
    log.close()
    expect(readdirSync(dir).sort()).toEqual(['hallq.log', 'hallq.log.1', 'hallq.log.2', 'hallq.log.3'])
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(10_000)
    // Every kept file holds whole lines.
    expect(readFileSync(`${file}.1`, 'utf8').split('\n').filter(Boolean).every((l) => JSON.parse(l).level === 30)).toBe(true)
    expect(existsSync(`${file}.4`)).toBe(false)
  })

  it('a line that cannot be written is dropped, not thrown', () => {
    const disk = fillableFs()
    const dir = join(tmp.dir, 'logs-full')
    fs.mkdirSync(dir)
    const log = new RotatingLogFile({ file: join(dir, 'hallq.log'), fs: disk })
    disk.full = true
    expect(() => log.write('{"msg":"a"}\n')).not.toThrow()
    expect(log.linesLost).toBe(1)
    disk.full = false
    log.write('{"msg":"b"}\n')
    log.close()
    const lines = readFileSync(join(dir, 'hallq.log'), 'utf8').trim().split('\n')
    expect(JSON.parse(lines[0]!).linesLost).toBe(1)
    expect(JSON.parse(lines[1]!).msg).toBe('b')
  })
})

describe('the manager is told of a low disk', () => {
  it('when less than 200 MB are free, with the space left; and when it is not any more', () => {
    let free = 5 * 1024 ** 3
    const watch = storageWatch({ dataDir: '/x', freeBytes: () => free })
    const heard: unknown[] = []
    watch.stream((m) => heard.push(m))
    free = 120 * 1024 * 1024
    watch.check()
    free = 2 * 1024 ** 3
    watch.check()
    expect(heard).toEqual([
      { type: 'storage', low: false, freeBytes: 5 * 1024 ** 3 },
      { type: 'storage', low: true, freeBytes: 120 * 1024 * 1024 },
      { type: 'storage', low: false, freeBytes: 2 * 1024 ** 3 },
    ])
  })
})
