import { describe, expect, it } from 'vitest'
import { hallFigures, clerkFigures } from '../../../src/renderer/src/stores/hall/figures'
import { counterState, hallAlerts, serviceRows, waitingOverTarget } from '../../../src/renderer/src/stores/manager/alerts'
import { ScriptedHall } from '../support'

const MIN = 60_000

describe("the manager's live view", () => {
  it('waiting, longest wait against target and open counters per service', () => {
    const hub = new ScriptedHall()
    hub.run('openCounter', { counterId: 1 }, 1)
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.now += 5 * MIN
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    const rows = serviceRows(hub.state, hub.now + 4 * MIN)
    expect(rows.find((r) => r.serviceId === 'MOBILE')).toEqual({ serviceId: 'MOBILE', waiting: 2, longestWaitMs: 9 * MIN, targetMin: 15, openCounters: 1 })
    expect(rows.find((r) => r.serviceId === 'BROADBAND')).toMatchObject({ waiting: 0, openCounters: 0 })
  })

  it('warns near the target, alerts past it, and when too many wait', () => {
    const hub = new ScriptedHall()
    hub.run('openCounter', { counterId: 1 }, 1)
    hub.run('updateSettings', { patch: { alerts: { waitingCount: 4, serviceWaitingCount: 3, waitWarnPercent: 80, idleCounterMin: 120 } } })
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    // 12 of 15 minutes: 80 % of the target.
    expect(hallAlerts(hub.state, hub.now + 12 * MIN)).toEqual([{ kind: 'nearTarget', level: 'warning', serviceId: 'MOBILE', waitedMs: 12 * MIN, targetMin: 15 }])
    expect(hallAlerts(hub.state, hub.now + 11 * MIN)).toEqual([])
    expect(hallAlerts(hub.state, hub.now + 16 * MIN)).toEqual([{ kind: 'overTarget', level: 'error', serviceId: 'MOBILE', waitedMs: 16 * MIN, targetMin: 15 }])
    for (let i = 0; i < 3; i++) hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('issueTicket', { serviceId: 'ENTERPRISE' })
    const kinds = hallAlerts(hub.state, hub.now).map((a) => [a.kind, 'serviceId' in a ? a.serviceId : null])
    expect(kinds).toEqual([
      ['noCounter', 'ENTERPRISE'],
      ['hallCrowded', null],
      ['serviceCrowded', 'MOBILE'],
    ])
  })

  it('names what each counter does, points out a counter idle past the limit while its services wait, and counts waits over target', () => {
    const hub = new ScriptedHall()
    hub.run('openCounter', { counterId: 1 }, 1)
    hub.run('openCounter', { counterId: 2 }, 2)
    const opened = hub.now
    expect(counterState(hub.state, hub.state.counters[1]!)).toEqual({ kind: 'idle', since: opened })
    expect(counterState(hub.state, hub.state.counters[3]!)).toEqual({ kind: 'closed' })
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.now += MIN
    hub.run('callNext', { counterId: 2 }, 2)
    expect(counterState(hub.state, hub.state.counters[2]!)).toEqual({ kind: 'calling', number: 'A001', since: hub.now })
    hub.run('startService', { counterId: 2 }, 2)
    expect(counterState(hub.state, hub.state.counters[2]!)).toMatchObject({ kind: 'serving', number: 'A001' })
    // Three minutes (the default limit) idle with A002 waiting for a service counter 1 serves.
    expect(hallAlerts(hub.state, opened + 3 * MIN - 1).filter((a) => a.kind === 'idleCounter')).toEqual([])
    expect(hallAlerts(hub.state, opened + 11 * MIN).filter((a) => a.kind === 'idleCounter')).toEqual([
      { kind: 'idleCounter', level: 'warning', counterId: 1, idleMs: 11 * MIN, waiting: [{ serviceId: 'MOBILE', count: 1 }] },
    ])
    // A finished customer restarts the idle time; a pause is not idle.
    hub.run('finishService', { counterId: 2 }, 2)
    expect(counterState(hub.state, hub.state.counters[2]!)).toEqual({ kind: 'idle', since: hub.now })
    hub.run('pauseCounter', { counterId: 1, reason: 'meal' }, 1)
    expect(counterState(hub.state, hub.state.counters[1]!)).toMatchObject({ kind: 'paused', reason: 'meal' })
    expect(hallAlerts(hub.state, opened + 11 * MIN).filter((a) => a.kind === 'idleCounter').map((a) => 'counterId' in a && a.counterId)).toEqual([2])
    // A002 has waited 16 of its 15 minutes.
    expect(waitingOverTarget(hub.state, opened + 15 * MIN)).toBe(0)
    expect(waitingOverTarget(hub.state, opened + 16 * MIN)).toBe(1)
  })

  it("today's figures: served, no-shows, waits, service level, satisfaction — for the hall and a clerk", () => {
    const hub = new ScriptedHall()
    hub.run('openCounter', { counterId: 1 }, 1)
    hub.run('openCounter', { counterId: 2 }, 2)
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.now += 20 * MIN
    hub.run('callNext', { counterId: 1 }, 1)
    hub.run('startService', { counterId: 1 }, 1)
    hub.now += 6 * MIN
    const { result } = hub.run('finishService', { counterId: 1 }, 1)
    hub.run('rateService', { recordId: result.record.id, score: 2 }) // the customer's screen, no clerk
    hub.run('callNext', { counterId: 2 }, 2)
    hub.run('noShow', { counterId: 2 }, 2)
    const hall = hallFigures(hub.state)
    expect(hall).toMatchObject({ issued: 3, waiting: 1, served: 1, noShows: 1, avgHandleMs: 6 * MIN, rated: 1, satisfaction: 0, serviceLevel: 0 })
    expect(hall.avgWaitMs).toBe((20 * MIN + 26 * MIN) / 2)
    expect(clerkFigures(hub.state, 1)).toMatchObject({ served: 1, noShows: 0, satisfaction: 0 })
    expect(clerkFigures(hub.state, 2)).toMatchObject({ served: 0, noShows: 1, avgHandleMs: null, satisfaction: null })
  })
})
