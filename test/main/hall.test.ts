import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError, type ErrorCode } from '../../src/shared/errors'
import { ADMIN_PIN, MINUTE, clerkAtCounter, openHall, type Fixture } from '../support/hall-fixture'
import { dayLists } from '../../src/shared/hall-state'
import { estimateWait } from '../../src/shared/wait-estimate'

let f: Fixture
beforeEach(async () => {
  f = await openHall()
})
afterEach(() => f.close())

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code)
}

/** Everything a refused command could have touched. */
function fingerprint(fx: Fixture) {
  const count = (table: string) => (fx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  return {
    state: JSON.stringify(fx.hall.state),
    rows: ['tickets', 'service_records', 'event_log', 'activity_periods', 'clerks', 'services', 'counters'].map(count),
  }
}

describe('first start', () => {
  it('seeds the telecom catalogue, five counters and one administrator', () => {
    const s = f.hall.state
    expect(Object.keys(s.services)).toEqual(expect.arrayContaining(['MOBILE', 'BROADBAND', 'FIXED', 'PAYMENT', 'CONSULT', 'COMPLAINT', 'ENTERPRISE', 'VAS']))
    expect(new Set(Object.values(s.services).map((x) => x.prefix)).size).toBe(Object.keys(s.services).length)
    expect(Object.keys(s.counters)).toHaveLength(5)
    expect(Object.values(s.clerks)).toEqual([{ id: 1, staffCode: 'admin', name: '管理员', role: 'admin', active: true }])
    expect(s.businessDay).toBe('2026-11-28')
  })

  it('never stores a PIN in clear, and the log never shows it', async () => {
    await f.clerk('c1')
    const hashes = f.db.prepare('SELECT pin_hash FROM clerks').pluck().all() as string[]
    for (const h of hashes) expect(h).toMatch(/^scrypt\$/)
    const log = f.db.prepare('SELECT payload FROM event_log').pluck().all().join('\n')
    expect(log).not.toContain(ADMIN_PIN)
    expect(log).not.toContain('"1234"')
  })
})

describe('a customer through the hall', () => {
  it('issue → call → recall → start → finish → rate, with the records to show for it', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    const issued = await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(issued.ticket).toMatchObject({ number: 'A001', status: 'waiting', estimate: { ahead: 0, minutes: 0 } })
    // One MOBILE customer ahead: the default 8 minutes, a minute to walk up, the clerk's notes.
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.estimate).toEqual({ ahead: 1, minutes: 9 })

    f.clock.minutes(4)
    const called = await f.run('callNext', { counterId: 1 }, t1)
    expect(called.ticket).toMatchObject({ number: 'A001', status: 'called', counterId: 1, callCount: 1 })
    expect(called.record).toMatchObject({ counterId: 1, clerkId: 2, calledAt: f.clock.now, queuedAt: issued.ticket.issuedAt })
    expect(called.counter.currentTicketId).toBe(called.ticket.id)

    f.clock.minutes(1)
    expect((await f.run('recall', { counterId: 1 }, t1)).record.callCount).toBe(2)
    f.clock.minutes(1)
    expect((await f.run('startService', { counterId: 1 }, t1)).ticket.status).toBe('serving')
    f.clock.minutes(7)
    const done = await f.run('finishService', { counterId: 1, items: ['改套餐', '补换卡'], note: '换成 5G 套餐' }, t1)
    expect(done.ticket).toMatchObject({ status: 'done', endedAt: f.clock.now, recordId: null })
    expect(done.record).toMatchObject({ outcome: 'completed', items: ['改套餐', '补换卡'], note: '换成 5G 套餐' })
    expect(done.counter.currentTicketId).toBeNull()
    const rated = await f.run('rateService', { recordId: done.record.id, score: 4 })
    expect(rated.record.rating).toBe(4)
    await refused(f.run('rateService', { recordId: done.record.id, score: 1 }), 'ALREADY_RATED')

    const day = f.hall.dayRecords('2026-11-28')
    expect(day.records).toHaveLength(1)
    expect(day.records[0]).toMatchObject({ outcome: 'completed', rating: 4, startedAt: done.record.startedAt, endedAt: f.clock.now })
  })

  it('no-show, reactivation three places back, and the no-show record stays', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    for (let i = 0; i < 5; i++) {
      await f.run('issueTicket', { serviceId: 'MOBILE' })
      f.clock.minutes(1)
    }
    await f.run('callNext', { counterId: 1 }, t1)
    await refused(f.run('finishService', { counterId: 1 }, t1), 'TICKET_NOT_SERVING')
    await f.run('recall', { counterId: 1 }, t1)
    await f.run('recall', { counterId: 1 }, t1)
    await f.run('recall', { counterId: 1 }, t1)
    await refused(f.run('recall', { counterId: 1 }, t1), 'RECALL_LIMIT')
    const ns = await f.run('noShow', { counterId: 1 }, t1)
    expect(ns.ticket.status).toBe('no_show')
    expect(ns.record).toMatchObject({ outcome: 'no_show', callCount: 4 })
    await refused(f.run('reactivate', { number: 'A002' }, t1), 'TICKET_NOT_NO_SHOW')
    const back = await f.run('reactivate', { number: 'a001' }, t1)
    expect(back.ticket.status).toBe('waiting')
    const order: string[] = []
    for (let i = 0; i < 5; i++) {
      order.push((await f.run('callNext', { counterId: 1 }, t1)).ticket.number)
      await f.run('startService', { counterId: 1 }, t1)
      await f.run('finishService', { counterId: 1 }, t1)
    }
    expect(order).toEqual(['A002', 'A003', 'A004', 'A001', 'A005'])
    const a001 = f.hall.dayRecords('2026-11-28').records.filter((r) => r.ticketId === ns.ticket.id)
    expect(a001.map((r) => r.outcome)).toEqual(['no_show', 'completed'])
  })

  it('transfer keeps the ticket (一票到底) and opens a new record at the next counter', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    const t5 = await clerkAtCounter(f, 'c5', 5)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, t1)
    await f.run('startService', { counterId: 1 }, t1)
    await refused(f.run('transfer', { counterId: 1, toServiceId: 'MOBILE' }, t1), 'TRANSFER_TARGET_INVALID')
    await refused(f.run('transfer', { counterId: 1, toCounterId: 1 }, t1), 'TRANSFER_TARGET_INVALID')
    await refused(f.run('transfer', { counterId: 1, toCounterId: 5, toServiceId: 'MOBILE' }, t1), 'TRANSFER_TARGET_INVALID')
    const tr = await f.run('transfer', { counterId: 1, toServiceId: 'COMPLAINT', items: ['资费咨询'] }, t1)
    expect(tr.ticket).toMatchObject({ number: 'A001', status: 'waiting', serviceId: 'COMPLAINT', issuedServiceId: 'MOBILE' })
    expect(tr.record).toMatchObject({ outcome: 'transferred', transferTo: { serviceId: 'COMPLAINT', counterId: null } })
    await refused(f.run('callNext', { counterId: 1 }, t1), 'QUEUE_EMPTY')
    const at5 = await f.run('callNext', { counterId: 5 }, t5)
    expect(at5.ticket.number).toBe('A001')
    expect(at5.record.serviceId).toBe('COMPLAINT')
    await f.run('startService', { counterId: 5 }, t5)
    await f.run('finishService', { counterId: 5, complaint: { category: 'service', summary: '宽带安装延误', followUp: 'open' } }, t5)
    const records = f.hall.dayRecords('2026-11-28').records
    expect(records.map((r) => [r.counterId, r.outcome])).toEqual([
      [1, 'transferred'],
      [5, 'completed'],
    ])
    // The complaint opened case 1; its text went with the case, sealed, not into the record.
    expect(records[1]!.complaint).toEqual({ category: 'service', summary: '', followUp: 'open', contact: null, caseId: 1 })
    expect(f.hall.listComplaints({ status: null, day: null })).toMatchObject([{ id: 1, channel: 'counter', status: 'received', recordId: records[1]!.id, serviceId: 'COMPLAINT' }])
  })

  it('pause with a reason and resume; a paused counter does not call', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('pauseCounter', { counterId: 1, reason: 'meal' }, t1)
    await refused(f.run('callNext', { counterId: 1 }, t1), 'COUNTER_PAUSED')
    await refused(f.run('pauseCounter', { counterId: 1, reason: 'meal' }, t1), 'COUNTER_PAUSED')
    f.clock.minutes(30)
    await f.run('resumeCounter', { counterId: 1 }, t1)
    await refused(f.run('resumeCounter', { counterId: 1 }, t1), 'COUNTER_NOT_PAUSED')
    const periods = f.hall.dayRecords('2026-11-28').periods
    expect(periods.map((p) => [p.kind, p.reason, p.endedAt === null ? null : (p.endedAt - p.startedAt) / MINUTE])).toEqual([
      ['open', null, null],
      ['pause', 'meal', 30],
    ])
    expect((await f.run('callNext', { counterId: 1 }, t1)).ticket.number).toBe('A001')
  })

  it('cancel a waiting ticket; a closed ticket cannot be cancelled again', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'PAYMENT' })
    expect((await f.run('cancelTicket', { number: 'D001' }, t1)).ticket.status).toBe('cancelled')
    await refused(f.run('cancelTicket', { number: 'D001' }, t1), 'TICKET_CLOSED')
    await refused(f.run('callNext', { counterId: 1 }, t1), 'QUEUE_EMPTY')
  })

  it('numbers per service per day, caps and issuing hours', async () => {
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A001')
    expect((await f.run('issueTicket', { serviceId: 'BROADBAND' })).ticket.number).toBe('B001')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    const s = f.hall.state.services.BROADBAND!
    await f.run('saveService', { service: { ...s, dailyCap: 1 } }, f.adminToken)
    await refused(f.run('issueTicket', { serviceId: 'BROADBAND' }), 'DAILY_CAP_REACHED')
    await f.run('saveService', { service: { ...s, dailyCap: null, hours: [{ from: '13:00', to: '17:00' }] } }, f.adminToken)
    await refused(f.run('issueTicket', { serviceId: 'BROADBAND' }), 'OUTSIDE_ISSUING_HOURS')
    await f.run('saveService', { service: { ...s, active: false } }, f.adminToken)
    await refused(f.run('issueTicket', { serviceId: 'BROADBAND' }), 'SERVICE_INACTIVE')
    await refused(f.run('issueTicket', { serviceId: 'NOPE' }), 'UNKNOWN_SERVICE')
  })

  it('closing the day expires what is open and numbering starts again', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    const manager = await f.clerk('m1', 'manager')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, t1)
    await refused(f.run('closeDay', {}, t1), 'FORBIDDEN')
    f.clock.minutes(9 * 60)
    const closed = await f.run('closeDay', {}, manager)
    expect(closed).toEqual({ businessDay: '2026-11-28', nextBusinessDay: '2026-11-29', expired: 2 })
    expect(f.hall.state.businessDay).toBe('2026-11-29')
    expect(f.hall.state.counters[1]!.status).toBe('closed')
    const old = f.hall.dayRecords('2026-11-28')
    expect(old.tickets.map((t) => t.status)).toEqual(['expired', 'expired'])
    expect(old.records.map((r) => r.outcome)).toEqual(['expired'])
    expect(old.periods.every((p) => p.endedAt !== null)).toBe(true)
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ number: 'A001', businessDay: '2026-11-29' })
  })

  it('rolls the day over by itself at the rollover hour', async () => {
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.clock.now = Date.parse('2026-11-29T04:00:00+08:00')
    const t = await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(t.ticket).toMatchObject({ number: 'A001', businessDay: '2026-11-29' })
    const log = f.hall.logOfDay('2026-11-28').map((l) => [l.command, l.actor.role])
    expect(log.at(-1)).toEqual(['closeDay', 'system'])
  })
})

