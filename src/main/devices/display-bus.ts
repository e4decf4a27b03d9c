/**
 * LED bars and boards on one port: what each address should show, sent frame by frame through
 * the port link's queue with the frame gap, acknowledged when the template asks for it. Only
 * the latest text per address is kept, so a bus that was down for a while sends each bar its
 * current text once instead of a backlog of stale calls.
 */
import type { Logger } from 'pino'
import type { DeviceProblem, FrameTemplate } from '../../shared/devices'
import { ackFrame, compileFrame, encodeDisplayFrame, FrameScanner, type CompiledFrame } from './led-frame'
import { asFailure, DeviceFailure } from './port'
import type { PortLink } from './port-link'

export interface FrameResult {
  address: number
  text: string
  ok: boolean
  problem: DeviceProblem | null
  detail: string | null
}

export class DisplayBus {
  private readonly frame: CompiledFrame
  private readonly ack: CompiledFrame | null
  /** Texts waiting to be sent, oldest first. */
  private readonly pending = new Map<number, string>()
  /** What each address shows (the last text sent and, when asked for, acknowledged). */
  readonly shown = new Map<number, string>()
  /** What each address should show, sent or not: repainted after the port comes back. */
  private readonly wanted = new Map<number, string>()
  private pumping = false
  private readonly listeners = new Set<(result: FrameResult) => void>()
  private readonly unsubscribe: () => void

  constructor(
    private readonly link: PortLink,
    private readonly template: FrameTemplate,
    private readonly logger: Logger,
  ) {
    this.frame = compileFrame(template)
    this.ack = ackFrame(template)
    this.unsubscribe = link.onState((state) => {
      if (state.connected) this.repaint()
    })
  }

  onResult(listener: (result: FrameResult) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Shows `text` at `address` as soon as the bus allows. */
  show(address: number, text: string): void {
    this.wanted.set(address, text)
    this.pending.delete(address)
    this.pending.set(address, text)
    void this.pump()
  }

  /** Sends every address its text again (after a reconnect, or a test). */
  repaint(): void {
    for (const [address, text] of this.wanted) if (!this.pending.has(address)) this.pending.set(address, text)
    void this.pump()
  }

  /** Sends one frame now and says how it went (test display). */
  async send(address: number, text: string): Promise<FrameResult> {
    return this.sendFrame(address, text)
  }

  close(): void {
    this.unsubscribe()
    this.pending.clear()
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      while (this.pending.size > 0 && this.link.state.connected) {
        const [address, text] = this.pending.entries().next().value as [number, string]
        this.pending.delete(address)
        const result = await this.sendFrame(address, text)
        // Lost with the port: it goes out again on reconnect (repaint), not in a loop now.
        if (!result.ok && result.problem === 'notConnected' && this.wanted.get(address) === text) break
      }
    } finally {
      this.pumping = false
    }
  }

  private async sendFrame(address: number, text: string): Promise<FrameResult> {
    const bytes = encodeDisplayFrame(this.frame, address, text)
    const ack = this.template.ack
    const attempts = 1 + (ack?.retries ?? 0)
    let result: FrameResult
    try {
      await this.link.run(async (io) => {
        for (let attempt = 1; ; attempt++) {
          io.discardInput()
          await io.write(bytes)
          try {
            if (ack && this.ack) {
              const scanner = new FrameScanner(this.ack)
              let seen = false
              await io.read((got) => {
                scanner.reset()
                seen = seen || scanner.push(got).some((f) => f.addr === null || f.addr === address)
                return seen
              }, ack.timeoutMs)
            }
            break
          } catch (err) {
            if (attempt >= attempts) throw new DeviceFailure('noAck', asFailure(err, 'noAck').detail)
          }
        }
        await io.sleep(this.template.gapMs)
      }, 2000 + attempts * ((ack?.timeoutMs ?? 0) + 1000) + this.template.gapMs)
      this.shown.set(address, text)
      result = { address, text, ok: true, problem: null, detail: null }
    } catch (err) {
      const failure = asFailure(err, 'writeFailed')
      if (failure.problem !== 'notConnected') this.logger.warn({ address, problem: failure.problem, detail: failure.detail }, 'LED frame not delivered')
      result = { address, text, ok: false, problem: failure.problem, detail: failure.detail }
    }
    for (const l of this.listeners) l(result)
    return result
  }
}
