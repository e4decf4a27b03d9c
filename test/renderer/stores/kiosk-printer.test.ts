/**
 * The kiosk and its printer, through the hub's `devices` stream messages: health before a tap,
 * "printing…" after it, then printed or failed from the job report for that very ticket.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeviceHealth, PrintJobReport } from '../../../src/shared/devices'
import { useDevicesStore } from '../../../src/renderer/src/stores/devices'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { PRINT_FAILED_SHOW_S, PRINT_WAIT_MARGIN_S, TICKET_SHOW_S, useKioskStore } from '../../../src/renderer/src/stores/kiosk'
import { FakeTransport, ScriptedHall } from '../support'

let hub: ScriptedHall
let transport: FakeTransport

const health = (id: string, patch: Partial<DeviceHealth> = {}): DeviceHealth => ({
  id,
  name: id,
  kind: 'printer',
  backend: 'serial',
  enabled: true,
  port: '/dev/ttyS0',
  connected: true,
  responding: true,
  problems: [],
  lastError: null,
  lastOkAt: null,
  since: 0,
  virtual: null,
  ...patch,
})
const job = (ticketId: number, ok: boolean, deviceId = 'door'): PrintJobReport => ({
  deviceId,
  ticketId,
  number: 'X',
  ok,
  problem: ok ? null : 'notConnected',
  detail: null,
  sent: false,
  bytes: 0,
  at: 0,
  durationMs: 0,
})
const devicesMessage = (m: object) => transport.sink!.message({ type: 'devices', ...m })

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  hub = new ScriptedHall()
  hub.now = Date.now()
  hub.run('openCounter', { counterId: 1 }, 1)
  hub.run('updateSettings', {
    patch: {
      devices: {
        list: [
          { id: 'door', name: '门口打印机', kind: 'printer', connection: { type: 'serial', path: '/dev/ttyS0' }, jobTimeoutSec: 20, terminals: ['kiosk-door'] },
          { id: 'hall', name: '大厅打印机', kind: 'printer', connection: { type: 'virtual' }, terminals: ['kiosk-hall'] },
        ],
      },
    },
  })
  transport = new FakeTransport()
  useDevicesStore()
  useHallStore().start(transport)
  transport.connect(hub.seq, hub.state)
  devicesMessage({ event: 'snapshot', devices: [health('door'), health('hall', { backend: 'virtual', port: null })] })
  transport.replies.set('issueTicket', (p) => {
    const { logged, result } = hub.run('issueTicket', p)
    transport.push(logged)
    return result
  })
})
afterEach(() => vi.useRealTimers())

describe('the kiosk and its printer', () => {
  it('watches its own printer: down before anyone taps when the paper is out, fine again when it is back', () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-door')
    expect(kiosk.printer?.id).toBe('door')
    expect(kiosk.printerDown).toBe(false)
    devicesMessage({ event: 'health', device: health('hall', { connected: false, problems: ['notConnected'] }) })
    expect(kiosk.printerDown).toBe(false) // another kiosk's printer
    devicesMessage({ event: 'health', device: health('door', { problems: ['paperNearEnd'] }) })
    expect(kiosk.printerDown).toBe(false) // still prints
    devicesMessage({ event: 'health', device: health('door', { problems: ['paperOut'] }) })
    expect(kiosk.printerDown).toBe(true)
    devicesMessage({ event: 'health', device: health('door') })
    expect(kiosk.printerDown).toBe(false)
  })

  it('printing…, then printed, from the job report of this ticket', async () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-door')
    await kiosk.issue('MOBILE')
    const id = kiosk.shown!.ticket.id
    expect(kiosk.printStatus).toBe('printing')
    devicesMessage({ event: 'printJob', job: job(id + 50, false) })
    expect(kiosk.printStatus).toBe('printing')
    devicesMessage({ event: 'printJob', job: job(id, true) })
    expect(kiosk.printStatus).toBe('printed')
    expect(kiosk.secondsLeft).toBe(TICKET_SHOW_S)
  })

  it('failed: the number stays up to be photographed, also when the report beat the answer to the tap', async () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-door')
    transport.replies.set('issueTicket', (p) => {
      const { logged, result } = hub.run('issueTicket', p)
      transport.push(logged)
      // The hub's stream is faster than the command's own answer.
      devicesMessage({ event: 'printJob', job: job(result.ticket.id, false) })
      return result
    })
    await kiosk.issue('MOBILE')
    expect(kiosk.printStatus).toBe('failed')
    expect(kiosk.secondsLeft).toBe(PRINT_FAILED_SHOW_S)
  })

  it('no word from the hub past the job timeout counts as a failure, and brings the number back', async () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-door')
    await kiosk.issue('MOBILE')
    const number = kiosk.shown!.ticket.number
    await vi.advanceTimersByTimeAsync(TICKET_SHOW_S * 1000)
    expect(kiosk.shown).toBeNull()
    await vi.advanceTimersByTimeAsync((20 + PRINT_WAIT_MARGIN_S - TICKET_SHOW_S) * 1000 - 100)
    expect(kiosk.shown).toBeNull()
    await vi.advanceTimersByTimeAsync(200)
    expect(kiosk.shown?.ticket.number).toBe(number)
    expect(kiosk.printStatus).toBe('failed')
  })

  it('a result in time stops the wait: nothing comes back later', async () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-door')
    await kiosk.issue('MOBILE')
    devicesMessage({ event: 'printJob', job: job(kiosk.shown!.ticket.id, true) })
    kiosk.backToStart()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(kiosk.shown).toBeNull()
  })

  it('a kiosk no printer serves says nothing about printing', async () => {
    const kiosk = useKioskStore()
    kiosk.configure('kiosk-side')
    expect(kiosk.printer).toBeNull()
    await kiosk.issue('MOBILE')
    expect(kiosk.printStatus).toBe('none')
    expect(kiosk.printerDown).toBe(false)
  })
})
