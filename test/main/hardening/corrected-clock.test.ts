/**
 * Issue 12, point 10: the PC's clock ran 74 h ahead, the hall rolled to that future day and
 * issued tickets, the clock was corrected. The hall must notice, say so in the log and to the
 * manager, return to the real business day at the next real day's turn without losing or
 * renumbering anything, and — when the calendar reaches the day used early — go on numbering
 * after the numbers already issued (docs/decisions/027-corrected-clock.md).
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Hall } from '../../../src/main/hall'
import { hallClock } from '../../../src/main/hall-clock'
import { openDatabase } from '../../../src/main/store/database'
import { HallStore } from '../../../src/main/store/hall-store'
import { clerkAtCounter, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { reportsOf, shanghai } from '../../support/reports'

const HOUR = 3_600_000
const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!()
})

async function fileHall(): Promise<Fixture> {
  const dir = tempDir()
  const f = await openHall({ file: join(dir.dir, 'hallq.db') })
  cleanups.push(() => dir.remove())
  return f
}

/** Every ticket the store holds, by id: what was issued is never renumbered or lost. */
function storedTickets(f: Fixture): Map<number, { businessDay: string; number: string }> {
  const rows = f.db.prepare('SELECT id, business_day, number FROM tickets ORDER BY id').all() as { id: number; business_day: string; number: string }[]
  return new Map(rows.map((r) => [r.id, { businessDay: r.business_day, number: r.number }]))
}

