/**
 * The public view (src/shared/screen-view.ts): a screen that starts from the public snapshot and
 * applies the public events sees exactly the public view of the hub's hall, whenever it joined —
 * and nothing of the staff's text or the customers' phone numbers.
 */
import { describe, expect, it } from 'vitest'
import type { HallEvent } from '../../src/shared/events'
import { evolve } from '../../src/shared/hall-state'
import { publicEvent, publicState } from '../../src/shared/screen-view'
import { PureHall, SYSTEM, clerkActor, seededState } from '../support/pure-hall'

const T0 = Date.parse('2026-11-28T09:00:00+08:00')
const at = (min: number) => T0 + min * 60_000
const PRIVATE = ['客户张三身份证110', '139****0001']

/** A morning with a phone number on a ticket, a note, items, a transfer note and a complaint. */
function morning(): { h: PureHall; start: ReturnType<typeof seededState>; joinedAt: number } {
  const start = seededState()
  const h = new PureHall(start)
  h.apply('openCounter', { counterId: 1 }, clerkActor(1), at(0))
  h.apply('issueTicket', { serviceId: 'MOBILE' }, SYSTEM, at(1))
  // The hub adds the masked phone and the contact id to the event (hall.ts); the pure hall cannot.
  const issued = h.events.at(-1) as Extract<HallEvent, { type: 'ticketIssued' }>
  h.events[h.events.length - 1] = { ...issued, ticket: { ...issued.ticket, contact: { id: 7, masked: '139****0001' } } }
  h.state = evolve(start, h.events).state
  const joinedAt = h.events.length
  h.apply('issueTicket', { serviceId: 'MOBILE' }, SYSTEM, at(2))
  h.apply('callNext', { counterId: 1 }, clerkActor(1), at(3))
  h.apply('startService', { counterId: 1 }, clerkActor(1), at(4))
  h.apply('finishService', { counterId: 1, outcome: 'completed', items: ['补换卡'], note: '客户张三身份证110…' }, clerkActor(1), at(9))
  h.apply('callNext', { counterId: 1 }, clerkActor(1), at(10))
  h.apply('startService', { counterId: 1 }, clerkActor(1), at(11))
  h.apply('transfer', { counterId: 1, toServiceId: 'PAYMENT', note: '客户张三身份证110 转缴费' }, clerkActor(1), at(12))
  return { h, start, joinedAt }
}

describe('the public view', () => {
  it('a screen that joined at the start, or later, ends with the public view of the hall', () => {
    const { h, start, joinedAt } = morning()
    const expected = publicState(h.state)
    expect(h.state.nextId.contact).toBe(8)
    // Joined before anything happened…
    const early = evolve(publicState(start), h.events.map(publicEvent)).state
    expect(early).toEqual(expected)
    // …or after the ticket with a phone number: the same hall.
    const joined = evolve(start, h.events.slice(0, joinedAt)).state
    const late = evolve(publicState(joined), h.events.slice(joinedAt).map(publicEvent)).state
    expect(late).toEqual(expected)
  })

  it('carries no note, item, transfer note or phone number', () => {
    const { h } = morning()
    const full = JSON.stringify(h.state)
    for (const text of PRIVATE) expect(full).toContain(text)
    const seen = JSON.stringify(publicState(h.state)) + JSON.stringify(h.events.map(publicEvent))
    for (const text of PRIVATE) expect(seen).not.toContain(text)
    // The items a clerk ticked are the service's own words, so they are checked where they sit.
    expect(Object.values(h.state.records).map((r) => r.items)).toContainEqual(['补换卡'])
    expect(Object.values(publicState(h.state).records).map((r) => r.items)).toEqual([[], []])
  })
})

describe('the assessment’s notes about a person', () => {
  it('a spot check’s and a follow-up’s note never reach a public screen', () => {
    const check: HallEvent = { type: 'visitChecked', at: at(1), recordId: 1, businessDay: '2026-11-28', clerkId: 2, result: 'fail', reason: 'wording', note: '客户张三投诉称呼', checkedBy: 4 }
    const followUp: HallEvent = { type: 'followUpRecorded', at: at(2), id: 1, clerkId: 2, period: 'month', from: '2026-11-01', to: '2026-11-30', kind: 'interview', note: '面谈张三事宜', by: 4 }
    expect(publicEvent(check)).toEqual({ ...check, note: '' })
    expect(publicEvent(followUp)).toEqual({ ...followUp, note: '' })
  })
})
