/**
 * A real kernel serial path for tests: `socat` joins two pseudo-terminals, with stable link
 * paths so a "cable" can be pulled (socat killed) and put back (started again on the same
 * paths). One end is opened by the hub's driver, the other by the test playing the device.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { SerialPort } from 'serialport'
import { requireProgram } from './requirements'

export class SocatPair {
  readonly hubPath: string
  readonly devicePath: string
  private child: ChildProcess | null = null
  log = ''

  constructor(dir: string, name = 'tty') {
    this.hubPath = join(dir, `${name}-hub`)
    this.devicePath = join(dir, `${name}-device`)
  }

  get running(): boolean {
    return this.child !== null
  }

  async start(): Promise<void> {
    if (this.child) return
    // Stale links from an earlier run would point at someone else's PTY.
    rmSync(this.hubPath, { force: true })
    rmSync(this.devicePath, { force: true })
    const child = spawn(requireProgram('socat'), ['-d', '-d', `pty,raw,echo=0,link=${this.hubPath}`, `pty,raw,echo=0,link=${this.devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (d: Buffer) => (this.log += d.toString()))
    this.child = child
    const started = Date.now()
    while (!/starting data transfer loop/.test(this.log) || !existsSync(this.hubPath) || !existsSync(this.devicePath)) {
      if (child.exitCode !== null) throw new Error(`socat exited: ${this.log}`)
      if (Date.now() - started > 10_000) throw new Error(`socat did not start: ${this.log}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /** Pulls the cable: socat ends, both PTYs vanish. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = null
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
    rmSync(this.hubPath, { force: true })
    rmSync(this.devicePath, { force: true })
  }
}

/** The test's side of the cable: a device that receives bytes and may answer. */
export class DeviceEnd {
  received = Buffer.alloc(0)
  /** Answers what arrived since the last answer (`fresh`); returns the bytes to send back. */
  answer: ((fresh: Buffer) => number[] | null) | null = null
  private answeredUpTo = 0
  private port: SerialPort | null = null

  async open(path: string): Promise<void> {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
    port.on('error', () => undefined)
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
    port.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk])
      // A request split across reads is answered once it is whole (a trailing DLE or DLE EOT waits).
      let end = this.received.length
      if (this.received[end - 1] === 0x10) end -= 1
      else if (this.received[end - 2] === 0x10 && this.received[end - 1] === 0x04) end -= 2
      const fresh = this.received.subarray(this.answeredUpTo, end)
      this.answeredUpTo = end
      const reply = this.answer?.(fresh)
      if (reply && reply.length > 0) port.write(Buffer.from(reply))
    })
    this.port = port
  }

  async close(): Promise<void> {
    const port = this.port
    this.port = null
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()))
  }
}

/** A printer's answers: each DLE EOT n gets its status byte. */
export function printerAnswers(status: () => [number, number, number, number] = () => [0x12, 0x12, 0x12, 0x12]) {
  return (chunk: Buffer): number[] | null => {
    const out: number[] = []
    for (let i = 0; i + 2 < chunk.length; i++) if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) out.push(status()[chunk[i + 2]! - 1]!)
    return out
  }
}

/** Bytes the hub sent, without its status requests. */
export function withoutStatusRequests(bytes: Buffer): Buffer {
  const out: number[] = []
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x10 && bytes[i + 1] === 0x04 && (bytes[i + 2] ?? 0) >= 1 && (bytes[i + 2] ?? 0) <= 4) i += 2
    else out.push(bytes[i]!)
  }
  return Buffer.from(out)
}
