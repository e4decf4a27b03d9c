/**
 * The drivers on SerialPortMock's binding: a scripted printer, bars and keypads that answer,
 * go silent, hang, throw, and vanish mid-job.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { serialConnectionSchema, displayFrameSchema } from '../../../src/shared/devices'
import { DisplayBus } from '../../../src/main/devices/display-bus'
import { encodeTicket } from '../../../src/main/devices/escpos'
import { EscPosPrinter } from '../../../src/main/devices/escpos-printer'
import { KeypadBus } from '../../../src/main/devices/keypad-bus'
import { compileFrame, encodeFrame, keypadFrames, matchFrame } from '../../../src/main/devices/led-frame'
import { serialPortOpener } from '../../../src/main/devices/port'
import { PortLink } from '../../../src/main/devices/port-link'
import { DISPLAY_PRESETS } from '../../../src/shared/device-presets'
import { decodeText } from '../../../src/main/devices/text-encoding'
import { answerStatus, FakeSerialDevice, resetFakeSerial, until } from '../../support/fake-serial'
import { customerText, readEscPos } from '../../support/escpos-reader'
import { silentLogger } from '../../support/hall-fixture'

const links: PortLink[] = []
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.stop()))
  resetFakeSerial()
})

async function linkTo(device: FakeSerialDevice): Promise<PortLink> {
  const link = new PortLink({
    name: device.path,
    open: serialPortOpener(serialConnectionSchema.parse({ type: 'serial', path: device.path }), device.binding),
    logger: silentLogger,
    backoff: { minMs: 20, maxMs: 100 },
  })
  links.push(link)
  link.start()
  await until(() => link.state.connected, 5000, 'the port to open')
  return link
}

const ticket = encodeTicket(
  [
    { kind: 'text', text: '中国电信营业厅', align: 'center', size: 2, bold: true },
    { kind: 'text', text: 'A023', align: 'center', size: 4, bold: true },
  ],
  3,
)
const STATUS_REQUEST_LENGTH = 12

describe('the ESC/POS printer driver', () => {
  it('asks for the status, then prints; the printer gets exactly the ticket', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN1')
    answerStatus(device)
    const printer = new EscPosPrinter(await linkTo(device), { statusPolling: true, jobTimeoutMs: 3000 })
    const outcome = await printer.print(ticket)
    expect(outcome).toEqual({ ok: true, problem: null, detail: null, sent: true })
    const bytes = device.all
    expect([...bytes.subarray(0, 3)]).toEqual([0x10, 0x04, 0x01])
    const job = bytes.subarray(STATUS_REQUEST_LENGTH, STATUS_REQUEST_LENGTH + ticket.length)
    expect(customerText(readEscPos(job))).toEqual(['中国电信营业厅', 'A023'])
    expect(printer.status).toEqual({ responding: true, problems: [] })
  })

  it('does not send a ticket to a printer out of paper, and says so', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN2')
    answerStatus(device, () => [0x1a, 0x32, 0x12, 0x7e])
    const printer = new EscPosPrinter(await linkTo(device), { statusPolling: true, jobTimeoutMs: 3000 })
    const outcome = await printer.print(ticket)
    expect(outcome).toMatchObject({ ok: false, problem: 'paperOut', sent: false })
    expect(device.all.length).toBe(STATUS_REQUEST_LENGTH)
    expect(printer.status.problems).toEqual(['paperOut', 'paperNearEnd'])
  })

  it('prints on paper near its end, and reports the warning', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN3')
    answerStatus(device, () => [0x12, 0x12, 0x12, 0x1e])
    const printer = new EscPosPrinter(await linkTo(device), { statusPolling: true, jobTimeoutMs: 3000 })
    expect(await printer.print(ticket)).toMatchObject({ ok: true })
    expect(printer.status.problems).toEqual(['paperNearEnd'])
  })

  it('a silent printer fails the job quickly with noResponse and nothing sent', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN4')
    const printer = new EscPosPrinter(await linkTo(device), { statusPolling: true, jobTimeoutMs: 5000, statusTimeoutMs: 200 })
    const started = Date.now()
    expect(await printer.print(ticket)).toMatchObject({ ok: false, problem: 'noResponse', sent: false })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(printer.status.responding).toBe(false)
  })

  it('a port that hangs fails the job at its timeout, is reopened, and the next job prints', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN5')
    answerStatus(device)
    const link = await linkTo(device)
    const printer = new EscPosPrinter(link, { statusPolling: false, jobTimeoutMs: 300 })
    device.behaviour = 'hang'
    expect(await printer.print(ticket)).toMatchObject({ ok: false, problem: 'timeout', sent: true })
    device.behaviour = 'normal'
    await until(() => device.opens >= 2 && link.state.connected, 5000, 'the port to be reopened')
    expect(await printer.print(ticket)).toMatchObject({ ok: true })
  })

  it('a port that throws fails the job without crashing, and comes back', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN6')
    answerStatus(device)
    const link = await linkTo(device)
    const printer = new EscPosPrinter(link, { statusPolling: true, jobTimeoutMs: 2000 })
    device.behaviour = 'throw'
    const outcome = await printer.print(ticket)
    expect(outcome.ok).toBe(false)
    expect(['writeFailed', 'notConnected']).toContain(outcome.problem)
    device.behaviour = 'normal'
    await until(() => link.state.connected, 5000, 'reconnect')
    expect(await printer.print(ticket)).toMatchObject({ ok: true })
  })

  it('a printer that vanishes mid-job: the job fails, is not sent again, and later jobs print after it returns', async () => {
    const device = new FakeSerialDevice('/dev/ttyPRN7')
    let vanishOnTicket = true
    device.respond = (chunk, reply) => {
      if (chunk[0] === 0x10) reply([0x12, 0x12, 0x12, 0x12])
      else if (vanishOnTicket) device.unplug()
    }
    const link = await linkTo(device)
    const printer = new EscPosPrinter(link, { statusPolling: true, jobTimeoutMs: 2000, statusTimeoutMs: 300 })
    const outcome = await printer.print(ticket)
    expect(outcome).toMatchObject({ ok: false, sent: true })
    await until(() => !link.state.connected, 2000, 'the link to notice')
    // While unplugged a job fails at once: nothing is kept to print later.
    expect(await printer.print(ticket)).toMatchObject({ ok: false, problem: 'notConnected', sent: false })
    vanishOnTicket = false
    device.plugIn()
    await until(() => link.state.connected, 5000, 'reconnect')
    const ticketsSent = () => device.written.filter((c) => c[0] === 0x1b).length
    expect(ticketsSent()).toBe(1)
    expect(await printer.print(ticket)).toMatchObject({ ok: true })
    expect(ticketsSent()).toBe(2)
  })
})

describe('LED bars on a shared bus', () => {
  const aa = displayFrameSchema.parse(DISPLAY_PRESETS['aa-window-screen'])
  const frames = (device: FakeSerialDevice) =>
    device.written.map((chunk) => {
      const m = matchFrame(compileFrame(aa), chunk) as { frame: { addr: number; text: Buffer } }
      return [m.frame.addr, decodeText(m.frame.text, 'gbk')]
    })

  it('sends frames in order, one at a time, with the gap between them', async () => {
    const device = new FakeSerialDevice('/dev/ttyBUS1')
    const times: number[] = []
    device.respond = () => times.push(Date.now())
    const bus = new DisplayBus(await linkTo(device), { ...aa, gapMs: 80 }, silentLogger)
    bus.show(1, 'A001 请到1号窗口')
    bus.show(2, 'B001 请到2号窗口')
    bus.show(3, '请A023到3窗口')
    await until(() => device.written.length === 3, 5000, 'three frames')
    expect(frames(device)).toEqual([
      [1, 'A001 请到1号窗口'],
      [2, 'B001 请到2号窗口'],
      [3, '请A023到3窗口'],
    ])
    // The documented frame goes over the bus exactly as documented.
    expect(device.written[2]!.toString('hex').match(/../g)!.join(' ')).toBe('aa 03 bb 51 54 26 01 00 99 00 63 c7 eb 41 30 32 33 b5 bd 33 b4 b0 bf da ff')
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(75)
  })

  it('while the bus is down keeps only the latest text per bar, and repaints when it returns', async () => {
    const device = new FakeSerialDevice('/dev/ttyBUS2')
    const link = await linkTo(device)
    const bus = new DisplayBus(link, { ...aa, gapMs: 0 }, silentLogger)
    bus.show(1, '1号窗口')
    await until(() => device.written.length === 1, 5000, 'first frame')
    device.unplug()
    await until(() => !link.state.connected, 2000, 'unplugged')
    bus.show(1, 'A001 请到1号窗口')
    bus.show(1, 'A002 请到1号窗口')
    bus.show(2, 'B001 请到2号窗口')
    device.plugIn()
    await until(() => device.written.length >= 3, 5000, 'repaint')
    await new Promise((r) => setTimeout(r, 100))
    expect(frames(device).slice(1)).toEqual([
      [1, 'A002 请到1号窗口'],
      [2, 'B001 请到2号窗口'],
    ])
  })

  it('with an ack in the template: waits for it, retries once, then reports noAck', async () => {
    const withAck = displayFrameSchema.parse({ ...DISPLAY_PRESETS['aa-window-screen'], gapMs: 0, ack: { frame: 'AA {addr} 06', timeoutMs: 100, retries: 1 } })
    const device = new FakeSerialDevice('/dev/ttyBUS3')
    let acking = true
    device.respond = (chunk, reply) => {
      if (acking) reply([0xaa, chunk[1]!, 0x06])
    }
    const bus = new DisplayBus(await linkTo(device), withAck, silentLogger)
    expect(await bus.send(3, '请A023到3窗口')).toMatchObject({ ok: true })
    expect(device.written).toHaveLength(1)
    acking = false
    expect(await bus.send(3, '请A024到3窗口')).toMatchObject({ ok: false, problem: 'noAck' })
    expect(device.written).toHaveLength(3)
    // An ack for another address is not this bar's ack.
    device.respond = (_chunk, reply) => reply([0xaa, 0x09, 0x06])
    expect(await bus.send(3, '请A025到3窗口')).toMatchObject({ ok: false, problem: 'noAck' })
  })
})

describe('evaluator keypads', () => {
  const frames = keypadFrames({ preset: 'stx-keypad' } as never)
  const key = compileFrame(frames.keyFrame)

  it('asks the keypad at the counter, and a key press is the score', async () => {
    const device = new FakeSerialDevice('/dev/ttyKEY1')
    const keypad = new KeypadBus(await linkTo(device), frames, silentLogger)
    const answer = keypad.ask(3, 2000)
    await until(() => device.written.length === 1, 2000, 'the question')
    expect(device.written[0]!.toString('hex')).toBe(encodeFrame(compileFrame(frames.requestFrame!), { addr: 3 }).toString('hex'))
    device.emit(encodeFrame(key, { addr: 4, key: 1 })) // another counter's keypad: not this question
    device.emit(encodeFrame(key, { addr: 3, key: 0x09 })) // not a rating key
    device.emit(encodeFrame(key, { addr: 3, key: 2 }))
    expect(await answer).toBe(3)
  })

  it('no key press: no score after the timeout', async () => {
    const device = new FakeSerialDevice('/dev/ttyKEY2')
    const keypad = new KeypadBus(await linkTo(device), frames, silentLogger)
    expect(await keypad.ask(3, 150)).toBeNull()
  })

  it('a newer question to the same keypad replaces the older one', async () => {
    const device = new FakeSerialDevice('/dev/ttyKEY3')
    const keypad = new KeypadBus(await linkTo(device), frames, silentLogger)
    const first = keypad.ask(5, 5000)
    const second = keypad.ask(5, 5000)
    expect(await first).toBeNull()
    device.emit(encodeFrame(key, { addr: 5, key: 4 }))
    expect(await second).toBe(1)
  })
})

describe('port settings', () => {
  it.each([
    ['xonxoff', { xon: true, xoff: true, rtscts: false }],
    ['rtscts', { xon: false, xoff: false, rtscts: true }],
    ['none', { xon: false, xoff: false, rtscts: false }],
  ] as const)('flow control %s reaches the port', async (flowControl, expected) => {
    const device = new FakeSerialDevice(`/dev/ttyFLOW-${flowControl}`)
    const link = new PortLink({
      name: device.path,
      open: serialPortOpener(serialConnectionSchema.parse({ type: 'serial', path: device.path, baudRate: 19200, parity: 'even', dataBits: 7, stopBits: 2, flowControl }), device.binding),
      logger: silentLogger,
    })
    links.push(link)
    link.start()
    await until(() => link.state.connected, 5000, 'open')
    expect(device.openOptions).toMatchObject({ ...expected, baudRate: 19200, parity: 'even', dataBits: 7, stopBits: 2 })
  })
})
