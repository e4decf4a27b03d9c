/**
 * Complaint cases over HTTP: taken at the counter or by a manager, moved through 受理 → 处理中 →
 * 待回访 → 已办结 (or 已撤销), reopened; every refusal named, translated and changing nothing;
 * the text only for the staff who handle the case.
 */
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

const LAN = '192.168.1.61'
const HOUR = 3_600_000
let f: Fixture
let app: FastifyInstance
let manager: string

beforeEach(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
  manager = await f.clerk('m1', 'manager')
})
afterEach(async () => {
  await app.close()
  f.close()
})

function http(method: 'GET' | 'POST', url: string, body?: unknown, opts: { terminal?: string; clerk?: string; language?: string; local?: boolean } = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: opts.local ? '127.0.0.1' : LAN,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: {
      ...(opts.local ? { host: 'localhost' } : {}),
      ...(opts.terminal ? { 'x-hallq-terminal-token': opts.terminal } : {}),
      ...(opts.clerk ? { authorization: `Bearer ${opts.clerk}` } : {}),
      ...(opts.language ? { 'accept-language': opts.language } : {}),
    },
  })
}

/** Sends a command from the hub PC's own screen (loopback) as `clerk`. */
const cmd = (name: string, body: unknown, clerk?: string, language?: string) => http('POST', `/api/v1/commands/${name}`, body, { clerk, language, local: true })

async function pair(role: 'counter' | 'manager' | 'kiosk' | 'display', counterId?: number): Promise<string> {
  const { code } = await f.run('createPairingCode', { name: role, role, ...(counterId ? { counterId } : {}) }, manager)
  const res = await http('POST', '/api/v1/pair', { code })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().token
}

const clerkIdOf = (staffCode: string) => Object.values(f.hall.state.clerks).find((c) => c.staffCode === staffCode)!.id
const complaintLog = () => f.store.logAfter(0, 10_000).filter((l) => l.command.endsWith('Complaint'))

/** A clerk at counter 5 finishes a service with a complaint about clerk c9; answers the case id. */
async function takenAtCounter(summary = '宽带装机拖了三天，客户要求赔偿'): Promise<{ caseId: number; clerk: string }> {
  await f.clerk('c9')
  const clerk = await f.clerk('c5')
  await f.run('openCounter', { counterId: 5 }, clerk)
  await f.run('issueTicket', { serviceId: 'COMPLAINT' })
  await f.run('callNext', { counterId: 5 }, clerk)
  await f.run('startService', { counterId: 5 }, clerk)
  const done = await cmd('finishService', { counterId: 5, complaint: { category: 'service', reason: '服务态度', summary, clerkId: clerkIdOf('c9') } }, clerk)
  expect(done.statusCode, done.body).toBe(200)
  return { caseId: done.json().record.complaint.caseId, clerk }
}

