/**
 * The phone page's estimate is the kiosk's: for a ticket just issued, its own place in line is
 * the one printed on it, and the minutes agree; as the hall calls others, its place moves up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { estimateWaitOf } from '../../../src/shared/wait-estimate'
import { clerkAtCounter, MINUTE, openHall, type Fixture } from '../../support/hall-fixture'

let f: Fixture
beforeEach(async () => {
  f = await openHall()
})
afterEach(() => f.close())

describe('estimateWaitOf', () => {
  it('agrees with the printed estimate for each ticket just issued, in a busy mixed hall', async () => {
    const c1 = await clerkAtCounter(f, 'c1', 1)
    await clerkAtCounter(f, 'c2', 2)
    const services = ['MOBILE', 'BROADBAND', 'PAYMENT', 'MOBILE', 'VAS'] as const
    const lanes = ['normal', 'normal', 'vip', 'care', 'normal'] as const
    for (let i = 0; i < 30; i++) {
      const issued = await f.run('issueTicket', { serviceId: services[i % services.length]!, priority: lanes[i % lanes.length]! })
      const mine = estimateWaitOf(f.hall.state, f.hall.state.tickets[issued.ticket.id]!, f.clock.read())
      // The same place in line; the minutes may differ only by the new ticket now counting in the
      // hall's arrival pace (customers who may still go ahead of it).
      expect(mine.ahead, issued.ticket.number).toBe(issued.ticket.estimate.ahead)
      const printed = issued.ticket.estimate.minutes
      if (printed === null) expect(mine.minutes).toBeNull()
      else expect(Math.abs(mine.minutes! - printed), `${issued.ticket.number}: ${mine.minutes} vs ${printed}`).toBeLessThanOrEqual(Math.max(2, printed * 0.2))
      f.clock.advance(MINUTE / 2)
      if (i % 4 === 3) {
        await f.run('callNext', { counterId: 1 }, c1)
        await f.run('startService', { counterId: 1 }, c1)
        f.clock.advance(2 * MINUTE)
        await f.run('finishService', { counterId: 1 }, c1)
      }
    }
  })

  it('counts fewer ahead as the hall calls others, and none once it is first', async () => {
    const c1 = await clerkAtCounter(f, 'c1', 1)
    for (let i = 0; i < 3; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    const mine = (await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket
    const ahead: number[] = []
    for (let i = 0; i < 3; i++) {
      ahead.push(estimateWaitOf(f.hall.state, f.hall.state.tickets[mine.id]!, f.clock.read()).ahead)
      await f.run('callNext', { counterId: 1 }, c1)
      await f.run('startService', { counterId: 1 }, c1)
      await f.run('finishService', { counterId: 1 }, c1)
    }
    ahead.push(estimateWaitOf(f.hall.state, f.hall.state.tickets[mine.id]!, f.clock.read()).ahead)
    expect(ahead).toEqual([3, 2, 1, 0])
  })
})