describe('who may do what', () => {
  it('a kiosk (no login) may only issue tickets', async () => {
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await refused(f.run('callNext', { counterId: 1 }), 'UNAUTHENTICATED')
    await refused(f.run('saveCounter', { counter: { id: 9, name: '9', services: [{ serviceId: 'MOBILE', boostMin: 0 }], displayAddress: null, active: true } }), 'UNAUTHENTICATED')
  })

  it('a clerk acts only at the counter they opened', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    const t2 = await clerkAtCounter(f, 'c2', 2)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await refused(f.run('callNext', { counterId: 2 }, t1), 'NOT_YOUR_COUNTER')
    await refused(f.run('openCounter', { counterId: 2 }, t1), 'COUNTER_TAKEN')
    await refused(f.run('openCounter', { counterId: 3 }, t1), 'CLERK_AT_OTHER_COUNTER')
    await refused(f.run('callNext', { counterId: 3 }, t1), 'COUNTER_CLOSED')
    await f.run('callNext', { counterId: 2 }, t2)
    await refused(f.run('closeCounter', { counterId: 2 }, t2), 'COUNTER_BUSY')
    await refused(f.run('logout', {}, t2), 'COUNTER_BUSY')
  })

  it('only an admin configures, only a manager closes the day', async () => {
    const clerk = await f.clerk('c1')
    const manager = await f.clerk('m1', 'manager')
    await refused(f.run('updateSettings', { patch: { hall: { name: 'X' } } }, manager), 'FORBIDDEN')
    await refused(f.run('setNotice', { notice: '今日宽带业务暂停' }, clerk), 'FORBIDDEN')
    expect((await f.run('setNotice', { notice: '今日宽带业务暂停' }, manager)).settings.display.notice).toBe('今日宽带业务暂停')
    expect((await f.run('updateSettings', { patch: { hall: { name: '营业厅二号' } } }, f.adminToken)).settings.hall.name).toBe('营业厅二号')
  })

  it('wrong PINs, disabled clerks and logged-out tokens get nowhere', async () => {
    await refused(f.run('login', { staffCode: 'admin', pin: '999999' }), 'WRONG_PIN')
    await refused(f.run('login', { staffCode: 'ghost', pin: '999999' }), 'WRONG_PIN')
    const token = await f.clerk('c1')
    const id = Object.values(f.hall.state.clerks).find((c) => c.staffCode === 'c1')!.id
    await f.run('saveClerk', { id, staffCode: 'c1', name: 'c1', role: 'clerk', active: false }, f.adminToken)
    await refused(f.run('openCounter', { counterId: 1 }, token), 'UNAUTHENTICATED')
    await refused(f.run('login', { staffCode: 'c1', pin: '1234' }), 'CLERK_DISABLED')
    await f.run('logout', {}, f.adminToken)
    await refused(f.run('setNotice', { notice: 'x' }, f.adminToken), 'UNAUTHENTICATED')
  })

  it('the last administrator cannot be disabled or demoted', async () => {
    await refused(f.run('saveClerk', { id: 1, staffCode: 'admin', name: 'a', role: 'manager', active: true }, f.adminToken), 'LAST_ADMIN')
    await refused(f.run('saveClerk', { id: 1, staffCode: 'admin', name: 'a', role: 'admin', active: false }, f.adminToken), 'LAST_ADMIN')
    await refused(f.run('saveClerk', { staffCode: 'ADMIN', name: 'b', role: 'clerk', active: true, pin: '1111' }, f.adminToken), 'DUPLICATE_STAFF_CODE')
  })
})