describe('a complaint taken at the counter', () => {
  it('opens a case, is handled, called back and closed by the manager, each step on record', async () => {
    const { caseId, clerk } = await takenAtCounter()
    const list = await http('GET', '/api/v1/complaints?status=received', undefined, { clerk: manager, local: true })
    expect(list.statusCode, list.body).toBe(200)
    const row = list.json().complaints[0]
    expect(row).toMatchObject({ id: caseId, status: 'received', channel: 'counter', category: 'service', reason: '服务态度', serviceId: 'COMPLAINT', takenBy: clerkIdOf('c5'), clerkId: clerkIdOf('c9'), ownerId: clerkIdOf('c5'), closedAt: null })
    // Default deadlines: 24 working hours to the first contact, 5 working days to closure, Monday
    // to Friday. Taken on a Saturday: the hours count from Monday's business day (04:00), and
    // the fifth working day is Friday, due when its business day ends.
    expect(new Date(row.takenAt).toISOString()).toBe('2026-11-28T01:00:00.000Z')
    expect(row.firstContactDueAt).toBe(Date.parse('2026-12-01T04:00:00+08:00'))
    expect(row.closeDueAt).toBe(Date.parse('2026-12-05T04:00:00+08:00'))
    expect(row.dueAt).toBe(row.firstContactDueAt)
    // The list carries facts only, never the text.
    expect(list.body).not.toContain('宽带装机')

    const m1 = clerkIdOf('m1')
    f.clock.minutes(30)
    const assigned = await cmd('updateComplaint', { id: caseId, ownerId: m1, department: '装维中心', status: 'handling', remark: '已电话联系客户，确认诉求：按时装机并减免月费' }, manager)
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(assigned.json().complaint).toMatchObject({ status: 'handling', ownerId: m1, department: '装维中心', firstContactAt: f.clock.now })
    f.clock.minutes(60)
    const agreed = await cmd('updateComplaint', { id: caseId, solution: '减免一个月宽带月费，明日上门装机', status: 'callback' }, manager)
    expect(agreed.json().complaint).toMatchObject({ status: 'callback', hasSolution: true })
    f.clock.minutes(60)
    const closed = await cmd('closeComplaint', { id: caseId, confirmation: 'partly', confirmationNote: '客户接受方案，希望以后提前告知' }, manager)
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json().complaint).toMatchObject({ status: 'closed', confirmation: 'partly', closedBy: m1, closedAt: f.clock.now })

    const detail = (await http('GET', `/api/v1/complaints/${caseId}`, undefined, { clerk: manager, local: true })).json()
    expect(detail).toMatchObject({
      summary: '宽带装机拖了三天，客户要求赔偿',
      solution: '减免一个月宽带月费，明日上门装机',
      confirmationNote: '客户接受方案，希望以后提前告知',
      purged: false,
    })
    expect(detail.steps.map((s: { action: string; by: number }) => [s.action, s.by])).toEqual([
      ['take', clerkIdOf('c5')],
      ['update', m1],
      ['update', m1],
      ['close', m1],
    ])
    expect(detail.steps[1].remark).toBe('已电话联系客户，确认诉求：按时装机并减免月费')
    expect(detail.steps[1].changes).toMatchObject({ ownerId: m1, department: '装维中心', status: 'handling' })
    // Who, when, what is also in the audit log — without the text.
    const log = complaintLog()
    expect(log.map((l) => [l.command, l.actor.clerkId])).toEqual([
      ['updateComplaint', m1],
      ['updateComplaint', m1],
      ['closeComplaint', m1],
    ])
    expect(JSON.stringify(f.store.logAfter(0, 10_000))).not.toMatch(/宽带装机|减免|提前告知|确认诉求/)

    // The clerk who took it sees it; a clerk with nothing to do with it does not.
    expect((await http('GET', `/api/v1/complaints/${caseId}`, undefined, { clerk, local: true })).statusCode).toBe(200)
    const other = await f.clerk('c2')
    const refused = await http('GET', `/api/v1/complaints/${caseId}`, undefined, { clerk: other, local: true, language: 'zh-CN' })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('COMPLAINT_NOT_YOURS')
  })

  it('counts a reopened case as reopened and lists a passed deadline as overdue', async () => {
    const { caseId } = await takenAtCounter()
    // Sunday is not a working day: a day later the first contact is not due yet.
    f.clock.advance(25 * HOUR)
    expect((await http('GET', '/api/v1/complaints', undefined, { clerk: manager, local: true })).json().complaints[0]).toMatchObject({ id: caseId, overdue: null })
    f.clock.now = Date.parse('2026-12-01T05:00:00+08:00')
    const overdue = (await http('GET', '/api/v1/complaints', undefined, { clerk: manager, local: true })).json().complaints[0]
    expect(overdue).toMatchObject({ id: caseId, overdue: 'firstContact' })
    await cmd('updateComplaint', { id: caseId, status: 'callback', solution: '道歉并赠送流量包' }, manager)
    await cmd('closeComplaint', { id: caseId, confirmation: 'dissatisfied' }, manager)
    // Closed in time (Tuesday): reopened a week later, it has five working days again from then.
    f.clock.now = Date.parse('2026-12-08T10:00:00+08:00')
    const reopened = await cmd('reopenComplaint', { id: caseId, remark: '客户回访不满意，重新处理' }, manager)
    expect(reopened.statusCode, reopened.body).toBe(200)
    expect(reopened.json().complaint).toMatchObject({ status: 'handling', reopened: 1, closedAt: null, confirmation: null, closeDueAt: Date.parse('2026-12-16T04:00:00+08:00') })
    expect(reopened.json().complaint.firstContactDueAt).toBe(Date.parse('2026-12-01T04:00:00+08:00'))
    f.clock.now = Date.parse('2026-12-15T20:00:00+08:00')
    expect((await http('GET', '/api/v1/complaints?status=handling', undefined, { clerk: manager, local: true })).json().complaints[0]).toMatchObject({ id: caseId, overdue: null, reopened: 1 })
    f.clock.now = Date.parse('2026-12-16T04:00:01+08:00')
    expect((await http('GET', '/api/v1/complaints?status=handling', undefined, { clerk: manager, local: true })).json().complaints[0]).toMatchObject({ id: caseId, overdue: 'closure', reopened: 1 })
    // Closed late now, and reopened again: the deadline stays where it was, the case stays late.
    await cmd('updateComplaint', { id: caseId, status: 'callback' }, manager)
    await cmd('closeComplaint', { id: caseId, confirmation: 'satisfied' }, manager)
    f.clock.now = Date.parse('2026-12-17T10:00:00+08:00')
    const again = await cmd('reopenComplaint', { id: caseId, remark: '客户再次来电' }, manager)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().complaint).toMatchObject({ reopened: 2, closeDueAt: Date.parse('2026-12-16T04:00:00+08:00') })
  })

  it('works the deadline out once, in the calendar of the day it is taken: a later calendar moves no deadline, and the log replays it', async () => {
    const calendar = { workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-11-30', '2026-12-01'], makeUpWorkdays: ['2026-11-29'] }
    const saved = await cmd('updateSettings', { patch: { hall: { calendar } } }, f.adminToken)
    expect(saved.statusCode, saved.body).toBe(200)
    // Taken on Saturday: Sunday is worked (调休), Monday and Tuesday are holidays.
    const first = (await cmd('takeComplaint', { channel: 'phone', category: 'service', summary: '营业厅排队太久' }, manager)).json().complaint
    expect(first.firstContactDueAt).toBe(Date.parse('2026-11-30T04:00:00+08:00'))
    // Sunday, Wednesday, Thursday, Friday, then Monday 7 December.
    expect(first.closeDueAt).toBe(Date.parse('2026-12-08T04:00:00+08:00'))
    // The administrator drops the holidays: the case taken keeps its deadlines, a new one gets the new calendar.
    await cmd('updateSettings', { patch: { hall: { calendar: { holidays: [], makeUpWorkdays: [] } } } }, f.adminToken)
    const second = (await cmd('takeComplaint', { channel: 'phone', category: 'service', summary: '营业厅排队太久' }, manager)).json().complaint
    expect(second.closeDueAt).toBe(Date.parse('2026-12-05T04:00:00+08:00'))
    const rows = (await http('GET', '/api/v1/complaints', undefined, { clerk: manager, local: true })).json().complaints
    expect(rows.find((r: { id: number }) => r.id === first.id)).toMatchObject({ firstContactDueAt: first.firstContactDueAt, closeDueAt: first.closeDueAt })
    // The deadline is in the event, so the log replays it without the calendar.
    const taken = complaintLog().find((l) => l.command === 'takeComplaint')!.events[0]
    expect(taken).toMatchObject({ type: 'complaintTaken', complaint: { id: first.id, closeDueAt: first.closeDueAt, firstContactDueAt: first.firstContactDueAt } })
    // Reclassified under the calendar as it is now: the closure deadline is the new category's, from the day it was taken.
    await cmd('updateSettings', { patch: { complaints: { deadlines: { product: { closeDays: 2 } } } } }, f.adminToken)
    const moved = (await cmd('updateComplaint', { id: first.id, category: 'product' }, manager)).json().complaint
    expect(moved.closeDueAt).toBe(Date.parse('2026-12-02T04:00:00+08:00'))
  })

  it('refuses a calendar that is not one, in the admin language, and keeps the one in force', async () => {
    const before = f.hall.state.settings.hall.calendar
    for (const [calendar, path] of [
      [{ workingWeekdays: [] }, 'patch.hall.calendar.workingWeekdays'],
      [{ holidays: ['2026-13-01'] }, 'patch.hall.calendar.holidays.0'],
      [{ holidays: ['2026-10-01'], makeUpWorkdays: ['2026-10-01'] }, 'patch.hall.calendar.makeUpWorkdays'],
    ] as const) {
      const res = await cmd('updateSettings', { patch: { hall: { calendar } } }, f.adminToken, 'zh-CN')
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
      expect(res.json().error.details.map((d: { path: string[] }) => d.path.join('.'))).toContain(path)
    }
    expect(f.hall.state.settings.hall.calendar).toEqual(before)
  })

  it('takes the deadlines of its category from settings', async () => {
    await f.run('updateSettings', { patch: { complaints: { deadlines: { product: { firstContactHours: 4, closeDays: 2 } } } } }, f.adminToken)
    const taken = await cmd('takeComplaint', { channel: 'phone', category: 'product', reason: '资费争议', summary: '套餐扣费与宣传不符' }, manager)
    expect(taken.statusCode, taken.body).toBe(200)
    const c = taken.json().complaint
    // Taken on Saturday: 4 working hours from Monday 04:00; the second working day is Tuesday.
    expect([c.firstContactDueAt, c.closeDueAt]).toEqual([Date.parse('2026-11-30T08:00:00+08:00'), Date.parse('2026-12-02T04:00:00+08:00')])
    f.clock.now = Date.parse('2026-11-30T07:30:00+08:00')
    expect((await http('GET', '/api/v1/complaints', undefined, { clerk: manager, local: true })).json().complaints[0]).toMatchObject({ dueSoon: 'firstContact', overdue: null })
  })
})

