/**
 * Private text on public screens (issue 12, point 9): a note like "客户张三身份证…" written at a
 * counter reaches no display or kiosk — not in the snapshot, not on the stream, not through
 * /events — and is nowhere in plain text in the database file, its WAL or a backup. A hall's
 * plain text from before sealing is sealed at its next start.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { createBackup } from '../../../src/main/store/backup'
import { TextSeal } from '../../../src/main/security/text-seal'
import { sealStoredText } from '../../../src/main/store/seal-stored-text'
import { CONTACT_KEY, clerkAtCounter, openHall, tempDir, type Fixture } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'
import { openStream, pairTerminal, servedHallPerTest } from '../../support/served-hall'

const NOTE = '客户张三身份证110101199001011234'
const TRANSFER_NOTE = '转宽带：张三要求上门，地址朝阳路8号'
const SUMMARY = '张三投诉账单多扣费'
const COMMENT = '对张三态度欠佳'
const SECRETS = ['张三', '110101199001011234', '朝阳路']

/** Whether any of the private words is in `bytes`, as UTF-8 or UTF-16 (SQLite stores UTF-8). */
function leaks(bytes: Buffer | string): string[] {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes
  return SECRETS.filter((s) => buf.includes(Buffer.from(s, 'utf8')) || buf.includes(Buffer.from(s, 'utf16le')))
}

/** A morning at counter 1: a service with a note and a complaint, a transfer with a note, a grade. */
async function writePrivateText(f: Fixture): Promise<void> {
  const clerk = await clerkAtCounter(f, '1001', 1)
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  await f.run('callNext', { counterId: 1 }, clerk)
  await f.run('startService', { counterId: 1 }, clerk)
  await f.run('finishService', { counterId: 1, note: NOTE, items: ['补换卡'], complaint: { category: 'service', summary: SUMMARY, followUp: 'open' } }, clerk)
  await f.run('callNext', { counterId: 1 }, clerk)
  await f.run('startService', { counterId: 1 }, clerk)
  await f.run('transfer', { counterId: 1, toServiceId: 'BROADBAND', note: TRANSFER_NOTE }, clerk)
  await f.run('gradeClerk', { businessDay: f.hall.state.businessDay, clerkId: 2, grade: 'fair', comment: COMMENT }, f.adminToken)
}

describe('public screens', () => {
  const hub = servedHallPerTest()
  const pair = async (name: string, role: 'display' | 'kiosk' | 'evaluator' | 'counter'): Promise<string> => (await pairTerminal(hub, { name, role })).token

  /** Opens the stream as a terminal; every text frame it receives is kept. */
  const listen = async (token: string, after?: number, clerk?: string): Promise<string[]> =>
    (await openStream(hub, { 'x-hallq-terminal-token': token, ...(clerk ? { authorization: `Bearer ${clerk}` } : {}) }, { from: '127.0.0.3', ...(after === undefined ? {} : { after }) })).frames

  const get = (path: string, token: string) => rawRequest(hub.base, path, { headers: { 'x-hallq-terminal-token': token }, from: '127.0.0.3' })

  it('a display, a kiosk and an evaluator receive no note, complaint, comment or item — live, on reconnect, or by snapshot', async () => {
    const tv = await pair('大厅电视', 'display')
    const kiosk = await pair('取号机', 'kiosk')
    const tablet = await pair('评价器1', 'evaluator')
    const counterPc = await pair('1号窗口', 'counter')
    const live = { tv: await listen(tv), kiosk: await listen(kiosk), tablet: await listen(tablet), counter: await listen(counterPc) }
    const managerPc = await pair('值班经理', 'counter')
    const managerLive = await listen(managerPc, undefined, hub.f.adminToken)
    const before = hub.f.hall.snapshot().seq

    await writePrivateText(hub.f)
    await new Promise((r) => setTimeout(r, 200))

    // Complaint cases' events go only to a stream with a manager's login (docs/decisions/023-complaint-cases.md).
    for (const [who, frames] of Object.entries(live)) expect(frames.some((m) => m.includes('"complaintTaken"')), who).toBe(false)
    expect(managerLive.some((m) => m.includes('"complaintTaken"'))).toBe(true)
    expect(managerLive.join('\n')).not.toContain(SUMMARY)

    for (const [who, frames] of Object.entries(live)) {
      // Each heard the whole morning…
      expect(frames.some((m) => m.includes('"serviceFinished"')), who).toBe(true)
      expect(frames.some((m) => m.includes('"ticketTransferred"')), who).toBe(true)
      // …and only the counter PC its text.
      expect(leaks(frames.join('\n')), who).toEqual(who === 'counter' ? SECRETS : [])
    }
    expect(live.tv.join('\n')).not.toContain('"items":["补换卡"]')

    for (const token of [tv, kiosk, tablet]) {
      const snapshot = await get('/api/v1/snapshot', token)
      expect(snapshot.status).toBe(200)
      expect(Object.keys(snapshot.json().state.records)).toHaveLength(2)
      expect(leaks(snapshot.body)).toEqual([])
      const events = await get(`/api/v1/events?after=${before}`, token)
      expect(events.json().events.length).toBeGreaterThan(5)
      expect(leaks(events.body)).toEqual([])
      // A reconnecting screen catches up with events, not a snapshot.
      const caughtUp = (await listen(token, before)).join('\n')
      expect(leaks(caughtUp)).toEqual([])
      expect(caughtUp).not.toContain('"complaintTaken"')
    }
    // The counter PC's snapshot still has what its clerk needs.
    expect(leaks((await get('/api/v1/snapshot', counterPc)).body)).toEqual(expect.arrayContaining(['张三']))
  })
})

