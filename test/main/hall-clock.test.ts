import { describe, expect, it } from 'vitest'
import { hallClock } from '../../src/main/hall-clock'
import { clerkAtCounter, MINUTE, openHall, TestClock } from '../support/hall-fixture'

/** A PC clock the test can step, and a monotonic clock that only moves forward. */
function pc(start: number) {
  const t = { wall: start, mono: 0 }
  return {
    t,
    sources: { wall: () => t.wall, monotonic: () => t.mono },
    pass(ms: number) {
      t.wall += ms
      t.mono += ms
    },
    correct(ms: number) {
      t.wall += ms
    },
  }
}

const NINE = Date.parse('2026-11-28T09:00:00+08:00')

describe('hall clock', () => {
  it('follows the wall clock in normal running', () => {
    const p = pc(NINE)
    const clock = hallClock({ sources: p.sources })
    expect(clock()).toBe(NINE)
    p.pass(5 * MINUTE)
    expect(clock()).toBe(NINE + 5 * MINUTE)
    expect(clock.drift()).toBe(0)
  })

  it('keeps counting real time through a correction, and falls in step again on resync', () => {
    const p = pc(NINE)
    const jumps: number[] = []
    const clock = hallClock({ sources: p.sources, onJump: (j) => jumps.push(j) })
    clock()
    p.pass(10 * MINUTE)
    p.correct(-60 * MINUTE)
    expect(clock()).toBe(NINE + 10 * MINUTE)
    p.pass(5 * MINUTE)
    expect(clock()).toBe(NINE + 15 * MINUTE)
    expect(jumps).toEqual([-60 * MINUTE])
    expect(clock.drift()).toBe(-60 * MINUTE)
    clock.resync()
    expect(clock()).toBe(p.t.wall)
    p.pass(MINUTE)
    expect(clock()).toBe(p.t.wall)
  })

  it('treats a forward correction the same way', () => {
    const p = pc(NINE)
    const clock = hallClock({ sources: p.sources })
    clock()
    p.correct(60 * MINUTE)
    p.pass(MINUTE)
    expect(clock()).toBe(NINE + MINUTE)
    clock.resync()
    expect(clock()).toBe(NINE + 61 * MINUTE)
  })

  it('ignores wobble under a second', () => {
    const p = pc(NINE)
    const clock = hallClock({ sources: p.sources })
    p.correct(-500)
    clock.resync()
    expect(clock()).toBe(NINE)
  })

  it('starts no earlier than the last time the hall recorded', () => {
    const p = pc(NINE)
    const clock = hallClock({ sources: p.sources, floor: NINE + 30 * MINUTE })
    expect(clock()).toBe(NINE + 30 * MINUTE)
    p.pass(MINUTE)
    expect(clock()).toBe(NINE + 31 * MINUTE)
  })
})

describe('the hall through clock corrections', () => {
  it('a backward correction mid-service keeps durations true and the business day', async () => {
    const p = pc(NINE)
    const clock = hallClock({ sources: p.sources })
    const test = new TestClock()
    Object.defineProperty(test, 'read', { value: clock })
    const f = await openHall({ clock: test })
    try {
      const t1 = await clerkAtCounter(f, 'c1', 1)
      await f.run('issueTicket', { serviceId: 'MOBILE' })
      p.pass(6 * MINUTE)
      await f.run('callNext', { counterId: 1 }, t1)
      await f.run('startService', { counterId: 1 }, t1)
      p.pass(4 * MINUTE)
      p.correct(-60 * MINUTE)
      p.pass(3 * MINUTE)
      const { record } = await f.run('finishService', { counterId: 1 }, t1)
      expect(record.calledAt - record.queuedAt).toBe(6 * MINUTE)
      expect(record.endedAt! - record.startedAt!).toBe(7 * MINUTE)
      expect(f.hall.state.businessDay).toBe('2026-11-28')
    } finally {
      f.close()
    }
  })

  it('a forward correction past the rollover hour, once the hall is idle, closes the day as usual', async () => {
    const p = pc(Date.parse('2026-11-29T03:30:00+08:00'))
    const clock = hallClock({ sources: p.sources })
    const test = new TestClock()
    Object.defineProperty(test, 'read', { value: clock })
    const f = await openHall({ clock: test })
    try {
      expect(f.hall.state.businessDay).toBe('2026-11-28')
      p.correct(60 * MINUTE)
      expect(f.hall.isIdle()).toBe(true)
      clock.resync()
      expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.businessDay).toBe('2026-11-29')
      expect(f.hall.isIdle()).toBe(false)
    } finally {
      f.close()
    }
  })
})

describe('hall clock with the real sources', () => {
  it('gives whole milliseconds (the store keeps integers)', () => {
    const clock = hallClock()
    for (let i = 0; i < 100; i++) expect(Number.isInteger(clock())).toBe(true)
  })
})
