/**
 * The wait estimate on small halls one can work out by hand. How well it holds over real days is
 * measured by the simulator (test/main/sim/wait-estimate.test.ts, docs/performance.md).
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SERVICES } from '../../src/main/core/default-catalogue'
import type { CounterConfig, PriorityClass } from '../../src/shared/domain'
import { dayLists } from '../../src/shared/hall-state'
import { estimateWait } from '../../src/shared/wait-estimate'
import { PureHall, SYSTEM, clerkActor, seededState } from '../support/pure-hall'

const T0 = Date.parse('2026-11-28T09:00:00+08:00')
const at = (min: number) => T0 + min * 60_000
const services = DEFAULT_SERVICES.filter((s) => ['MOBILE', 'BROADBAND', 'PAYMENT'].includes(s.id))
/** Before any call today, a MOBILE call counts as its default 8 minutes, a minute to walk up, 0.3 for the clerk's notes. */
const MOBILE_CALL_MIN = 8 + 1 + 0.3

const counters: CounterConfig[] = [
  { id: 1, name: '1号窗口', services: [{ serviceId: 'MOBILE', boostMin: 10 }, { serviceId: 'PAYMENT', boostMin: 0 }], displayAddress: 1, active: true },
  { id: 2, name: '2号窗口', services: [{ serviceId: 'MOBILE', boostMin: 0 }], displayAddress: 2, active: true },
  { id: 3, name: '3号窗口', services: [{ serviceId: 'BROADBAND', boostMin: 10 }, { serviceId: 'MOBILE', boostMin: 0 }], displayAddress: 3, active: true },
  { id: 4, name: '4号窗口', services: [{ serviceId: 'MOBILE', boostMin: 0 }], displayAddress: 4, active: true },
]

function hall(...open: number[]): PureHall {
  const h = new PureHall(seededState({ services, counters }))
  for (const id of open) h.apply('openCounter', { counterId: id }, clerkActor(id), at(0))
  return h
}

function issue(h: PureHall, serviceId: string, minute: number, priority: PriorityClass = 'normal') {
  return h.apply('issueTicket', { serviceId, priority }, SYSTEM, at(minute)).ticket
}

const estimate = (h: PureHall, serviceId: string, minute: number, priority: PriorityClass = 'normal') =>
  estimateWait(h.state, serviceId, priority, at(minute))

