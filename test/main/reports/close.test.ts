/**
 * Counting the day belongs to the close, but must never stop the hall from closing it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { clerkAtCounter, openHall, tempDir, type Fixture } from '../../support/hall-fixture'
import { reportsOf } from '../../support/reports'

let f: Fixture
beforeEach(async () => {
  f = await openHall()
})
afterEach(() => f.close())

async function aSmallDay(): Promise<string> {
  const c1 = await clerkAtCounter(f, 'c1', 1)
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  f.clock.minutes(5)
  await f.run('callNext', { counterId: 1 }, c1)
  await f.run('startService', { counterId: 1 }, c1)
  f.clock.minutes(4)
  await f.run('finishService', { counterId: 1 }, c1)
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  return f.clerk('m1', 'manager')
}

describe('closing the day', () => {
  it('stores the figures in the closing transaction', async () => {
    const manager = await aSmallDay()
    f.clock.minutes(60)
    await f.run('closeDay', {}, manager)
    const row = f.db.prepare('SELECT closed_at, backfilled FROM report_days WHERE business_day = ?').get('2026-11-28')
    expect(row).toEqual({ closed_at: f.clock.now, backfilled: 0 })
    expect(f.db.prepare('SELECT service_id, kind, count FROM report_distributions ORDER BY kind').all()).toEqual([
      { service_id: 'MOBILE', kind: 'handle', count: 1 },
      { service_id: 'MOBILE', kind: 'wait', count: 1 },
    ])
  })

  it('still closes when counting fails, and the day is counted when first reported', async () => {
    const manager = await aSmallDay()
    f.db.exec("CREATE TRIGGER refuse_reports BEFORE INSERT ON report_days BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    f.clock.minutes(60)
    const closed = await f.run('closeDay', {}, manager)
    expect(closed).toMatchObject({ businessDay: '2026-11-28', nextBusinessDay: '2026-11-29', expired: 1 })
    expect(f.hall.state.businessDay).toBe('2026-11-29')
    expect(f.db.prepare('SELECT COUNT(*) FROM report_days').pluck().get()).toBe(0)
    expect(f.db.prepare('SELECT COUNT(*) FROM report_distributions').pluck().get()).toBe(0)
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A001')

    f.db.exec('DROP TRIGGER refuse_reports')
    const reports = reportsOf(f)
    const s = reports.summary('2026-11-28', '2026-11-28')
    expect(s.hall.tickets).toMatchObject({ issued: 2, served: 1, expired: 1, open: 0 })
    expect(s.days[0]!.closed).toBe(true)
    expect(f.db.prepare('SELECT backfilled FROM report_days').pluck().get()).toBe(1)
    expect(await reports.recompute('2026-11-28', '2026-11-28')).toEqual(s)
  })

  it('a hub started after the rollover hour closes and counts the day it missed, before anything else', async () => {
    const dir = tempDir()
    try {
      f.close()
      f = await openHall({ file: join(dir.dir, 'hallq.db') })
      await aSmallDay()
      f.db.close()
      f.clock.now = Date.parse('2026-11-29T08:00:00+08:00')
      f = await f.reopen()
      // app.ts does this first on start (here the fixture's first login may already have).
      f.hall.rolloverIfDue()
      expect(f.hall.state.businessDay).toBe('2026-11-29')
      expect(f.db.prepare('SELECT closed_at, backfilled FROM report_days').get()).toEqual({ closed_at: f.clock.now, backfilled: 0 })
      expect(reportsOf(f).assessment('2026-11-28')).toMatchObject({ frozen: true, closedAt: f.clock.now })
    } finally {
      f.close()
      dir.remove()
    }
  })
})
