/**
 * `npm run hub` on an empty data folder, and a morning at the hall scripted over HTTP:
 * the records it leaves are exactly the ones the script implies.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/hall-fixture'
import { startHub, type HubProcess } from '../support/hub-process'

const PIN = '135790'
let hub: HubProcess
let data: { dir: string; remove(): void }

beforeAll(async () => {
  data = tempDir('hallq-e2e-day-')
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN, viaNpm: true })
})
afterAll(async () => {
  await hub?.stop()
  data?.remove()
})

describe('npm run hub on an empty data folder', () => {
  it('creates the database and answers health', async () => {
    expect(existsSync(join(data.dir, 'hall', 'hallq.db'))).toBe(true)
    const health = await hub.get('/api/v1/health')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ ok: true, name: 'hallq' })
  })

  it('runs a scripted morning and leaves exactly the expected records', async () => {
    const ok = async (name: string, body: unknown, token?: string) => {
      const res = await hub.command(name, body, token)
      expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(200)
      return res.body
    }
    const admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token as string
    await ok('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '1111' }, admin)
    await ok('saveClerk', { staffCode: '1002', name: '李强', role: 'clerk', active: true, pin: '2222' }, admin)
    const wang = (await ok('login', { staffCode: '1001', pin: '1111' })).token as string
    const li = (await ok('login', { staffCode: '1002', pin: '2222' })).token as string
    await ok('openCounter', { counterId: 1 }, wang)
    await ok('openCounter', { counterId: 5 }, li)

    // The kiosk issues four tickets.
    expect((await ok('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A001')
    expect((await ok('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    expect((await ok('issueTicket', { serviceId: 'PAYMENT', priority: 'care' })).ticket.number).toBe('D001')
    expect((await ok('issueTicket', { serviceId: 'CONSULT' })).ticket.number).toBe('E001')

    // Counter 1: the care-lane customer first, served and rated.
    expect((await ok('callNext', { counterId: 1 }, wang)).ticket.number).toBe('D001')
    await ok('recall', { counterId: 1 }, wang)
    await ok('startService', { counterId: 1 }, wang)
    const d001 = await ok('finishService', { counterId: 1, items: ['缴费'] }, wang)
    await ok('rateService', { recordId: d001.record.id, score: 4 })

    // A001 does not come: no-show, then comes back and is re-queued.
    expect((await ok('callNext', { counterId: 1 }, wang)).ticket.number).toBe('A001')
    await ok('noShow', { counterId: 1 }, wang)
    await ok('reactivate', { number: 'A001' }, wang)

    // A002 is served at counter 1, then transferred to complaints at counter 5.
    expect((await ok('callNext', { counterId: 1 }, wang)).ticket.number).toBe('A002')
    await ok('startService', { counterId: 1 }, wang)
    await ok('transfer', { counterId: 1, toCounterId: 5, toServiceId: 'COMPLAINT', items: ['改套餐'], note: '对账单有异议' }, wang)
    expect((await ok('callNext', { counterId: 5 }, li)).ticket.number).toBe('A002')
    await ok('startService', { counterId: 5 }, li)
    const a002 = await ok('finishService', { counterId: 5, items: ['投诉受理'], complaint: { category: 'product', summary: '套餐扣费有误', followUp: 'open' } }, li)
    await ok('rateService', { recordId: a002.record.id, score: 3 })

    // A001 again, served; then counter 1 pauses for a meal.
    expect((await ok('callNext', { counterId: 1 }, wang)).ticket.number).toBe('A001')
    await ok('startService', { counterId: 1 }, wang)
    await ok('finishService', { counterId: 1, outcome: 'pending', items: ['携号转网'] }, wang)
    await ok('pauseCounter', { counterId: 1, reason: 'meal' }, wang)
    const refused = await hub.command('callNext', { counterId: 1 }, wang)
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'COUNTER_PAUSED' } } })

    const day = (await hub.get('/api/v1/health')).body.businessDay as string
    const { body } = await hub.get(`/api/v1/days/${day}/records`, admin)
    const byId = new Map<number, string>(body.tickets.map((t: { id: number; number: string }) => [t.id, t.number]))
    expect(body.tickets.map((t: any) => [t.number, t.status, t.serviceId])).toEqual([
      ['A001', 'done', 'MOBILE'],
      ['A002', 'done', 'COMPLAINT'],
      ['D001', 'done', 'PAYMENT'],
      ['E001', 'waiting', 'CONSULT'],
    ])
    expect(body.records.map((r: any) => [byId.get(r.ticketId), r.counterId, r.serviceId, r.outcome, r.items, r.rating, r.callCount])).toEqual([
      ['D001', 1, 'PAYMENT', 'completed', ['缴费'], 4, 2],
      ['A001', 1, 'MOBILE', 'no_show', [], null, 1],
      ['A002', 1, 'MOBILE', 'transferred', ['改套餐'], null, 1],
      ['A002', 5, 'COMPLAINT', 'completed', ['投诉受理'], 3, 1],
      ['A001', 1, 'MOBILE', 'pending', ['携号转网'], null, 1],
    ])
    expect(body.records[2].note).toBe('对账单有异议')
    // The complaint became a case: the record points at it, the case holds the customer's words.
    const complaint = body.records[3].complaint
    expect(complaint).toEqual({ caseId: expect.any(Number), category: 'product', summary: '', followUp: 'open', contact: null })
    const opened = (await hub.get(`/api/v1/complaints/${complaint.caseId}`, admin)).body
    expect(JSON.stringify(opened)).toContain('套餐扣费有误')
    expect(body.periods.map((p: any) => [p.counterId, p.kind, p.reason, p.endedAt === null])).toEqual([
      [1, 'open', null, true],
      [5, 'open', null, true],
      [1, 'pause', 'meal', true],
    ])
    const snapshot = (await hub.get('/api/v1/snapshot')).body
    expect(snapshot.state.counters['1']).toMatchObject({ status: 'paused', pauseReason: 'meal', currentTicketId: null })

    // The manager's report of the morning, from the hub's own report routes.
    const summary = (await hub.get(`/api/v1/reports/summary?day=${day}`, admin)).body
    expect(summary.hall.tickets).toEqual({ issued: 4, served: 3, noShow: 1, transferred: 1, cancelled: 0, expired: 0, open: 1 })
    expect(summary.clerks.map((c: any) => [c.staffCode, c.served, c.noShow, c.transferred, c.complaints.taken, c.satisfaction.responses])).toEqual([
      ['1001', 2, 1, 1, 0, 1],
      // 1002 took the complaint; it is about nobody in particular, so it counts for no clerk.
      ['1002', 1, 0, 0, 0, 1],
    ])
    expect((await hub.get(`/api/v1/reports/days/${day}/verify`, admin)).body).toMatchObject({ equal: true })
  })

  it('shuts down cleanly on SIGTERM and leaves a sound database', async () => {
    await hub.stop('SIGTERM')
    expect(hub.output()).toContain('hall closed')
    const db = new Database(join(data.dir, 'hall', 'hallq.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.prepare('SELECT COUNT(*) FROM service_records').pluck().get()).toBe(5)
    db.close()
  })
})
