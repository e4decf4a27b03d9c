/**
 * Serial devices for tests on SerialPortMock's binding: a script plays the device (answers
 * what it is sent), and the test can make the port hang, throw, or vanish and come back.
 */
import { SerialPortMock } from 'serialport'
import type { SerialBinding } from '../../src/main/devices/port'

const mock = SerialPortMock.binding
type MockPort = Awaited<ReturnType<typeof mock.open>>

export type Behaviour = 'normal' | 'hang' | 'throw'

export class FakeSerialDevice {
  /** Every chunk the hub wrote, in order. */
  readonly written: Buffer[] = []
  behaviour: Behaviour = 'normal'
  unplugged = false
  opens = 0
  /** The options the hub opened the port with, last time. */
  openOptions: Record<string, unknown> | null = null
  private port: MockPort | null = null
  /** The device's answer to what it receives (the default: silence). */
  respond: (chunk: Buffer, reply: (bytes: number[] | Buffer) => void) => void = () => {}

  constructor(readonly path: string) {
    mock.createPort(path)
  }

  get all(): Buffer {
    return Buffer.concat(this.written)
  }

  readonly binding = {
    ...mock,
    list: () => mock.list(),
    open: async (options: Parameters<typeof mock.open>[0]) => {
      if (this.unplugged) throw new Error(`Error: No such file or directory, cannot open ${options.path}`)
      const port = await mock.open(options)
      this.opens++
      this.openOptions = { ...options }
      this.port = port
      const write = port.write.bind(port)
      port.write = async (buffer: Buffer) => {
        if (this.behaviour === 'hang') return new Promise<void>(() => {})
        if (this.behaviour === 'throw') throw new Error('EIO: i/o error, write')
        await write(buffer)
        this.written.push(Buffer.from(buffer))
        this.respond(Buffer.from(buffer), (bytes) => {
          setImmediate(() => {
            if (port.isOpen) port.emitData(Buffer.from(bytes))
          })
        })
      }
      // A hung device also never finishes draining.
      const drain = port.drain.bind(port)
      port.drain = async () => (this.behaviour === 'hang' ? new Promise<void>(() => {}) : drain())
      return port
    },
  } as unknown as SerialBinding

  /** Sends bytes to the hub as if the device had (a key press). */
  emit(bytes: number[] | Buffer): void {
    if (!this.port?.isOpen) throw new Error('the hub has not opened the port')
    this.port.emitData(Buffer.from(bytes))
  }

  /** The cable is pulled: the open port fails like a vanished USB adapter, and reopening fails. */
  unplug(): void {
    this.unplugged = true
    const port = this.port as unknown as { pendingRead: ((err?: Error) => void) | null } | null
    const pending = port?.pendingRead
    if (pending) pending(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }))
  }

  plugIn(): void {
    this.unplugged = false
  }
}

export function resetFakeSerial(): void {
  mock.reset()
}

/** A printer that answers every DLE EOT with the given status bytes (all well by default). */
export function answerStatus(device: FakeSerialDevice, status: () => [number, number, number, number] = () => [0x12, 0x12, 0x12, 0x12]): void {
  device.respond = (chunk, reply) => {
    const asked: number[] = []
    for (let i = 0; i + 2 < chunk.length; i++) if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) asked.push(chunk[i + 2]!)
    if (asked.length > 0) reply(asked.map((n) => status()[n - 1]!))
  }
}

export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
