import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { receive } from '../../../src/renderer/src/stores/hall/stream'
import { FakeTransport, ScriptedHall } from '../support'

let hub: ScriptedHall
let transport: FakeTransport

beforeEach(() => {
  setActivePinia(createPinia())
  hub = new ScriptedHall()
  transport = new FakeTransport()
})

describe('hall store: the hub state, moved by evolve', () => {
  it('takes the snapshot, then applies each next event and tells listeners', () => {
    const hall = useHallStore()
    const heard = vi.fn()
    hall.onEvent(heard)
    hall.start(transport)
    expect(hall.online).toBe(false)
    transport.connect(hub.seq, hub.state)
    expect(hall.online).toBe(true)
    expect(transport.after()).toBe(10)

    const { logged } = hub.run('issueTicket', { serviceId: 'MOBILE' })
    transport.push(logged)
    expect(hall.seq).toBe(11)
    expect(Object.values(hall.state!.tickets).map((t) => t.number)).toEqual(['A001'])
    expect(heard).toHaveBeenCalledWith(logged, expect.objectContaining({ ageMs: expect.any(Number) }))
    // The screen's copy is the hub's copy.
    expect(hall.state).toEqual(hub.state)
  })

  it('drops what it already has and resyncs from its last seq on a gap', () => {
    const hall = useHallStore()
    hall.start(transport)
    transport.connect(hub.seq, hub.state)
    const first = hub.run('issueTicket', { serviceId: 'MOBILE' }).logged
    const second = hub.run('issueTicket', { serviceId: 'MOBILE' }).logged
    const third = hub.run('issueTicket', { serviceId: 'MOBILE' }).logged
    transport.push(first)
    transport.push(first)
    expect(hall.seq).toBe(11)
    transport.push(third)
    expect(hall.seq).toBe(11)
    expect(transport.resyncs).toBe(1)
    // Further gaps while the resync is on its way do not ask again.
    transport.push(third)
    expect(transport.resyncs).toBe(1)
    // The catch-up arrives: second, then third.
    transport.push(second)
    transport.push(third)
    expect(hall.seq).toBe(13)
    expect(Object.keys(hall.state!.tickets)).toHaveLength(3)
  })

  it('starts again from a snapshot when an event does not fit its copy', () => {
    const hall = useHallStore()
    hall.start(transport)
    transport.connect(hub.seq, hub.state)
    transport.push({ seq: 11, at: 0, businessDay: 'x', actor: { role: 'system', clerkId: null, terminal: 'x' }, command: 'recall', events: [{ type: 'ticketRecalled', at: 0, ticketId: 99, counterId: 1, recordId: 5 }] })
    expect(transport.resyncs).toBe(1)
    expect(transport.after()).toBeNull()
    expect(transport.errors).toHaveLength(1)
  })

  it('ignores message types it does not know, but passes them to whoever asked for them', () => {
    const hall = useHallStore()
    const devices = vi.fn()
    hall.onMessage('devices', devices)
    hall.start(transport)
    transport.connect(hub.seq, hub.state)
    transport.sink!.message({ type: 'devices', printers: [{ id: 'p1', ok: false }] })
    transport.sink!.message({ type: 'somethingNew' })
    transport.sink!.message('garbage')
    expect(devices).toHaveBeenCalledWith({ type: 'devices', printers: [{ id: 'p1', ok: false }] })
    expect(hall.seq).toBe(10)
  })

  it('refuses commands while offline, without sending anything', async () => {
    const hall = useHallStore()
    hall.start(transport)
    transport.connect(hub.seq, hub.state)
    transport.sink!.status('offline', { attempt: 3 })
    expect(hall.attempt).toBe(3)
    await expect(hall.command('issueTicket', { serviceId: 'MOBILE' })).rejects.toMatchObject({ code: 'OFFLINE' })
    expect(transport.sent).toEqual([])
  })

  it('keeps the hub clock: waits are measured by it, not by this PC', () => {
    const hall = useHallStore()
    hall.start(transport)
    transport.sink!.status('online', { attempt: 0, clockOffsetMs: 90_000 })
    expect(Math.abs(Date.now() - 90_000 - hall.hubNow())).toBeLessThan(50)
    expect(Math.abs(hall.now - hall.hubNow())).toBeLessThan(50)
  })
})

describe('receive', () => {
  it('waits for a snapshot before events', () => {
    expect(receive(null, { type: 'event', seq: 3, events: [] })).toMatchObject({ kind: 'gap' })
    expect(receive(null, { type: 'snapshot', seq: 'x' })).toEqual({ kind: 'malformed' })
    expect(receive(null, { nope: 1 })).toEqual({ kind: 'malformed' })
  })
})
