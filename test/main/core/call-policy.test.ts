import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classBoostMin, maxHeadStartMs, pickNext } from '../../../src/main/core/call-policy'
import { DEFAULT_SERVICES } from '../../../src/main/core/default-catalogue'
import type { Counter, CounterConfig, PriorityClass, Ticket } from '../../../src/shared/domain'
import type { HallState } from '../../../src/shared/hall-state'
import { waitingQueues } from '../../../src/shared/waiting-queues'
import { PureHall, SYSTEM, clerkActor, seededState } from '../../support/pure-hall'

const T0 = Date.parse('2026-11-28T09:00:00+08:00')
const at = (min: number) => T0 + min * 60_000
const services = DEFAULT_SERVICES.filter((s) => ['MOBILE', 'BROADBAND', 'PAYMENT'].includes(s.id))

/** Counter 1 serves MOBILE and PAYMENT evenly; counter 3 prefers BROADBAND by 10 minutes. */
const counters: CounterConfig[] = [
  { id: 1, name: '1号窗口', services: [{ serviceId: 'MOBILE', boostMin: 0 }, { serviceId: 'PAYMENT', boostMin: 0 }], displayAddress: 1, active: true },
  { id: 2, name: '2号窗口', services: [{ serviceId: 'MOBILE', boostMin: 0 }], displayAddress: 2, active: true },
  { id: 3, name: '3号窗口', services: [{ serviceId: 'BROADBAND', boostMin: 10 }, { serviceId: 'MOBILE', boostMin: 0 }], displayAddress: 3, active: true },
]

function hallWithOpenCounters(...ids: number[]): PureHall {
  const h = new PureHall(seededState({ services, counters }))
  for (const id of ids) h.apply('openCounter', { counterId: id }, clerkActor(id), at(0))
  return h
}

function issue(h: PureHall, serviceId: string, minute: number, priority: PriorityClass = 'normal'): string {
  return h.apply('issueTicket', { serviceId, priority }, SYSTEM, at(minute)).ticket.number
}

/** Calls and finishes `n` customers at a counter; returns the numbers in call order. */
function serve(h: PureHall, counterId: number, n: number, minute: number): string[] {
  const called: string[] = []
  for (let i = 0; i < n; i++) {
    const { ticket } = h.apply('callNext', { counterId }, clerkActor(counterId), at(minute))
    called.push(ticket.number)
    h.apply('startService', { counterId }, clerkActor(counterId), at(minute))
    h.apply('finishService', { counterId }, clerkActor(counterId), at(minute))
  }
  return called
}

describe('call-next policy: the worked examples of docs/call-policy.md', () => {
  it('1. first come, first served across the services of a counter', () => {
    const h = hallWithOpenCounters(1)
    issue(h, 'MOBILE', 0)
    issue(h, 'PAYMENT', 1)
    issue(h, 'MOBILE', 2)
    expect(serve(h, 1, 3, 5)).toEqual(['A001', 'D001', 'A002'])
  })

  it('2. a star customer gets a head start of 20 minutes', () => {
    const h = hallWithOpenCounters(1)
    issue(h, 'MOBILE', 0)
    issue(h, 'MOBILE', 5)
    issue(h, 'MOBILE', 10, 'vip') // due 8:50, before 9:00
    expect(serve(h, 1, 3, 11)).toEqual(['A003', 'A001', 'A002'])
  })

  it('3. the head start is bounded: a walk-in who waited longer than it still goes first', () => {
    const h = hallWithOpenCounters(1)
    issue(h, 'MOBILE', 0)
    issue(h, 'MOBILE', 25, 'vip') // due 9:05, after 9:00
    expect(serve(h, 1, 2, 26)).toEqual(['A001', 'A002'])
  })

  it('4. never more than two priority calls in a row while walk-ins wait (2:1)', () => {
    const h = hallWithOpenCounters(1)
    issue(h, 'MOBILE', 0)
    issue(h, 'MOBILE', 1)
    issue(h, 'MOBILE', 2)
    for (let i = 0; i < 4; i++) issue(h, 'MOBILE', 10 + i, 'care')
    expect(serve(h, 1, 7, 15)).toEqual(['A004', 'A005', 'A001', 'A006', 'A007', 'A002', 'A003'])
  })

  it('5. a counter serves its main service first unless the other has waited 10 minutes longer', () => {
    const h = hallWithOpenCounters(3)
    issue(h, 'MOBILE', 0)
    issue(h, 'BROADBAND', 8) // due 8:58
    issue(h, 'BROADBAND', 12) // due 9:02
    expect(serve(h, 3, 3, 15)).toEqual(['B001', 'A001', 'B002'])
  })

  it('6. a customer transferred to this very counter comes first', () => {
    const h = hallWithOpenCounters(1, 2)
    issue(h, 'MOBILE', 0)
    issue(h, 'MOBILE', 1)
    issue(h, 'MOBILE', 2)
    h.apply('callNext', { counterId: 1 }, clerkActor(1), at(3))
    h.apply('startService', { counterId: 1 }, clerkActor(1), at(3))
    h.apply('transfer', { counterId: 1, toCounterId: 2 }, clerkActor(1), at(6))
    expect(serve(h, 2, 3, 7)).toEqual(['A001', 'A002', 'A003'])
  })

  it('7. a no-show who comes back is re-queued three places behind the head (过号顺延)', () => {
    const h = hallWithOpenCounters(1)
    for (let i = 0; i < 6; i++) issue(h, 'MOBILE', i)
    h.apply('callNext', { counterId: 1 }, clerkActor(1), at(7))
    h.apply('noShow', { counterId: 1 }, clerkActor(1), at(8))
    h.apply('reactivate', { number: 'A001' }, SYSTEM, at(9))
    expect(serve(h, 1, 5, 10)).toEqual(['A002', 'A003', 'A004', 'A001', 'A005'])
  })

  it('ties are broken by queue position, then by ticket id', () => {
    const h = hallWithOpenCounters(1)
    issue(h, 'PAYMENT', 0)
    issue(h, 'MOBILE', 0)
    expect(serve(h, 1, 2, 1)).toEqual(['D001', 'A001'])
  })
})