describe('a PC clock corrected back past the business day', () => {
  it('is noticed and logged, the hall returns to the real day at the next real morning, and the day used early continues its numbering', async () => {
    let f = await fileHall()
    f.clock.now = shanghai('2026-11-28', '09:00')
    const c1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, c1)
    await f.run('startService', { counterId: 1 }, c1)
    await f.run('finishService', { counterId: 1 }, c1)

    // 10:00 real: the clock runs 74 h ahead. The hall rolls to that future day and issues there.
    f.clock.now = shanghai('2026-11-28', '10:00') + 74 * HOUR
    const future = '2026-12-01'
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: future, number: 'A001' })
    expect(f.hall.state.businessDay).toBe(future)
    const c2 = await clerkAtCounter(f, 'c2', 1)
    await f.run('callNext', { counterId: 1 }, c2)
    await f.run('startService', { counterId: 1 }, c2)
    await f.run('finishService', { counterId: 1 }, c2)
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    await f.run('callNext', { counterId: 1 }, c2)
    await f.run('startService', { counterId: 1 }, c2)
    await f.run('finishService', { counterId: 1 }, c2)

    // 11:00 real: the clock is corrected. The next command notices it; the hall stays on the
    // future day and its numbering goes on. (This hall reads one injected clock, so its stamps
    // step back with it; the hub's own clock keeps real elapsed time until the hall is idle —
    // the last test here.)
    f.clock.now = shanghai('2026-11-28', '11:00')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: future, number: 'A003' })
    expect(f.hall.state.businessDay).toBe(future)
    expect(f.hall.state.clockCorrection).toEqual({
      noticedAt: shanghai('2026-11-28', '11:00'),
      wallAt: shanghai('2026-11-28', '11:00'),
      aheadMs: expect.any(Number) as number,
      hallDay: future,
      realDay: '2026-11-28',
    })
    expect(f.hall.state.clockCorrection!.aheadMs).toBeGreaterThan(70 * HOUR)
    // In the audit log, once, however many commands follow.
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    const noticed = f.hall.logOfDay(future).filter((l) => l.command === 'clockCorrected')
    expect(noticed).toHaveLength(1)
    expect(noticed[0]).toMatchObject({ actor: { role: 'system' }, businessDay: future })
    expect(noticed[0]!.events).toEqual([{ type: 'clockCorrected', at: shanghai('2026-11-28', '11:00'), correction: f.hall.state.clockCorrection }])
    const before = storedTickets(f)

    // The correction survives a restart of the hub.
    f = await f.reopen()
    const reopened = f
    cleanups.push(() => reopened.close())
    expect(f.hall.state.clockCorrection).toMatchObject({ hallDay: future, realDay: '2026-11-28' })

    // Late evening of the real day: still the same real day, nothing moves.
    f.clock.now = shanghai('2026-11-28', '22:00')
    f.hall.rolloverIfDue()
    expect(f.hall.state.businessDay).toBe(future)

    // The next real morning: the day used early closes, the real day opens.
    f.clock.now = shanghai('2026-11-29', '04:00') + 30_000
    f.hall.rolloverIfDue()
    expect(f.hall.state.businessDay).toBe('2026-11-29')
    expect(f.hall.state.clockCorrection).toBeNull()
    expect(f.db.prepare('SELECT next_business_day FROM day_closes WHERE business_day = ?').pluck().get(future)).toBe('2026-11-29')
    const m2 = await f.clerk('m2', 'manager')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: '2026-11-29', number: 'A001' })
    // Nothing issued before was renumbered or lost (those still waiting expired with their day, as every night).
    const after = storedTickets(f)
    for (const [id, t] of before) expect(after.get(id)).toEqual(t)
    const futureReport = reportsOf(f).summary(future, future)
    expect(futureReport.hall.tickets).toMatchObject({ issued: 4, served: 2, expired: 2 })

    // The next morning closes the real day as usual.
    f.clock.now = shanghai('2026-11-30', '08:00')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: '2026-11-30', number: 'A001' })

    // The calendar reaches the day used early: numbering continues after A004, never A001 again.
    f.clock.now = shanghai('2026-12-01', '08:00')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: future, number: 'A005' })
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A006')
    const numbers = f.db.prepare('SELECT number FROM tickets WHERE business_day = ? ORDER BY id').pluck().all(future)
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006'])
    // Today's live figures count both stretches, like the stored day after its second close.
    expect(reportsOf(f).summary(future, future).hall.tickets).toMatchObject({ issued: 6, served: 2, expired: 2, open: 2 })
    // No new correction is noticed: the PC's clock is right.
    expect(f.hall.state.clockCorrection).toBeNull()

    f.clock.now = shanghai('2026-12-01', '18:00')
    await f.run('closeDay', {}, m2)
    expect(f.hall.state.businessDay).toBe('2026-12-02')
    const reports = reportsOf(f)
    const closed = reports.summary(future, future)
    expect(closed.hall.tickets).toMatchObject({ issued: 6, served: 2, expired: 4, open: 0 })
    expect(closed.days[0]).toMatchObject({ businessDay: future, closed: true })
    const v = await reports.verify(future)
    expect(v.differences).toEqual([])
    expect(v).toMatchObject({ equal: true })
    expect(await reports.verify('2026-11-29')).toMatchObject({ equal: true })
  })

  it("the manager's 日结 while the correction stands returns to the real day too", async () => {
    const f = await fileHall()
    cleanups.push(() => f.close())
    const manager = await f.clerk('m1', 'manager')
    f.clock.now = shanghai('2026-11-28', '10:00') + 74 * HOUR
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.clock.now = shanghai('2026-11-28', '11:00')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(f.hall.state.clockCorrection).not.toBeNull()
    f.clock.now = shanghai('2026-11-28', '19:00')
    expect(await f.run('closeDay', {}, manager)).toMatchObject({ businessDay: '2026-12-01', nextBusinessDay: '2026-11-28', expired: 2 })
    // The real day was closed when the clock jumped; it goes on after its own numbers.
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: '2026-11-28', number: 'A001' })
    f.clock.now = shanghai('2026-11-29', '08:00')
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: '2026-11-29', number: 'A001' })
  })

  it('a one-hour correction and an early 日结 are not a corrected clock', async () => {
    const f = await openHall()
    cleanups.push(() => f.close())
    const manager = await f.clerk('m1', 'manager')
    f.clock.now = shanghai('2026-11-28', '20:00')
    await f.run('closeDay', {}, manager)
    expect(f.hall.state.businessDay).toBe('2026-11-29')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(f.hall.state.clockCorrection).toBeNull()
    // Just after the day's turn, the clock goes an hour back: the calendar catches up by itself.
    f.clock.now = shanghai('2026-11-30', '04:20')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(f.hall.state.businessDay).toBe('2026-11-30')
    f.clock.now = shanghai('2026-11-30', '03:25')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(f.hall.state.clockCorrection).toBeNull()
    expect(f.hall.state.businessDay).toBe('2026-11-30')
  })

  it('with the hub clock that keeps real elapsed time, the return brings the hall clock back too', async () => {
    const dir = tempDir()
    cleanups.push(() => dir.remove())
    let wall = shanghai('2026-11-28', '09:00')
    let mono = 0
    const sources = { wall: () => wall, monotonic: () => mono }
    const clock = hallClock({ sources })
    const db = openDatabase(join(dir.dir, 'hallq.db'))
    cleanups.push(() => db.close())
    const { hall } = await Hall.open({ store: new HallStore(db), clock, wall: sources.wall, resync: () => clock.resync(), logger: silentLogger, adminPin: '246810' })
    hall.sleep = async () => undefined
    const run = (name: 'issueTicket', payload: { serviceId: string }) => hall.execute(name, payload, { terminal: 'test', local: true })
    await run('issueTicket', { serviceId: 'MOBILE' })

    // The PC clock jumps 74 h ahead while the hall is idle (the hub's timer resyncs it).
    wall += 74 * HOUR
    mono += 1_000
    clock.resync()
    hall.rolloverIfDue()
    expect(hall.state.businessDay).toBe('2026-12-01')
    await run('issueTicket', { serviceId: 'MOBILE' })

    // Corrected while a customer waits: the hall clock keeps its lead, the PC's calendar is read apart.
    wall -= 74 * HOUR
    mono += 60_000
    hall.rolloverIfDue()
    expect(hall.state.clockCorrection).toMatchObject({ hallDay: '2026-12-01', realDay: '2026-11-28' })
    expect(hall.now()).toBeGreaterThan(wall + 70 * HOUR)

    // The hall is never idle (the ticket still waits); the next real morning returns all the same,
    // and the hall clock falls back with it, so the hall does not roll straight on to the future.
    const step = shanghai('2026-11-29', '04:01') - wall
    wall += step
    mono += step
    hall.rolloverIfDue()
    expect(hall.state.businessDay).toBe('2026-11-29')
    expect(Math.abs(hall.now() - wall)).toBeLessThan(1_000)
    hall.rolloverIfDue()
    expect(hall.state.businessDay).toBe('2026-11-29')
    expect((await run('issueTicket', { serviceId: 'MOBILE' })).ticket).toMatchObject({ businessDay: '2026-11-29', number: 'A001' })
  })
})