describe('bad input changes nothing', () => {
  const cases: [string, unknown, ErrorCode][] = [
    ['issueTicket', { serviceId: 'mobile' }, 'VALIDATION_FAILED'],
    ['issueTicket', { serviceId: 'MOBILE', priority: 'king' }, 'VALIDATION_FAILED'],
    ['issueTicket', { serviceId: 'MOBILE', extra: 1 }, 'VALIDATION_FAILED'],
    ['issueTicket', null, 'VALIDATION_FAILED'],
    ['issueTicket', 'MOBILE', 'VALIDATION_FAILED'],
    ['callNext', { counterId: 'one' }, 'VALIDATION_FAILED'],
    ['callNext', { counterId: 1.5 }, 'VALIDATION_FAILED'],
    ['callNext', { counterId: 99 }, 'UNKNOWN_COUNTER'],
    ['callTicket', { counterId: 1, number: 'A-1' }, 'VALIDATION_FAILED'],
    ['callTicket', { counterId: 1, number: 'A001' }, 'COUNTER_BUSY'],
    ['cancelTicket', { number: 'Z999' }, 'UNKNOWN_TICKET'],
    ['finishService', { counterId: 1, items: ['烤鸭'] }, 'TICKET_NOT_SERVING'],
    ['rateService', { recordId: 1, score: 5 }, 'VALIDATION_FAILED'],
    ['rateService', { recordId: 77, score: 4 }, 'UNKNOWN_RECORD'],
    ['transfer', { counterId: 1 }, 'VALIDATION_FAILED'],
    ['pauseCounter', { counterId: 1, reason: 'nap' }, 'VALIDATION_FAILED'],
    ['dropTables', {}, 'UNKNOWN_COMMAND'],
    ['__proto__', {}, 'UNKNOWN_COMMAND'],
    ['updateSettings', { patch: { hall: { timeZone: 'Mars/Olympus' } } }, 'VALIDATION_FAILED'],
    ['updateSettings', { patch: { queue: { priorityRunLimit: 0 } } }, 'VALIDATION_FAILED'],
    ['updateSettings', { patch: { hall: { nope: 1 } } }, 'VALIDATION_FAILED'],
    ['updateSettings', { patch: JSON.parse('{"__proto__":{"polluted":true}}') }, 'VALIDATION_FAILED'],
    ['saveService', { service: { id: 'X' } }, 'VALIDATION_FAILED'],
    ['saveService', { service: { id: 'NEW', prefix: 'A', nameZh: '新', nameEn: 'New', targetWaitMin: 10, defaultHandleMin: 5, dailyCap: null, hours: [], message: '', items: [], active: true, sortOrder: 9 } }, 'DUPLICATE_PREFIX'],
    ['saveService', { service: { id: 'NEW', prefix: 'Q', nameZh: '新', nameEn: 'New', targetWaitMin: 10, defaultHandleMin: 5, dailyCap: null, hours: [{ from: '18:00', to: '08:00' }], message: '', items: [], active: true, sortOrder: 9 } }, 'VALIDATION_FAILED'],
    ['saveCounter', { counter: { id: 9, name: '9', services: [{ serviceId: 'NOPE', boostMin: 0 }], displayAddress: null, active: true } }, 'UNKNOWN_SERVICE'],
    ['saveClerk', { staffCode: 'new', name: 'n', role: 'clerk', active: true }, 'VALIDATION_FAILED'],
    ['saveClerk', { staffCode: 'new', name: 'n', role: 'root', active: true, pin: '1234' }, 'VALIDATION_FAILED'],
  ]

  it.each(cases)('%s %j → %s', async (name, payload, code) => {
    const clerk = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, clerk)
    // Ratings come from the customer's screen, which carries no login.
    const token = name === 'rateService' ? undefined : ['saveService', 'saveCounter', 'saveClerk', 'updateSettings'].includes(name) ? f.adminToken : clerk
    const before = fingerprint(f)
    await refused(f.hall.execute(name, payload, { token, terminal: 'test', local: true }), code)
    expect(fingerprint(f)).toEqual(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('retries', () => {
  it('a command retried with the same idempotency key is applied once', async () => {
    const first = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true }, { idempotencyKey: 'kiosk-1-000001' })
    const again = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true }, { idempotencyKey: 'kiosk-1-000001' })
    expect(again).toEqual(first)
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(1)
    // The same key for another command from the same caller is a client bug, not a retry.
    await refused(f.hall.execute('issueTicket', { serviceId: 'BROADBAND' }, { terminal: 'kiosk', local: true }, { idempotencyKey: 'kiosk-1-000001' }), 'IDEMPOTENCY_KEY_REUSED')
  })
})