// ---------- properties ----------

type Step =
  | { kind: 'issue'; service: number; priority: PriorityClass; dt: number }
  | { kind: 'call'; counter: number; dt: number }
  | { kind: 'finish'; counter: number; noShow: boolean; dt: number }
  | { kind: 'reactivate'; dt: number }
  | { kind: 'transfer'; counter: number; to: number; dt: number }
  | { kind: 'pause'; counter: number; dt: number }

const priorityArb = fc.constantFrom<PriorityClass>('normal', 'normal', 'normal', 'vip', 'care', 'appointment')
const dtArb = fc.integer({ min: 0, max: 4 })
const counterArb = fc.integer({ min: 1, max: 3 })
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.integer({ min: 0, max: 2 }), priority: priorityArb, dt: dtArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('call' as const), counter: counterArb, dt: dtArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('finish' as const), counter: counterArb, noShow: fc.boolean(), dt: dtArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reactivate' as const), dt: dtArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), counter: counterArb, to: counterArb, dt: dtArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), counter: counterArb, dt: dtArb }) },
)

/** Runs a step; refusals (AppError) are part of the game and change nothing. */
function play(h: PureHall, step: Step, now: number): void {
  const clerk = (id: number) => clerkActor(id)
  try {
    switch (step.kind) {
      case 'issue':
        h.apply('issueTicket', { serviceId: services[step.service]!.id, priority: step.priority }, SYSTEM, now)
        return
      case 'call':
        h.apply('callNext', { counterId: step.counter }, clerk(step.counter), now)
        return
      case 'finish': {
        const c = h.state.counters[step.counter]!
        const t = c.currentTicketId === null ? null : h.state.tickets[c.currentTicketId]!
        if (!t) return
        if (step.noShow && t.status === 'called') {
          h.apply('noShow', { counterId: c.id }, clerk(c.id), now)
          return
        }
        if (t.status === 'called') h.apply('startService', { counterId: c.id }, clerk(c.id), now)
        h.apply('finishService', { counterId: c.id }, clerk(c.id), now)
        return
      }
      case 'reactivate': {
        const ns = Object.values(h.state.tickets).find((t) => t.status === 'no_show')
        if (ns) h.apply('reactivate', { number: ns.number }, SYSTEM, now)
        return
      }
      case 'transfer':
        h.apply('transfer', { counterId: step.counter, toCounterId: step.to }, clerk(step.counter), now)
        return
      case 'pause': {
        const c = h.state.counters[step.counter]!
        if (c.status === 'paused') h.apply('resumeCounter', { counterId: c.id }, clerk(c.id), now)
        else h.apply('pauseCounter', { counterId: c.id, reason: 'meal' }, clerk(c.id), now)
        return
      }
    }
  } catch (err) {
    if ((err as { name?: string }).name !== 'AppError') throw err
  }
}

/** One ticket, one holder: the invariant behind "two counters never get the same customer". */
function checkHolding(state: HallState): void {
  const holders = new Map<number, number>()
  for (const c of Object.values(state.counters)) {
    if (c.currentTicketId === null) continue
    expect(holders.has(c.currentTicketId), `ticket ${c.currentTicketId} held twice`).toBe(false)
    holders.set(c.currentTicketId, c.id)
    const t = state.tickets[c.currentTicketId]!
    expect(['called', 'serving']).toContain(t.status)
    expect(t.counterId).toBe(c.id)
    expect(state.records[t.recordId!]!.counterId).toBe(c.id)
  }
  for (const t of Object.values(state.tickets)) {
    if (t.status === 'called' || t.status === 'serving') expect(holders.get(t.id)).toBe(t.counterId)
    else expect(t.recordId).toBeNull()
  }
}