describe('wait estimate', () => {
  it('shows the people ahead and no minutes when no open counter serves the service', () => {
    const h = hall(2)
    issue(h, 'BROADBAND', 0)
    expect(estimate(h, 'BROADBAND', 1)).toEqual({ ahead: 1, minutes: null })
  })

  it('one counter, three ahead: three calls of the service', () => {
    const h = hall(2)
    for (let i = 0; i < 3; i++) issue(h, 'MOBILE', i * 0.1)
    expect(estimate(h, 'MOBILE', 1)).toEqual({ ahead: 3, minutes: Math.round(3 * MOBILE_CALL_MIN) })
  })

  it('two counters share the queue', () => {
    const h = hall(2, 4)
    for (let i = 0; i < 4; i++) issue(h, 'MOBILE', i * 0.1)
    // Both call at once: the fifth customer is called after two rounds.
    expect(estimate(h, 'MOBILE', 1)).toEqual({ ahead: 4, minutes: Math.round(2 * MOBILE_CALL_MIN) })
  })

  it("counts the customers a shared counter's main service sends ahead", () => {
    const plain = hall(2, 3)
    const busier = hall(2, 3)
    for (const h of [plain, busier]) for (let i = 0; i < 4; i++) issue(h, 'MOBILE', i * 0.1)
    // Counter 3 takes BROADBAND first (10-minute head start), so MOBILE there waits.
    for (let i = 0; i < 3; i++) issue(busier, 'BROADBAND', 1 + i * 0.1)
    expect(estimate(busier, 'MOBILE', 2).minutes!).toBeGreaterThan(estimate(plain, 'MOBILE', 2).minutes!)
  })

  it('a priority customer waits less than a walk-in who comes at the same moment', () => {
    const h = hall(2)
    for (let i = 0; i < 5; i++) issue(h, 'MOBILE', i)
    expect(estimate(h, 'MOBILE', 6, 'care').minutes!).toBeLessThan(estimate(h, 'MOBILE', 6).minutes!)
  })

  it('learns from today: quick services make the estimate shorter than the default', () => {
    const h = hall(2)
    for (let i = 0; i < 6; i++) {
      issue(h, 'MOBILE', i * 3)
      h.apply('callNext', { counterId: 2 }, clerkActor(2), at(i * 3))
      h.apply('startService', { counterId: 2 }, clerkActor(2), at(i * 3 + 0.5))
      h.apply('finishService', { counterId: 2 }, clerkActor(2), at(i * 3 + 2.5))
    }
    for (let i = 0; i < 3; i++) issue(h, 'MOBILE', 20)
    const learned = estimate(h, 'MOBILE', 20).minutes!
    expect(learned).toBeLessThan(Math.round(3 * MOBILE_CALL_MIN))
    expect(learned).toBeGreaterThanOrEqual(3 * 2.5)
  })

  it('a counter away at its meal break counts only when it is back', () => {
    const open = hall(2, 4)
    const meal = hall(2, 4)
    meal.apply('pauseCounter', { counterId: 4, reason: 'meal' }, clerkActor(4), at(0))
    for (const h of [open, meal]) for (let i = 0; i < 4; i++) issue(h, 'MOBILE', i * 0.1)
    expect(estimate(meal, 'MOBILE', 1).minutes!).toBeGreaterThan(estimate(open, 'MOBILE', 1).minutes!)
  })

  it('customers who will come later but still go ahead lengthen the wait', () => {
    // PAYMENT at counter 1, whose main service MOBILE gets a 10-minute head start.
    const quiet = hall(1)
    const busy = hall(1)
    issue(quiet, 'PAYMENT', 0)
    issue(busy, 'PAYMENT', 0)
    // Half an hour of MOBILE arrivals, all served, so only their pace is left.
    for (let i = 0; i < 15; i++) {
      issue(busy, 'MOBILE', i * 2)
      busy.apply('callTicket', { counterId: 1, number: `A${String(i + 1).padStart(3, '0')}` }, clerkActor(1), at(i * 2))
      busy.apply('startService', { counterId: 1 }, clerkActor(1), at(i * 2))
      busy.apply('finishService', { counterId: 1 }, clerkActor(1), at(i * 2 + 1))
    }
    quiet.apply('callTicket', { counterId: 1, number: 'D001' }, clerkActor(1), at(0))
    busy.apply('callTicket', { counterId: 1, number: 'D001' }, clerkActor(1), at(30))
    for (const h of [quiet, busy]) for (let i = 0; i < 3; i++) issue(h, 'PAYMENT', 30)
    expect(estimate(busy, 'PAYMENT', 30).minutes!).toBeGreaterThan(estimate(quiet, 'PAYMENT', 30).minutes!)
  })

  it('a queue of hundreds is extrapolated at the pace of the calls played', () => {
    const h = hall(2)
    for (let i = 0; i < 600; i++) issue(h, 'MOBILE', i * 0.01)
    const e = estimate(h, 'MOBILE', 10)
    expect(e.ahead).toBe(600)
    expect(e.minutes!).toBeGreaterThan(600 * MOBILE_CALL_MIN * 0.98)
    expect(e.minutes!).toBeLessThan(600 * MOBILE_CALL_MIN * 1.02)
  })

  it('gives the same figure from the hub’s day lists as from the state', () => {
    const h = hall(1, 2, 3)
    for (let i = 0; i < 30; i++) issue(h, ['MOBILE', 'BROADBAND', 'PAYMENT'][i % 3]!, i * 0.5, i % 7 === 0 ? 'vip' : 'normal')
    for (const s of ['MOBILE', 'BROADBAND', 'PAYMENT']) {
      expect(estimateWait(h.state, s, 'normal', at(20), dayLists(h.state))).toEqual(estimate(h, s, 20))
    }
  })

  it('a crowd at the door at opening is not taken for the pace of the day', () => {
    // The same ten MOBILE customers and one PAYMENT, waiting when the counters open at 9:30:
    // in one hall they came over the half hour, in the other all in the last minute.
    const make = (mobileAt: (i: number) => number) => {
      const h = new PureHall(seededState({ services, counters }))
      for (let i = 0; i < 10; i++) issue(h, 'MOBILE', mobileAt(i))
      issue(h, 'PAYMENT', 29.95)
      for (const id of [1, 2]) h.apply('openCounter', { counterId: id }, clerkActor(id), at(30))
      return h
    }
    const spread = make((i) => i * 3)
    const crowd = make((i) => 29 + i * 0.09)
    // PAYMENT at counter 1, where MOBILE has a 10-minute head start: later MOBILE customers go
    // ahead, at the pace of the last half hour, however it was spread within it.
    const e = estimate(spread, 'PAYMENT', 30)
    expect(e.minutes!).toBeGreaterThan(0)
    expect(estimate(crowd, 'PAYMENT', 30)).toEqual(e)
  })
})
