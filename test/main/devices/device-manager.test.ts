/**
 * The device manager on a real hall (production migrations, in-memory database): kiosk
 * tickets printed, bars and the board following the counters, the keypad rating a service,
 * and dead devices never holding the hall up.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DevicesStreamMessage, PrintJobReport } from '../../../src/shared/devices'
import { DeviceManager } from '../../../src/main/devices/device-manager'
import { compileFrame, encodeFrame, keypadFrames } from '../../../src/main/devices/led-frame'
import { serialPortOpener, type DevicePort } from '../../../src/main/devices/port'
import { answerStatus, FakeSerialDevice, resetFakeSerial, until } from '../../support/fake-serial'
import { clerkAtCounter, openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

let f: Fixture
let manager: DeviceManager
let messages: DevicesStreamMessage[]

const virtualPrinter = { id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'virtual' }, paper: '58' }
const virtualBars = { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'virtual' }, preset: 'aa-window-screen', text: '{number} 请到{counter}号窗口' }
const virtualBoard = { id: 'board', name: '综合屏', kind: 'hallBoard', connection: { type: 'virtual' }, addresses: [0], calls: 2 }

async function configure(list: unknown[]): Promise<void> {
  await f.run('updateSettings', { patch: { devices: { list } } }, f.adminToken)
}

function start(extra: Partial<ConstructorParameters<typeof DeviceManager>[0]> = {}): void {
  manager = new DeviceManager({ hall: f.hall, logger: silentLogger, backoff: { minMs: 20, maxMs: 100 }, ...extra })
  manager.start()
  manager.subscribe((m) => messages.push(m))
}

const health = (id: string) => manager.health().find((d) => d.id === id)!
const jobs = () => messages.flatMap((m) => (m.event === 'printJob' ? [m.job] : [])) as PrintJobReport[]
const texts = (id: string) => (health(id).virtual as { texts: Record<string, string> } | null)?.texts ?? {}

beforeEach(async () => {
  f = await openHall()
  messages = []
})
afterEach(async () => {
  await manager?.stop()
  f.close()
  resetFakeSerial()
})

describe('with virtual devices', () => {
  beforeEach(async () => {
    start()
    await configure([virtualPrinter, virtualBars, virtualBoard])
    await until(() => manager.health().every((d) => d.connected), 3000, 'virtual devices')
  })

  it('prints kiosk tickets, and only kiosk tickets, and reports each job', async () => {
    const { ticket } = await f.run('issueTicket', { serviceId: 'MOBILE' })
    await until(() => jobs().length === 1, 3000, 'the print job')
    expect(jobs()[0]).toMatchObject({ deviceId: 'kiosk-printer', ticketId: ticket.id, number: 'A001', ok: true, sent: true })
    const printed = health('kiosk-printer').virtual as { printed: number; lastTicket: string[] }
    expect(printed.printed).toBe(1)
    expect(printed.lastTicket.map((l) => l.trim())).toEqual(expect.arrayContaining(['中国电信营业厅', '移动业务', 'A001', '您前面还有 0 人在等候']))
    const clerk = await clerkAtCounter(f, '1001', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE', source: 'counter' }, clerk)
    await new Promise((r) => setTimeout(r, 200))
    expect(jobs()).toHaveLength(1)
    expect(health('kiosk-printer').lastOkAt).not.toBeNull()
  })

  it('prints with the printer of the kiosk that issued, paired or on the hub PC', async () => {
    const door = { ...virtualPrinter, id: 'door', name: '门口打印机', terminals: ['kiosk-door'] }
    await configure([door, virtualPrinter, virtualBars, virtualBoard])
    await until(() => manager.health().every((d) => d.connected), 3000, 'virtual devices')
    const asKiosk = (terminal: string) => f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal, local: true })
    // A kiosk paired as 门口取号机 (terminal #4) whose page says ?terminal=kiosk-door.
    const a = await asKiosk('门口取号机#4@kiosk-door@192.168.1.20')
    const b = await asKiosk('kiosk-hall@192.168.1.21')
    await until(() => jobs().length === 2, 3000, 'two print jobs')
    expect(jobs().map((j) => [j.ticketId, j.deviceId]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [a.ticket.id, 'door'],
      [b.ticket.id, 'kiosk-printer'],
    ])
  })

  it('a kiosk whose printer cannot be used hears that its ticket was not printed', async () => {
    await configure([{ ...virtualPrinter, connection: { type: 'serial', path: '/dev/ttyShared', baudRate: 9600 }, terminals: ['kiosk-door'] }, { ...virtualBars, connection: { type: 'serial', path: '/dev/ttyShared', baudRate: 19200 } }])
    const { ticket } = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk-door@10.0.0.2', local: true })
    await until(() => jobs().length === 1, 3000, 'the report')
    expect(jobs()[0]).toMatchObject({ ticketId: ticket.id, ok: false, sent: false })
  })

  it('bars show the called number at their counter, then the idle, paused and closed texts', async () => {
    const clerk = await clerkAtCounter(f, '1001', 1)
    await until(() => texts('bars')['1'] === '1号窗口', 3000, 'idle text')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, clerk)
    await until(() => texts('bars')['1'] === 'A001 请到1号窗口', 3000, 'called text')
    expect(texts('bars')['2']).toBe('') // counter 2 is closed
    await f.run('startService', { counterId: 1 }, clerk)
    await f.run('finishService', { counterId: 1 }, clerk)
    await until(() => texts('bars')['1'] === '1号窗口', 3000, 'idle again')
    await f.run('pauseCounter', { counterId: 1, reason: 'meal' }, clerk)
    await until(() => texts('bars')['1'] === '暂停服务', 3000, 'paused')
    await f.run('resumeCounter', { counterId: 1 }, clerk)
    await f.run('closeCounter', { counterId: 1 }, clerk)
    await until(() => texts('bars')['1'] === '', 3000, 'closed')
  })

  it('the hall board shows the latest calls, newest first, a recall moving to the front', async () => {
    const one = await clerkAtCounter(f, '1001', 1)
    const two = await clerkAtCounter(f, '1002', 2)
    expect(texts('board')['0']).toBe('欢迎光临')
    for (let i = 0; i < 3; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, one)
    await f.run('callNext', { counterId: 2 }, two)
    await until(() => texts('board')['0'] === 'A002→2号  A001→1号', 3000, 'two calls')
    await f.run('recall', { counterId: 1 }, one)
    await until(() => texts('board')['0'] === 'A001→1号  A002→2号', 3000, 'recall first')
  })

  it('a test print and a test display go out and are answered', async () => {
    const print = await manager.test('kiosk-printer', {})
    expect(print).toMatchObject({ kind: 'printer', job: { ok: true, ticketId: null } })
    expect((health('kiosk-printer').virtual as { lastTicket: string[] }).lastTicket.join('\n')).toContain('（测试）')
    const display = await manager.test('bars', { text: '测试', address: 3 })
    expect(display).toEqual({ kind: 'display', ok: true, problem: null, detail: null, addresses: [3] })
    await expect(manager.test('nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_DEVICE' })
    await expect(manager.test('bars', { text: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('a changed device is rebuilt with its new settings', async () => {
    const clerk = await clerkAtCounter(f, '1001', 2)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 2 }, clerk)
    await until(() => texts('bars')['2'] === 'A001 请到2号窗口', 3000, 'first template')
    await configure([virtualPrinter, { ...virtualBars, text: '{number}' }, virtualBoard])
    await until(() => texts('bars')['2'] === 'A001', 3000, 'new template')
  })

  it('follows settings changes: a removed device goes, a disabled one is listed but not used', async () => {
    await configure([{ ...virtualPrinter, enabled: false }, virtualBars])
    expect(manager.health().map((d) => [d.id, d.enabled])).toEqual([
      ['bars', true],
      ['kiosk-printer', false],
    ])
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await new Promise((r) => setTimeout(r, 150))
    expect(jobs()).toEqual([])
  })
})

describe('with serial devices', () => {
  it('the keypad at the counter rates the finished service as the evaluator', async () => {
    const keypad = new FakeSerialDevice('/dev/ttyKEYS')
    start({ binding: keypad.binding })
    await configure([{ id: 'keys', name: '评价器', kind: 'evaluator', connection: { type: 'serial', path: '/dev/ttyKEYS' }, timeoutSec: 5 }])
    await until(() => health('keys').connected, 3000, 'keypad port')
    const clerk = await clerkAtCounter(f, '1001', 3)
    await f.run('issueTicket', { serviceId: 'BROADBAND' })
    await f.run('callNext', { counterId: 3 }, clerk)
    await f.run('startService', { counterId: 3 }, clerk)
    const { record } = await f.run('finishService', { counterId: 3 }, clerk)
    await until(() => keypad.written.length === 1, 3000, 'the question to keypad 3')
    const key = compileFrame(keypadFrames({ preset: 'stx-keypad' } as never).keyFrame)
    keypad.emit(encodeFrame(key, { addr: 3, key: 1 }))
    await until(() => f.hall.state.records[record.id]!.rating !== null, 3000, 'the rating')
    expect(f.hall.state.records[record.id]!.rating).toBe(4)
    expect(f.hall.state.records[record.id]!.ratingChannel).toBe('keypad')
    expect(f.store.logAfter(0, 1000).at(-1)).toMatchObject({ command: 'rateService', actor: { role: 'system', terminal: 'evaluator-3' } })
  })

  it('a missing printer, a hanging bus and a throwing port never hold up issuing or calling', async () => {
    const printer = new FakeSerialDevice('/dev/ttyPRN')
    printer.unplugged = true
    const bus = new FakeSerialDevice('/dev/ttyBUS')
    bus.behaviour = 'hang'
    const bindings: Record<string, FakeSerialDevice> = { '/dev/ttyPRN': printer, '/dev/ttyBUS': bus }
    start({
      openSerial: (connection) => {
        if (connection.path === '/dev/ttyBAD') {
          return () => {
            throw new Error('driver crashed')
          }
        }
        return serialPortOpener(connection, bindings[connection.path]!.binding)
      },
    })
    await configure([
      { id: 'printer', name: '打印机', kind: 'printer', connection: { type: 'serial', path: '/dev/ttyPRN' }, jobTimeoutSec: 2 },
      { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'serial', path: '/dev/ttyBUS' } },
      { id: 'board', name: '综合屏', kind: 'hallBoard', connection: { type: 'serial', path: '/dev/ttyBAD' } },
    ])
    const clerk = await clerkAtCounter(f, '1001', 1)
    const started = Date.now()
    for (let i = 0; i < 5; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    for (let i = 0; i < 3; i++) {
      await f.run('callNext', { counterId: 1 }, clerk)
      await f.run('noShow', { counterId: 1 }, clerk)
    }
    // Eleven commands, unaffected by three broken devices (waiting for them would take 2 s each).
    expect(Date.now() - started).toBeLessThan(5000)
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(5)
    await until(() => jobs().length === 5, 3000, 'five failed print reports')
    expect(jobs().every((j) => !j.ok && j.problem === 'notConnected' && !j.sent)).toBe(true)
    expect(health('printer')).toMatchObject({ connected: false, problems: ['notConnected'], lastError: { problem: 'notConnected' } })
    expect(health('board')).toMatchObject({ connected: false, lastError: { problem: 'notConnected', detail: 'driver crashed' } })
    // The printer comes back: the next ticket prints; the five failed ones are not printed now.
    answerStatus(printer)
    printer.plugIn()
    await until(() => health('printer').connected, 5000, 'printer back')
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await until(() => jobs().length === 6, 3000, 'sixth job')
    expect(jobs()[5]).toMatchObject({ ok: true, number: 'A006' })
    expect(printer.written.filter((c) => c[0] === 0x1b)).toHaveLength(1)
  })

  it('two devices on one port with different settings: the second reports a conflict', async () => {
    const bus = new FakeSerialDevice('/dev/ttyRS485')
    start({ binding: bus.binding })
    await configure([
      { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'serial', path: '/dev/ttyRS485', baudRate: 9600 } },
      { id: 'board', name: '综合屏', kind: 'hallBoard', connection: { type: 'serial', path: '/dev/ttyRS485', baudRate: 19200 } },
    ])
    expect(health('board').problems).toEqual(['portConflict'])
    await until(() => health('bars').connected, 3000, 'bars connected')
  })

  it('health changes are pushed: down when the cable is pulled, up when it returns', async () => {
    const bus = new FakeSerialDevice('/dev/ttyBARS')
    start({ binding: bus.binding })
    await configure([{ id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'serial', path: '/dev/ttyBARS' } }])
    expect(messages[0]).toMatchObject({ type: 'devices', event: 'snapshot', devices: [] })
    await until(() => health('bars').connected, 3000, 'connected')
    const seen = () => messages.flatMap((m) => (m.event === 'health' && m.device.id === 'bars' ? [m.device.connected] : []))
    bus.unplug()
    await until(() => seen().at(-1) === false, 3000, 'down pushed')
    bus.plugIn()
    await until(() => seen().at(-1) === true, 3000, 'up pushed')
    expect(health('bars').problems).toEqual([])
  })
})

describe('a wedged port that never finishes a write or a close', () => {
  it('fails its jobs, and does not hold up the hall or stopping the manager', async () => {
    start({
      openSerial: () => async (): Promise<DevicePort> => ({
        path: '/dev/ttyWEDGED',
        write: () => new Promise(() => {}),
        close: () => new Promise(() => {}),
        onData: () => () => {},
        onClose: () => () => {},
      }),
    })
    await configure([{ id: 'printer', name: '打印机', kind: 'printer', connection: { type: 'serial', path: '/dev/ttyWEDGED' }, jobTimeoutSec: 2 }])
    await until(() => health('printer').connected, 3000, 'open')
    const started = Date.now()
    const { ticket } = await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(ticket.number).toBe('A001')
    expect(Date.now() - started).toBeLessThan(1500)
    // The status poll on opening hangs first; the ticket behind it fails rather than waits.
    await until(() => jobs().length === 1, 8000, 'the job to fail')
    expect(jobs()[0]!.ok).toBe(false)
    expect(['timeout', 'notConnected']).toContain(jobs()[0]!.problem)
    const stopping = Date.now()
    await manager.stop()
    expect(Date.now() - stopping).toBeLessThan(3000)
  })
})