// Thousands of random hall days: allow for a busy machine (this is a limit, not a timing).
describe('call-next policy: properties', { timeout: 60_000 }, () => {
  it('a ticket is never held by two counters, whatever the clerks press', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 150, size: 'max' }), (steps) => {
        const h = hallWithOpenCounters(1, 2, 3)
        let now = at(1)
        for (const step of steps) {
          now += step.dt * 60_000
          play(h, step, now)
          checkHolding(h.state)
        }
      }),
      { numRuns: 300 },
    )
    // 300 random hall days with every ticket's wait estimate played forward: seconds of work.
  }, 60_000)

  const stats = { calls: 0, earned: 0, forced: 0 }
  it('nobody starves: a ticket is overtaken only by earlier-due tickets, and by at most one walk-in per run of priority calls', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 200, size: 'max' }), (steps) => {
        const h = hallWithOpenCounters(1, 2, 3)
        const settings = h.state.settings
        const limit = settings.queue.priorityRunLimit
        const due = (t: Ticket, c: Counter) =>
          t.queueKey - (classBoostMin(t.priority, settings) + (c.services.find((s) => s.serviceId === t.serviceId)?.boostMin ?? 0)) * 60_000
        // Per ticket, counter and visit: each counter keeps its own run of priority calls, and a
        // re-queued ticket (reactivated, transferred) starts a new wait.
        const forced = new Map<string, number>()
        const earned = new Map<string, number>()
        let now = at(1)
        for (const step of steps) {
          now += step.dt * 60_000
          const counter = h.state.counters[step.kind === 'call' ? step.counter : 1]!
          const choice = step.kind === 'call' && counter.status === 'open' && counter.currentTicketId === null ? pickNext(h.state, counter) : null
          if (choice) {
            const x = choice.ticket
            const serves = new Set(counter.services.map((s) => s.serviceId))
            const headStart = maxHeadStartMs(counter, settings)
            for (const t of Object.values(h.state.tickets)) {
              if (t.status !== 'waiting' || t.id === x.id) continue
              if (t.targetCounterId !== null ? t.targetCounterId !== counter.id : !serves.has(t.serviceId)) continue
              if (x.targetCounterId === counter.id) continue // rule 1: transferred to this very counter
              if (x.priority === 'normal' && t.priority !== 'normal' && counter.priorityRun >= limit) {
                forced.set(`${t.id}@${counter.id}@${t.queuedAt}`, (forced.get(`${t.id}@${counter.id}@${t.queuedAt}`) ?? 0) + 1) // rule 3: the walk-in's turn
                continue
              }
              expect(due(x, counter), `${x.number} overtook ${t.number}`).toBeLessThanOrEqual(due(t, counter))
              expect(x.queueKey).toBeLessThanOrEqual(t.queueKey + headStart)
              earned.set(`${t.id}@${counter.id}@${t.queuedAt}`, (earned.get(`${t.id}@${counter.id}@${t.queuedAt}`) ?? 0) + 1)
            }
          }
          play(h, step, now)
        }
        for (const [id, n] of forced) expect(n).toBeLessThanOrEqual(Math.floor((earned.get(id) ?? 0) / limit) + 1)
        stats.forced += [...forced.values()].reduce((a, b) => a + b, 0)
        stats.earned += [...earned.values()].reduce((a, b) => a + b, 0)
        stats.calls += h.events.filter((e) => e.type === 'ticketCalled').length
      }),
      { numRuns: 300 },
    )
    // The property means something only if the runs really called, overtook and forced.
    expect(stats.calls).toBeGreaterThan(2000)
    expect(stats.earned).toBeGreaterThan(1000)
    expect(stats.forced).toBeGreaterThan(10)
  }, 60_000)
})

describe('call-next from the hub’s waiting queues', () => {
  it('chooses exactly as a scan of the day’s tickets, whatever the clerks press', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 150, size: 'max' }), (steps) => {
        const h = hallWithOpenCounters(1, 2, 3)
        let now = at(1)
        for (const step of steps) {
          now += step.dt * 60_000
          play(h, step, now)
          const queues = waitingQueues(h.state.settings, Object.values(h.state.tickets))
          for (const c of Object.values(h.state.counters)) {
            expect(pickNext(h.state, c, queues)).toEqual(pickNext(h.state, c))
          }
        }
      }),
      { numRuns: 150 },
    )
  }, 60_000)
})
