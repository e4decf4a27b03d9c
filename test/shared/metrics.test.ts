import { describe, expect, it } from 'vitest'
import type { ServiceRecord, Ticket } from '../../src/shared/domain'
import { currentWaitMs, isSatisfied, isServed, recordHandleMs, recordWaitMs } from '../../src/shared/metrics'

const record = (patch: Partial<ServiceRecord>): ServiceRecord => ({
  id: 1, ticketId: 1, businessDay: '2026-11-28', serviceId: 'MOBILE', counterId: 1, clerkId: 2,
  queuedAt: 1_000, calledAt: 61_000, callCount: 1, startedAt: 91_000, endedAt: 391_000,
  outcome: 'completed', items: [], note: '', complaint: null, transferTo: null, rating: null, ratedAt: null, ratingChannel: null, ratingReason: null, ...patch,
})

describe('measures', () => {
  it('wait is first call minus joining the queue; handling is start to end', () => {
    expect(recordWaitMs(record({}))).toBe(60_000)
    expect(recordHandleMs(record({}))).toBe(300_000)
    expect(recordHandleMs(record({ startedAt: null, outcome: 'no_show' }))).toBeNull()
    expect(recordHandleMs(record({ endedAt: null, outcome: null }))).toBeNull()
  })

  it('a clock corrected backwards never gives a negative duration', () => {
    expect(recordWaitMs(record({ calledAt: 0 }))).toBe(0)
    expect(recordHandleMs(record({ endedAt: 0 }))).toBe(0)
    expect(currentWaitMs({ queuedAt: 5_000 } as Ticket, 1_000)).toBe(0)
  })

  it('served means completed or pending; satisfied means 满意 or 非常满意', () => {
    expect(['completed', 'pending', 'transferred', 'no_show', null].map((o) => isServed(record({ outcome: o as ServiceRecord['outcome'] })))).toEqual([true, true, false, false, false])
    expect(([1, 2, 3, 4] as const).map(isSatisfied)).toEqual([false, false, true, true])
  })
})
