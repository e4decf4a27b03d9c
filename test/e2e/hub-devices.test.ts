/**
 * The real hub process (`npm run hub`'s entry) driving a ticket printer and a bus of LED bars
 * over socat PTY pairs, the test playing both devices. Mid-day the cables are pulled (socat
 * killed): the queue goes on, the devices show as down on GET /devices and the event stream,
 * and they are back within 5 seconds of the cables returning. The reconnect time is measured.
 */
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StreamMessage } from '../../src/shared/api'
import type { DeviceHealth, PrintJobReport } from '../../src/shared/devices'
import { customerText, readEscPos } from '../support/escpos-reader'
import { until } from '../support/fake-serial'
import { tempDir } from '../support/hall-fixture'
import { startHub, type HubProcess } from '../support/hub-process'
import { DeviceEnd, printerAnswers, SocatPair, withoutStatusRequests } from '../support/socat'

const PIN = '864200'
const DOCUMENTED_FRAME = 'aa 03 bb 51 54 26 01 00 99 00 63 c7 eb 41 30 32 33 b5 bd 33 b4 b0 bf da ff'

let data: { dir: string; remove(): void }
let hub: HubProcess
let printerCable: SocatPair
let barsCable: SocatPair
const ends: DeviceEnd[] = []
let printer: DeviceEnd
let bars: DeviceEnd
let ws: WebSocket
const stream: { at: number; message: StreamMessage }[] = []
let admin: string
let clerk: string

const hex = (b: Buffer) => b.toString('hex').match(/../g)?.join(' ') ?? ''
const ok = async (name: string, body: unknown, token?: string) => {
  const res = await hub.command(name, body, token)
  expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(200)
  return res.body
}
async function deviceEnd(path: string, answer?: (fresh: Buffer) => number[] | null): Promise<DeviceEnd> {
  const end = new DeviceEnd()
  end.answer = answer ?? null
  await end.open(path)
  ends.push(end)
  return end
}
const healthMessages = (id: string) =>
  stream.flatMap(({ at, message }) => (message.type === 'devices' && message.event === 'health' && message.device.id === id ? [{ at, device: message.device }] : []))
const printJobs = () => stream.flatMap(({ message }) => (message.type === 'devices' && message.event === 'printJob' ? [message.job as PrintJobReport] : []))
const devices = async (): Promise<DeviceHealth[]> => (await hub.get('/api/v1/devices', admin)).body.devices

beforeAll(async () => {
  data = tempDir('hallq-e2e-devices-')
  printerCable = new SocatPair(data.dir, 'printer')
  barsCable = new SocatPair(data.dir, 'bars')
  await printerCable.start()
  await barsCable.start()
  printer = await deviceEnd(printerCable.devicePath, printerAnswers())
  bars = await deviceEnd(barsCable.devicePath)
  hub = await startHub({ dataDir: join(data.dir, 'hall'), adminPin: PIN })
  ws = new WebSocket(hub.url.replace('http', 'ws') + '/api/v1/stream')
  ws.on('message', (d) => stream.push({ at: Date.now(), message: JSON.parse(String(d)) as StreamMessage }))
  await until(() => stream.length > 0, 10_000, 'the stream')
  admin = (await ok('login', { staffCode: 'admin', pin: PIN })).token
  await ok('saveClerk', { staffCode: '3003', name: '张敏', role: 'clerk', active: true, pin: '3333' }, admin)
  clerk = (await ok('login', { staffCode: '3003', pin: '3333' })).token
  await ok(
    'updateSettings',
    {
      patch: {
        devices: {
          list: [
            { id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'serial', path: printerCable.hubPath, baudRate: 9600, flowControl: 'none' }, paper: '58', statusIntervalSec: 0 },
            { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'serial', path: barsCable.hubPath }, preset: 'aa-window-screen', text: '请{number}到{counter}窗口', counters: [3] },
          ],
          ticket: { qrPayload: 'https://hall.example.cn/q/{day}/{number}' },
        },
      },
    },
    admin,
  )
  await until(() => healthMessages('kiosk-printer').at(-1)?.device.connected === true && healthMessages('bars').at(-1)?.device.connected === true, 10_000, 'both devices connected')
  await ok('openCounter', { counterId: 3 }, clerk)
})

afterAll(async () => {
  ws?.close()
  await hub?.stop()
  await Promise.all(ends.map((e) => e.close()))
  await printerCable?.stop()
  await barsCable?.stop()
  data?.remove()
})