describe('two counters at the same moment', () => {
  it('never get the same customer', async () => {
    const tokens = await Promise.all([1, 2, 3, 4].map((id) => clerkAtCounter(f, `c${id}`, id)))
    for (let i = 0; i < 3; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    const results = await Promise.allSettled(tokens.map((t, i) => f.run('callNext', { counterId: i + 1 }, t)))
    const numbers = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.ticket.number)
    expect(numbers.sort()).toEqual(['A001', 'A002', 'A003'])
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
  })
})

describe('the hub itself', () => {
  it('runs commands as the system actor for its own devices, still validated and logged', async () => {
    const t1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, t1)
    await f.run('startService', { counterId: 1 }, t1)
    const { record } = await f.run('finishService', { counterId: 1 }, t1)
    await refused(f.hall.executeAsSystem('rateService', { recordId: record.id, score: 9 }, 'evaluator-1'), 'VALIDATION_FAILED')
    expect((await f.hall.executeAsSystem('rateService', { recordId: record.id, score: 3 }, 'evaluator-1')).record.rating).toBe(3)
    expect(f.store.logAfter(0, 1000).at(-1)!.actor).toEqual({ role: 'system', clerkId: null, terminal: 'evaluator-1' })
  })
})

describe('one estimate', () => {
  it('the ticket prints what a screen reading the same state shows, however many came in the same minute', async () => {
    // Counter 1's own services and a walk-in queue that fills within one minute of hall time:
    // each ticket's estimate must be today's pace with every arrival so far, not the pace the
    // hub had learned at the minute's first ticket.
    await clerkAtCounter(f, 'c1', 1)
    for (let i = 0; i < 6; i++) {
      const serviceId = i % 2 === 0 ? 'MOBILE' : 'PAYMENT'
      const priority = i % 3 === 0 ? 'care' : 'normal'
      const screen = estimateWait(f.hall.state, serviceId, priority, f.clock.now, dayLists(f.hall.state))
      const { ticket } = await f.run('issueTicket', { serviceId, priority })
      expect(ticket.estimate, `ticket ${i + 1}`).toEqual(screen)
      f.clock.advance(5_000)
    }
  })
})
