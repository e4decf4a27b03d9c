import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RATING_TIMEOUT_S, useCounterStore } from '../../../src/renderer/src/stores/counter'
import { actionForKey } from '../../../src/renderer/src/stores/counter/keys'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { sessionKey, useSessionStore } from '../../../src/renderer/src/stores/session'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { FakeTransport, ScriptedHall } from '../support'

let hub: ScriptedHall
let transport: FakeTransport
const CLERK = 2

/** Every command the counter sends is run by the pure hall and streamed back, as the hub does. */
function hubAnswers(...names: string[]) {
  for (const name of names) {
    transport.replies.set(name, (payload) => {
      const { logged, result } = hub.run(name as never, payload as never, CLERK)
      transport.push(logged)
      return result
    })
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  localStorage.clear()
  hub = new ScriptedHall()
  hub.now = Date.now()
  transport = new FakeTransport()
  useHallStore().start(transport)
  hub.run('issueTicket', { serviceId: 'MOBILE' })
  hub.run('issueTicket', { serviceId: 'BROADBAND', priority: 'care' })
  transport.connect(hub.seq, hub.state)
  localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'tok', clerk: hub.state.clerks[CLERK] }))
  useSessionStore().configure(sessionKey('t1', 'counter'), localStorage)
  hubAnswers('openCounter', 'callNext', 'callTicket', 'recall', 'startService', 'finishService', 'noShow', 'transfer', 'pauseCounter', 'resumeCounter', 'rateService')
})
afterEach(() => vi.useRealTimers())

describe('counter', () => {
  it('opens a counter, then only what makes sense now is allowed', async () => {
    const counter = useCounterStore()
    expect(counter.counter).toBeNull()
    await counter.openCounter(2)
    expect(counter.counter?.id).toBe(2)
    expect(counter.can).toMatchObject({ callNext: true, callNumber: true, pause: true, recall: false, start: false, finish: false, noShow: false, transfer: false, resume: false, logout: true })
    // The queue as counter 2 sees it: its first service (mobile) has a 10-minute head start,
    // the care-lane broadband customer 30 minutes.
    expect(counter.queue.map((t) => t.number)).toEqual(['B001', 'A001'])

    const called = await counter.callNext()
    expect(called.ticket.number).toBe('B001')
    expect(counter.ticket?.number).toBe('B001')
    expect(counter.can).toMatchObject({ callNext: false, recall: true, start: true, noShow: true, transfer: true, finish: false, pause: false, logout: true, reactivate: true })
    await counter.start()
    expect(counter.can).toMatchObject({ recall: false, start: false, finish: true, transfer: true })
    expect(transport.sent.map((s) => [s.name, s.token])).toEqual([
      ['openCounter', 'tok'],
      ['callNext', 'tok'],
      ['startService', 'tok'],
    ])
  })

  it('takes a complaint during the service as a case on this visit; none without a visit', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    await expect(counter.takeComplaint({ category: 'service', reason: '服务态度', clerkId: CLERK, summary: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await counter.callNext()
    await counter.start()
    transport.replies.set('takeComplaint', () => ({ complaint: { id: 9 } }))
    const r = await counter.takeComplaint({ category: 'service', reason: '服务态度', clerkId: CLERK, summary: ' 态度生硬 ' })
    expect(r.complaint.id).toBe(9)
    expect(transport.sent.at(-1)).toMatchObject({
      name: 'takeComplaint',
      token: 'tok',
      payload: { channel: 'counter', category: 'service', reason: '服务态度', clerkId: CLERK, summary: '态度生硬', recordId: counter.record!.id },
    })
  })

  it('finishes with outcome, items, note and complaint, then asks for a rating that times out', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    await counter.callNext()
    await counter.start()
    const complaint = { category: 'service' as const, summary: '装机等待过久', followUp: 'open' as const }
    await counter.finish({ outcome: 'pending', items: ['宽带新装'], note: ' 预约周六上门 ', complaint })
    expect(transport.sent.at(-1)!.payload).toEqual({ counterId: 2, outcome: 'pending', items: ['宽带新装'], note: '预约周六上门', complaint })
    expect(counter.rating).toMatchObject({ number: 'B001', secondsLeft: RATING_TIMEOUT_S })
    expect(counter.figures?.served).toBe(1)
    await vi.advanceTimersByTimeAsync(RATING_TIMEOUT_S * 1000)
    expect(counter.rating).toBeNull()
  })

  it('a rating sent from the counter carries the clerk\'s login, so the hub refuses it and the figures do not count it', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    await counter.callNext()
    await counter.start()
    const { record } = await counter.finish({ outcome: 'completed', items: [], note: '', complaint: null })
    await expect(counter.rate(4)).rejects.toMatchObject({ code: 'RATING_NOT_FROM_CUSTOMER' })
    expect(transport.sent.at(-1)).toMatchObject({ name: 'rateService', payload: { recordId: record.id, score: 4 } })
    expect(counter.rating).toBeNull()
    expect(counter.figures).toMatchObject({ served: 1, rated: 0 })
  })

  it('calling the next customer closes a rating nobody gave', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    await counter.callNext()
    await counter.start()
    await counter.finish({ outcome: 'completed', items: [], note: '', complaint: null })
    await counter.callNext()
    expect(counter.rating).toBeNull()
    expect(counter.ticket?.number).toBe('A001')
  })

  it('transfers to a service or to a counter, pauses and resumes', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    await counter.callNext()
    await counter.transfer({ toCounterId: 5, toServiceId: 'COMPLAINT' }, '要求投诉')
    expect(transport.sent.at(-1)!.payload).toEqual({ counterId: 2, toCounterId: 5, toServiceId: 'COMPLAINT', note: '要求投诉' })
    expect(counter.ticket).toBeNull()
    await counter.pause('meal')
    expect(counter.counter?.status).toBe('paused')
    expect(counter.can).toMatchObject({ callNext: false, resume: true, pause: false })
    await counter.resume()
    expect(counter.counter?.status).toBe('open')
  })

  it('a token the hall no longer knows sends the clerk back to the login', async () => {
    const counter = useCounterStore()
    await counter.openCounter(2)
    transport.replies.set('callNext', () => {
      throw new HallError('UNAUTHENTICATED')
    })
    await expect(counter.callNext()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(useSessionStore().loggedIn).toBe(false)
    expect(localStorage.getItem(sessionKey('t1', 'counter'))).toBeNull()
  })

  it('maps the function keys to what is allowed now', () => {
    const none = { callNext: false, recall: false, start: false, finish: false, noShow: false, transfer: false, callNumber: false, pause: false, resume: false, logout: false, reactivate: false }
    expect(actionForKey('F1', { ...none, callNext: true })).toBe('callNext')
    expect(actionForKey('F1', none)).toBeNull()
    expect(actionForKey('F10', { ...none, pause: true })).toBe('pause')
    expect(actionForKey('F10', { ...none, resume: true })).toBe('resume')
    expect(actionForKey('F5', { ...none, callNext: true })).toBeNull()
  })
})