describe('the hub with a printer and LED bars on serial PTYs', () => {
  it('prints each kiosk ticket; the customer reads exactly this, with the QR payload, in under 400 bytes', async () => {
    for (let i = 1; i <= 23; i++) await ok('issueTicket', { serviceId: 'MOBILE' })
    await until(() => printJobs().length === 23, 30_000, '23 print jobs')
    expect(printJobs().every((j) => j.ok)).toBe(true)
    const paper = withoutStatusRequests(printer.received)
    const tickets = paper.toString('latin1').split('\x1d\x56\x41\x00').filter((t) => t.length > 0)
    expect(tickets).toHaveLength(23)
    const last = Buffer.from(tickets[22]! + '\x1d\x56\x41\x00', 'latin1')
    const read = readEscPos(last)
    const text = customerText(read)
    expect(text.slice(0, 4)).toEqual(['中国电信营业厅', '移动业务', 'A023', '您前面还有 22 人在等候'])
    expect(text).toContain('过号顺延：错过叫号请到窗口出示本')
    expect(text.at(-1)).toBe('请妥善保管号票，留意叫号')
    expect(read.qr).toEqual([expect.objectContaining({ payload: expect.stringMatching(/^https:\/\/hall\.example\.cn\/q\/\d{4}-\d{2}-\d{2}\/A023$/) })])
    expect(last.length).toBeLessThan(400)
    console.log(`ticket A023 with QR code: ${last.length} bytes`)
  })

  it('calling A023 at counter 3 sends the documented frame to its bar, byte for byte', async () => {
    bars.received = Buffer.alloc(0)
    await ok('callTicket', { counterId: 3, number: 'A023' }, clerk)
    await until(() => hex(bars.received).includes(DOCUMENTED_FRAME), 5000, 'the documented frame')
  })

  it('pulling the cables mid-day changes nothing for the queue; the devices show as down, and are back within 5 s', async () => {
    const pulledAt = Date.now()
    await printerCable.stop()
    await barsCable.stop()
    await Promise.all(ends.splice(0).map((e) => e.close()))

    // The queue goes on as if nothing happened.
    const started = Date.now()
    const issued = await ok('issueTicket', { serviceId: 'MOBILE' })
    expect(issued.ticket.number).toBe('A024')
    await ok('startService', { counterId: 3 }, clerk)
    await ok('finishService', { counterId: 3 }, clerk)
    const next = await ok('callNext', { counterId: 3 }, clerk)
    expect(next.ticket.number).toBe('A001')
    // A command waiting on a device would wait for its 20 s job timeout.
    expect(Date.now() - started).toBeLessThan(5000)

    // Down, on the manager's view and on the stream.
    await until(() => healthMessages('kiosk-printer').at(-1)?.device.connected === false && healthMessages('bars').at(-1)?.device.connected === false, 5000, 'down on the stream')
    const downAt = Math.max(healthMessages('kiosk-printer').at(-1)!.at, healthMessages('bars').at(-1)!.at)
    const down = await devices()
    expect(down.map((d) => [d.id, d.connected, d.problems])).toEqual([
      ['kiosk-printer', false, ['notConnected']],
      ['bars', false, ['notConnected']],
    ])
    await until(() => printJobs().length === 24, 5000, 'the failed job report')
    // Not printed, and said so. Which failure depends on whether the hub saw the cable go before
    // it tried to print: a printer known to be down is not written to (notConnected); a write to
    // a cable pulled a moment before fails (writeFailed, seen in a full run on a loaded machine).
    expect(printJobs()[23]).toMatchObject({ ticketId: issued.ticket.id, ok: false, sent: false })
    expect(['notConnected', 'writeFailed']).toContain(printJobs()[23]!.problem)

    // Some time later the cables return.
    await new Promise((r) => setTimeout(r, 3000))
    await printerCable.start()
    await barsCable.start()
    const backAt = Date.now()
    printer = await deviceEnd(printerCable.devicePath, printerAnswers())
    bars = await deviceEnd(barsCable.devicePath)
    await until(() => healthMessages('kiosk-printer').at(-1)?.device.connected === true && healthMessages('bars').at(-1)?.device.connected === true, 5000, 'up again')
    const upAt = Math.max(healthMessages('kiosk-printer').at(-1)!.at, healthMessages('bars').at(-1)!.at)
    const reconnectMs = upAt - backAt
    expect(reconnectMs).toBeLessThan(5000)
    console.log(`cable pulled → shown down on the stream: ${downAt - pulledAt} ms; cable back → both devices connected: ${reconnectMs} ms`)
    expect((await devices()).every((d) => d.connected)).toBe(true)

    // The bar shows the truth again (A001 is at counter 3 now), and the next ticket prints.
    // 请A001到3窗口 in GBK, as in the documented frame
    const a001AtCounter3 = Buffer.from([0xc7, 0xeb, 0x41, 0x30, 0x30, 0x31, 0xb5, 0xbd, 0x33, 0xb4, 0xb0, 0xbf, 0xda])
    await until(() => bars.received.includes(a001AtCounter3), 5000, 'A001 on the bar')
    await ok('issueTicket', { serviceId: 'MOBILE' })
    await until(() => printJobs().length === 25, 10_000, 'the next print job')
    expect(printJobs()[24]).toMatchObject({ ok: true, number: 'A025' })
    // A024, issued while the printer was away, was reported and is not printed now.
    const after = customerText(readEscPos(withoutStatusRequests(printer.received)))
    expect(after).toContain('A025')
    expect(after).not.toContain('A024')
  })
})
