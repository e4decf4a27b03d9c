/**
 * Incidents (issue 11, manual ch. 11): an emergency broadcast is an incident record — who
 * reported it, kind, severity, the assessment at the start, actions while it lasts, a closing
 * note — in the day's and a range's report and the exports; a drill (演练) is the same broadcast
 * marked as a drill, with issuing going on.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NO_ASSESSMENT, summaryTables } from '../../src/main/reports/export/tables'
import { openHall, tempDir } from '../support/hall-fixture'
import { rawRequest } from '../support/raw-http'
import { reportsOf, shanghai } from '../support/reports'
import { pairTerminal, servedHallPerTest } from '../support/served-hall'

const ASSESSMENT = '营业厅 CRM 无法登录，影响全部业务，预计一小时'
const REPORTER = '2号窗口 王芳'
const ACTION = '已报省公司运维，客户手写登记'
const CLOSING = '系统恢复，手写登记的 6 位客户已补录'

describe('incident commands over HTTP', () => {
  const hub = servedHallPerTest()
  const post = (name: string, body: unknown, token?: string) =>
    rawRequest(hub.base, `/api/v1/commands/${name}`, { body, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) })

  it('accepts an incident with its record, actions and a closing note, and refuses what is wrong', async () => {
    const manager = await hub.f.clerk('m1', 'manager')
    const clerk = await hub.f.clerk('c1')
    const start = { kind: 'outage', severity: 'major', reportedBy: REPORTER, assessment: ASSESSMENT }

    expect((await post('startEmergency', start, clerk)).status).toBe(403)
    const badSeverity = await post('startEmergency', { ...start, severity: 'huge' }, manager)
    expect([badSeverity.status, badSeverity.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const pausingDrill = await post('startEmergency', { ...start, drill: true, pauseIssuing: true }, manager)
    expect([pausingDrill.status, pausingDrill.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(pausingDrill.json().error.details).toEqual([expect.objectContaining({ path: ['pauseIssuing'] })])
    const noneYet = await post('addIncidentAction', { note: ACTION }, manager)
    expect([noneYet.status, noneYet.json().error.code]).toEqual([409, 'NO_EMERGENCY'])
    expect(hub.f.hall.state.emergency).toBeNull()

    const started = await post('startEmergency', start, manager)
    expect(started.status).toBe(200)
    const m1 = Object.values(hub.f.hall.state.clerks).find((c) => c.staffCode === 'm1')!
    expect(started.json().emergency).toMatchObject({ kind: 'outage', severity: 'major', drill: false, pauseIssuing: true, reportedBy: REPORTER, assessment: ASSESSMENT, actions: [], startedBy: m1.id })

    expect((await post('addIncidentAction', { note: '' }, manager)).status).toBe(400)
    expect((await post('addIncidentAction', { note: ACTION }, clerk)).status).toBe(403)
    const acted = await post('addIncidentAction', { note: ACTION }, manager)
    expect(acted.status).toBe(200)
    expect(acted.json().emergency.actions).toEqual([{ at: expect.any(Number), by: m1.id, note: ACTION }])

    // What a display on the wall receives: the broadcast, never the staff's text about it.
    const display = await pairTerminal(hub, { name: '大厅电视', role: 'display' })
    const shown = await rawRequest(hub.base, '/api/v1/snapshot', { headers: { 'x-hallq-terminal-token': display.token }, from: '127.0.0.3' })
    expect(shown.json().state.emergency).toMatchObject({ kind: 'outage', reportedBy: '', assessment: '', actions: [{ note: '' }] })
    expect(shown.body).not.toContain('王芳')
    expect(shown.body).not.toContain('CRM')

    const tooLong = await post('endEmergency', { note: 'x'.repeat(1001) }, manager)
    expect([tooLong.status, tooLong.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(hub.f.hall.state.emergency).not.toBeNull()
    expect((await post('endEmergency', { note: CLOSING }, manager)).status).toBe(200)
    const again = await post('endEmergency', {}, manager)
    expect([again.status, again.json().error.code]).toEqual([409, 'NO_EMERGENCY'])

    const [incident] = reportsOf(hub.f).summary(hub.f.hall.state.businessDay, hub.f.hall.state.businessDay).incidents!.list
    expect(incident).toMatchObject({ severity: 'major', reportedBy: REPORTER, assessment: ASSESSMENT, actions: [{ note: ACTION }], note: CLOSING, endedBy: m1.id })
  })

  it('a drill broadcasts with issuing going on, and is kept as a drill', async () => {
    const manager = await hub.f.clerk('m1', 'manager')
    const drill = await post('startEmergency', { kind: 'evacuation', drill: true, assessment: '季度消防演练' }, manager)
    expect(drill.status).toBe(200)
    expect(drill.json().emergency).toMatchObject({ kind: 'evacuation', drill: true, pauseIssuing: false })
    const ticket = await post('issueTicket', { serviceId: 'MOBILE' })
    expect(ticket.status).toBe(200)
    expect(ticket.json().ticket.number).toBe('A001')
    // A kiosk sees that it is a drill.
    const kiosk = await pairTerminal(hub, { name: '门口取号机', role: 'kiosk' })
    const shown = await rawRequest(hub.base, '/api/v1/snapshot', { headers: { 'x-hallq-terminal-token': kiosk.token }, from: '127.0.0.3' })
    expect(shown.json().state.emergency).toMatchObject({ drill: true, pauseIssuing: false, assessment: '' })
    await post('endEmergency', {}, manager)
    const log = hub.f.hall.logOfDay(hub.f.hall.state.businessDay).find((l) => l.command === 'startEmergency')!
    expect(log.events[0]).toMatchObject({ type: 'emergencyStarted', emergency: { drill: true } })
  })
})

describe('incidents in the reports', () => {
  it("counts the day's incidents and drills, a range's, exports them, and the event log recomputes the same", async () => {
    const dir = tempDir()
    const f = await openHall({ file: join(dir.dir, 'hallq.db') })
    try {
      const manager = await f.clerk('m1', 'manager')
      f.clock.now = shanghai('2026-11-28', '10:00')
      await f.run('startEmergency', { kind: 'evacuation', drill: true }, manager)
      f.clock.now = shanghai('2026-11-28', '10:12')
      await f.run('endEmergency', { note: '疏散用时 12 分钟' }, manager)
      f.clock.now = shanghai('2026-11-28', '14:00')
      await f.run('startEmergency', { kind: 'outage', severity: 'major', reportedBy: REPORTER, assessment: ASSESSMENT }, manager)
      f.clock.now = shanghai('2026-11-28', '14:10')
      await f.run('addIncidentAction', { note: ACTION }, manager)
      f.clock.now = shanghai('2026-11-28', '14:45')
      await f.run('endEmergency', { note: CLOSING }, manager)
      f.clock.now = shanghai('2026-11-28', '19:00')
      await f.run('closeDay', {}, manager)

      f.clock.now = shanghai('2026-11-29', '09:00')
      await f.run('startEmergency', { kind: 'power', severity: 'serious', pauseIssuing: false }, manager)

      const reports = reportsOf(f)
      const day = reports.summary('2026-11-28', '2026-11-28').incidents!
      expect(day).toMatchObject({ count: 1, drills: 1, bySeverity: { general: 0, major: 1, serious: 0 }, pausedIssuing: 1, durationMs: 45 * 60_000 })
      expect(day.list.map((i) => [i.kind, i.drill, i.note])).toEqual([
        ['evacuation', true, '疏散用时 12 分钟'],
        ['outage', false, CLOSING],
      ])
      const range = reports.summary('2026-11-28', '2026-11-29')
      // The one still going counts, without a duration yet.
      expect(range.incidents).toMatchObject({ count: 2, drills: 1, bySeverity: { general: 0, major: 1, serious: 1 }, pausedIssuing: 1, durationMs: 45 * 60_000 })
      expect(range.incidents!.list[2]).toMatchObject({ businessDay: '2026-11-29', kind: 'power', endedAt: null })

      // The recomputation from the event log alone says the same.
      expect((await reports.recompute('2026-11-28', '2026-11-29')).incidents).toEqual(range.incidents)
      expect(await reports.verify('2026-11-28')).toMatchObject({ equal: true })
      expect(await reports.verify('2026-11-29')).toMatchObject({ equal: true })

      // The export's 突发事件 sheet.
      const [sheet] = summaryTables(range, NO_ASSESSMENT, ['incidents'])
      expect(sheet!.title).toBe('突发事件')
      expect(sheet!.rows.map((r) => [r[0], r[1], r[2], r[3], r[6], r[8], r[11], r[12]])).toEqual([
        ['2026-11-28', '紧急疏散', '一般', '演练', 12, null, null, '疏散用时 12 分钟'],
        ['2026-11-28', '系统故障', '较大', null, 45, REPORTER, ACTION, CLOSING],
        ['2026-11-29', '停电', '重大', null, null, null, null, null],
      ])

      // The staff's text is nowhere in plain text in the database file or its WAL.
      f.db.pragma('wal_checkpoint(PASSIVE)')
      for (const file of ['hallq.db', 'hallq.db-wal']) {
        const bytes = (() => {
          try {
            return readFileSync(join(dir.dir, file))
          } catch {
            return Buffer.alloc(0)
          }
        })()
        for (const secret of ['王芳', 'CRM', '省公司运维', '手写登记的']) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false)
      }
    } finally {
      f.close()
      dir.remove()
    }
  })
})