describe('the retention period', () => {
  it('deletes the text of cases closed or cancelled before it; the facts stay, open cases keep theirs', async () => {
    const { caseId } = await takenAtCounter('旧投诉内容')
    await cmd('cancelComplaint', { id: caseId, remark: '客户撤回' }, manager)
    const open = (await cmd('takeComplaint', { channel: 'phone', category: 'product', summary: '仍在处理的投诉' }, manager)).json().complaint
    f.clock.advance(31 * 24 * HOUR)
    expect(f.hall.purgeExpiredContacts()).toBe(0)
    const m = { role: 'manager' as const, clerkId: clerkIdOf('m1'), terminal: 't' }
    expect(f.hall.complaintDetail(caseId, m)).toMatchObject({ purged: true, summary: '', complaint: { status: 'cancelled' } })
    expect(f.hall.complaintDetail(caseId, m).steps.map((s) => s.remark)).toEqual(['', ''])
    expect(f.hall.complaintDetail(open.id, m)).toMatchObject({ purged: false, summary: '仍在处理的投诉' })
    expect(f.store.logAfter(0, 10_000).at(-1)).toMatchObject({ command: 'purgeContacts' })
  })
})

describe('refusals: named, translated, and nothing changes', () => {
  async function refusedWith(res: Awaited<ReturnType<typeof cmd>>, code: string, status: number) {
    expect(res.statusCode, res.body).toBe(status)
    expect(res.json().error.code).toBe(code)
  }

  it('closing by the clerk the complaint is about', async () => {
    const subject = await f.clerk('m2', 'manager')
    const taken = (await cmd('takeComplaint', { channel: 'onsite', category: 'service', summary: '经理态度差', clerkId: clerkIdOf('m2') }, manager)).json().complaint
    await cmd('updateComplaint', { id: taken.id, status: 'callback', solution: '当面致歉' }, manager)
    const before = complaintLog().length
    const zh = await cmd('closeComplaint', { id: taken.id, confirmation: 'satisfied' }, subject, 'zh-CN')
    await refusedWith(zh, 'COMPLAINT_CLOSED_BY_SUBJECT', 403)
    expect(zh.json().error.message).toMatch(/被投诉/)
    const en = await cmd('closeComplaint', { id: taken.id, confirmation: 'satisfied' }, subject, 'en-US')
    expect(en.json().error.message).toMatch(/someone else/)
    expect(complaintLog()).toHaveLength(before)
    expect(f.hall.listComplaints({ status: null, day: null })[0]).toMatchObject({ status: 'callback', closedAt: null })
  })

  it('each wrong step on a case', async () => {
    const c = (await cmd('takeComplaint', { channel: 'letter', category: 'department', summary: '装维人员未按约定上门' }, manager)).json().complaint
    const before = complaintLog().length
    await refusedWith(await cmd('updateComplaint', { id: 999, status: 'handling' }, manager), 'UNKNOWN_COMPLAINT', 404)
    await refusedWith(await cmd('closeComplaint', { id: c.id, confirmation: 'satisfied' }, manager), 'COMPLAINT_NOT_AT_CALLBACK', 409)
    await refusedWith(await cmd('updateComplaint', { id: c.id, status: 'callback' }, manager), 'COMPLAINT_SOLUTION_MISSING', 409)
    await refusedWith(await cmd('reopenComplaint', { id: c.id, remark: '再查' }, manager), 'COMPLAINT_NOT_CLOSED', 409)
    await refusedWith(await cmd('updateComplaint', { id: c.id, reason: '服务态度' }, manager), 'COMPLAINT_REASON_UNKNOWN', 400)
    await refusedWith(await cmd('updateComplaint', { id: c.id, department: '不存在的部门' }, manager), 'COMPLAINT_DEPARTMENT_UNKNOWN', 400)
    await refusedWith(await cmd('updateComplaint', { id: c.id, ownerId: 999 }, manager), 'UNKNOWN_CLERK', 404)
    await refusedWith(await cmd('updateComplaint', { id: c.id }, manager), 'VALIDATION_FAILED', 400)
    await refusedWith(await cmd('cancelComplaint', { id: c.id }, manager), 'VALIDATION_FAILED', 400)
    // A clerk neither owning nor having taken it may not touch it; a clerk takes only at the counter.
    const clerk = await f.clerk('c3')
    await refusedWith(await cmd('updateComplaint', { id: c.id, status: 'handling' }, clerk), 'COMPLAINT_NOT_YOURS', 403)
    await refusedWith(await cmd('reopenComplaint', { id: c.id, remark: 'x' }, clerk), 'FORBIDDEN', 403)
    await refusedWith(await cmd('takeComplaint', { channel: 'phone', category: 'service', summary: '电话投诉' }, clerk), 'FORBIDDEN', 403)
    await refusedWith(await cmd('takeComplaint', { channel: 'counter', category: 'service', summary: 'x', recordId: 77 }, clerk), 'UNKNOWN_RECORD', 404)
    await refusedWith(await cmd('takeComplaint', { channel: 'counter', category: 'service', summary: 'x' }), 'UNAUTHENTICATED', 401)
    expect(complaintLog()).toHaveLength(before)

    const cancelled = await cmd('cancelComplaint', { id: c.id, remark: '客户撤回投诉' }, manager)
    expect(cancelled.json().complaint).toMatchObject({ status: 'cancelled' })
    await refusedWith(await cmd('updateComplaint', { id: c.id, remark: '补充' }, manager), 'COMPLAINT_NOT_OPEN', 409)
    await refusedWith(await cmd('cancelComplaint', { id: c.id, remark: '再撤' }, manager), 'COMPLAINT_NOT_OPEN', 409)
    expect(f.hall.complaintDetail(c.id, { role: 'manager', clerkId: clerkIdOf('m1'), terminal: 't' }).steps.map((s) => s.action)).toEqual(['take', 'cancel'])
  })

  it('the list is for a manager or above, with a checked status and day', async () => {
    const clerk = await f.clerk('c4')
    await refusedWith(await http('GET', '/api/v1/complaints', undefined, { clerk, local: true }), 'FORBIDDEN', 403)
    await refusedWith(await http('GET', '/api/v1/complaints', undefined, { local: true }), 'UNAUTHENTICATED', 401)
    await refusedWith(await http('GET', '/api/v1/complaints?status=open', undefined, { clerk: manager, local: true }), 'VALIDATION_FAILED', 400)
    await refusedWith(await http('GET', '/api/v1/complaints?day=2026-02-30', undefined, { clerk: manager, local: true }), 'VALIDATION_FAILED', 400)
    // A display or kiosk is refused whoever logs in at it.
    await refusedWith(await http('GET', '/api/v1/complaints', undefined, { clerk: manager, terminal: await pair('display') }), 'TERMINAL_NOT_ALLOWED', 403)
    await refusedWith(await http('GET', '/api/v1/complaints?channel=fax', undefined, { clerk: manager, local: true }), 'VALIDATION_FAILED', 400)
    await refusedWith(await http('GET', '/api/v1/complaints?category=price', undefined, { clerk: manager, local: true }), 'VALIDATION_FAILED', 400)
    const day = await http('GET', `/api/v1/complaints?day=${f.hall.state.businessDay}`, undefined, { clerk: manager, local: true })
    expect(day.json().complaints).toEqual([])
  })

  it('filters the list by channel and category', async () => {
    const phone = (await cmd('takeComplaint', { channel: 'phone', category: 'product', summary: '电话投诉资费' }, manager)).json().complaint
    const letter = (await cmd('takeComplaint', { channel: 'letter', category: 'service', summary: '来信投诉态度' }, manager)).json().complaint
    const online = (await cmd('takeComplaint', { channel: 'online', category: 'product', summary: '网上投诉网络' }, manager)).json().complaint
    const ids = async (q: string) => (await http('GET', `/api/v1/complaints${q}`, undefined, { clerk: manager, local: true })).json().complaints.map((c: { id: number }) => c.id).sort()
    expect(await ids('?channel=phone')).toEqual([phone.id])
    expect(await ids('?category=product')).toEqual([phone.id, online.id].sort())
    expect(await ids('?category=product&channel=online')).toEqual([online.id])
    expect(await ids(`?category=service&day=${f.hall.state.businessDay}&status=received`)).toEqual([letter.id])
  })
})

describe('what other terminals receive', () => {
  it('a display and a kiosk get no complaint event, a manager does; no terminal gets the text', async () => {
    await takenAtCounter('客户身份证号码被泄露给他人')
    const display = await pair('display')
    const kiosk = await pair('kiosk')
    const managerPc = await pair('manager')
    for (const terminal of [display, kiosk]) {
      const res = await http('GET', '/api/v1/events?after=0', undefined, { terminal })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.body).not.toContain('complaintTaken')
      expect(res.body).not.toContain('身份证')
    }
    const seen = await http('GET', '/api/v1/events?after=0', undefined, { terminal: managerPc, clerk: manager })
    expect(seen.body).toContain('complaintTaken')
    expect(seen.body).not.toContain('身份证')
    const snapshot = await http('GET', '/api/v1/snapshot', undefined, { terminal: display })
    expect(snapshot.body).not.toContain('身份证')
  })
})