describe('free text at rest', () => {
  it('is in no plain text in the database, its WAL or a backup, and staff still read it', async () => {
    const tmp = tempDir()
    try {
      const file = join(tmp.dir, 'hallq.db')
      const f = await openHall({ file })
      // Nothing checkpointed yet: the commits are in the WAL.
      await writePrivateText(f)
      expect(existsSync(`${file}-wal`)).toBe(true)
      expect(leaks(readFileSync(`${file}-wal`))).toEqual([])
      expect(leaks(readFileSync(file))).toEqual([])
      const backup = await createBackup(f.db, join(tmp.dir, 'backups'), f.clock.now)
      expect(leaks(readFileSync(join(tmp.dir, 'backups', readdirSync(join(tmp.dir, 'backups'))[0]!)))).toEqual([])
      expect(backup).toBeTruthy()

      // The manager reads the records and the log as written.
      const day = f.hall.state.businessDay
      const records = f.hall.dayRecords(day).records
      expect(records.map((r) => r.note)).toEqual([NOTE, TRANSFER_NOTE])
      // The complaint's summary lives with its case (docs/decisions/023-complaint-cases.md).
      expect(records[0]!.complaint?.summary).toBe('')
      expect(f.hall.complaintDetail(records[0]!.complaint!.caseId!, { role: 'admin', clerkId: 1, terminal: 't' }).summary).toBe(SUMMARY)
      expect(JSON.stringify(f.hall.logOfDay(day))).toContain(COMMENT)
      // And so does a restarted hall.
      const again = await f.reopen()
      expect(Object.values(again.hall.state.records).map((r) => r.note)).toEqual([NOTE, TRANSFER_NOTE])
      again.db.pragma('wal_checkpoint(TRUNCATE)')
      expect(leaks(readFileSync(file))).toEqual([])
      again.close()
    } finally {
      tmp.remove()
    }
  })

  it.each([
    ['', undefined],
    [', read a row at a time', 1],
  ])('a hall that stored it in plain text has it sealed at its next start, old pages included%s', async (_, page) => {
    const tmp = tempDir()
    try {
      const file = join(tmp.dir, 'hallq.db')
      const old = await openHall({ file, sealText: false })
      await writePrivateText(old)
      old.db.pragma('wal_checkpoint(TRUNCATE)')
      expect(leaks(readFileSync(file))).toEqual(SECRETS)
      old.close()

      const f = await openHall({ file })
      expect(sealStoredText(f.db, new TextSeal(CONTACT_KEY), page)).toBeGreaterThan(3)
      expect(leaks(readFileSync(file))).toEqual([])
      expect(existsSync(`${file}-wal`) ? leaks(readFileSync(`${file}-wal`)) : []).toEqual([])
      // Once only.
      expect(sealStoredText(f.db, new TextSeal(CONTACT_KEY))).toBe(0)
      f.close()
      const reopened = await openHall({ file })
      const day = reopened.hall.state.businessDay
      expect(reopened.hall.dayRecords(day).records.map((r) => r.note)).toEqual([NOTE, TRANSFER_NOTE])
      expect(JSON.stringify(reopened.hall.logOfDay(day))).toContain(COMMENT)
      expect(reopened.hall.complaintDetail(1, { role: 'admin', clerkId: 1, terminal: 't' }).summary).toBe(SUMMARY)
      reopened.close()
    } finally {
      tmp.remove()
    }
  })
})
