import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hhmmIn } from '../../../src/shared/issuing'
import { estimateWait } from '../../../src/shared/wait-estimate'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { ERROR_SHOW_S, PRINT_FAILED_SHOW_S, TICKET_SHOW_S, useKioskStore } from '../../../src/renderer/src/stores/kiosk'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { FakeTransport, ScriptedHall } from '../support'

let hub: ScriptedHall
let transport: FakeTransport

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  hub = new ScriptedHall()
  hub.now = Date.now()
  hub.run('openCounter', { counterId: 1 }, 1)
  for (let i = 0; i < 3; i++) hub.run('issueTicket', { serviceId: 'MOBILE' })
  transport = new FakeTransport()
  useHallStore().start(transport)
  transport.connect(hub.seq, hub.state)
  transport.replies.set('issueTicket', (p) => {
    const { logged, result } = hub.run('issueTicket', p)
    transport.push(logged)
    return result
  })
})
afterEach(() => vi.useRealTimers())

describe('kiosk', () => {
  it('tiles show the people waiting and the estimate the ticket will print, per lane', () => {
    const kiosk = useKioskStore()
    const mobile = () => kiosk.tiles.find((t) => t.service.id === 'MOBILE')!
    expect(mobile().waiting).toBe(3)
    expect(mobile().minutes).toBe(estimateWait(hub.state, 'MOBILE', 'normal', useHallStore().now).minutes)
    kiosk.chooseLane('care')
    expect(mobile().minutes).toBe(estimateWait(hub.state, 'MOBILE', 'care', useHallStore().now).minutes)
    expect(kiosk.tiles.find((t) => t.service.id === 'ENTERPRISE')!.minutes).toBeNull()
  })

  it('a tick of the clock that changes no tile hands on the same tiles, so the screen is not redrawn', async () => {
    const kiosk = useKioskStore()
    const before = kiosk.tiles
    vi.advanceTimersByTime(1000)
    expect(useHallStore().now).toBeGreaterThan(hub.now)
    expect(kiosk.tiles).toBe(before)
    transport.push(hub.run('issueTicket', { serviceId: 'MOBILE' }).logged)
    expect(kiosk.tiles).not.toBe(before)
    expect(kiosk.tiles.find((t) => t.service.id === 'MOBILE')!.waiting).toBe(4)
  })

  it('a tile says why it is closed: hours, cap, paused', () => {
    const kiosk = useKioskStore()
    // A window that is surely not now, in the hall's time zone.
    const closed = hhmmIn(Date.now(), 'Asia/Shanghai') < '12:00' ? { from: '23:00', to: '23:59' } : { from: '00:00', to: '00:01' }
    transport.push(hub.run('saveService', { service: { ...hub.state.services.FIXED!, hours: [closed] } }).logged)
    transport.push(hub.run('saveService', { service: { ...hub.state.services.MOBILE!, dailyCap: 3 } }).logged)
    const status = (id: string) => kiosk.tiles.find((t) => t.service.id === id)!.status
    expect(status('FIXED')).toMatchObject({ open: false, reason: 'outside_hours' })
    expect(status('MOBILE')).toEqual({ open: false, reason: 'cap_reached', cap: 3 })
    transport.push(hub.run('updateSettings', { patch: { issuing: { paused: true, pausedMessage: '系统维护' } } }).logged)
    expect(status('PAYMENT')).toEqual({ open: false, reason: 'paused', message: '系统维护' })
    expect(kiosk.paused).toBe(true)
  })

  it('shows the ticket, then goes back to the start by itself', async () => {
    const kiosk = useKioskStore()
    kiosk.chooseLane('care')
    await kiosk.issue('MOBILE')
    expect(transport.sent).toEqual([{ name: 'issueTicket', payload: { serviceId: 'MOBILE', priority: 'care', source: 'kiosk' }, token: null }])
    expect(kiosk.shown?.ticket).toMatchObject({ number: 'A004', priority: 'care' })
    expect(kiosk.lane).toBe('normal')
    expect(kiosk.secondsLeft).toBe(TICKET_SHOW_S)
    await vi.advanceTimersByTimeAsync((TICKET_SHOW_S - 1) * 1000)
    expect(kiosk.shown).not.toBeNull()
    await vi.advanceTimersByTimeAsync(1000)
    expect(kiosk.shown).toBeNull()
  })

  it("a refused ticket shows the hall's reason for a while", async () => {
    const kiosk = useKioskStore()
    transport.replies.set('issueTicket', () => {
      throw new HallError('DAILY_CAP_REACHED')
    })
    await kiosk.issue('MOBILE')
    expect(kiosk.error).toMatchObject({ code: 'DAILY_CAP_REACHED' })
    await vi.advanceTimersByTimeAsync(ERROR_SHOW_S * 1000)
    expect(kiosk.error).toBeNull()
  })

  it('printing failed: says so and keeps the number up long enough to photograph', async () => {
    const kiosk = useKioskStore()
    await kiosk.issue('MOBILE')
    const id = kiosk.shown!.ticket.id
    kiosk.reportPrintResult(id + 100, 'failed')
    expect(kiosk.printStatus).toBe('none')
    kiosk.reportPrintResult(id, 'printing')
    expect(kiosk.printStatus).toBe('printing')
    await vi.advanceTimersByTimeAsync(5000)
    kiosk.reportPrintResult(id, 'failed')
    expect(kiosk.printStatus).toBe('failed')
    expect(kiosk.secondsLeft).toBe(PRINT_FAILED_SHOW_S)
    await vi.advanceTimersByTimeAsync(TICKET_SHOW_S * 1000)
    expect(kiosk.shown?.ticket.id).toBe(id)
    await vi.advanceTimersByTimeAsync(PRINT_FAILED_SHOW_S * 1000)
    expect(kiosk.shown).toBeNull()
  })

  it('a failure reported after the customer went on brings the number back', async () => {
    const kiosk = useKioskStore()
    await kiosk.issue('MOBILE')
    const ticket = kiosk.shown!.ticket
    kiosk.backToStart()
    kiosk.reportPrintResult(ticket.id, 'failed')
    expect(kiosk.shown?.ticket.number).toBe(ticket.number)
    expect(kiosk.printStatus).toBe('failed')
  })
})
