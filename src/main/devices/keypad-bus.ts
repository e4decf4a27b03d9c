/**
 * Evaluator keypads on one port: asks a keypad for a rating (with its request frame, if the
 * keypad has one) and waits for a key frame from that address. A key press nobody asked for,
 * or an unknown key code, is ignored.
 */
import type { Logger } from 'pino'
import type { KeypadFrames } from '../../shared/devices'
import type { Satisfaction } from '../../shared/domain'
import { compileFrame, encodeFrame, FrameScanner, type CompiledFrame } from './led-frame'
import { asFailure } from './port'
import type { PortLink } from './port-link'

interface Question {
  resolve: (score: Satisfaction | null) => void
  timer: NodeJS.Timeout
}

export class KeypadBus {
  private readonly keyFrame: CompiledFrame
  private readonly requestFrame: CompiledFrame | null
  private readonly scanner: FrameScanner
  private readonly questions = new Map<number, Question>()
  private readonly unsubscribe: () => void
  private readonly listeners = new Set<(address: number, score: Satisfaction) => void>()

  constructor(
    private readonly link: PortLink,
    private readonly frames: KeypadFrames,
    private readonly logger: Logger,
  ) {
    this.keyFrame = compileFrame(frames.keyFrame)
    this.requestFrame = frames.requestFrame ? compileFrame(frames.requestFrame) : null
    this.scanner = new FrameScanner(this.keyFrame)
    this.unsubscribe = link.onData((chunk) => this.received(chunk))
  }

  /** Every rating a keypad gave, as it arrives. */
  onRating(listener: (address: number, score: Satisfaction) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Asks the keypad at `address` for a rating: the score, or null after `timeoutMs` or when a
   * newer question to the same keypad replaces this one.
   */
  async ask(address: number, timeoutMs: number): Promise<Satisfaction | null> {
    this.cancel(address)
    const answer = new Promise<Satisfaction | null>((resolve) => {
      const timer = setTimeout(() => {
        this.questions.delete(address)
        resolve(null)
      }, timeoutMs)
      this.questions.set(address, { resolve, timer })
    })
    if (this.requestFrame) {
      const request = encodeFrame(this.requestFrame, { addr: address })
      try {
        await this.link.run((io) => io.write(request), 2000)
      } catch (err) {
        // The keypad may still be pressed (it lights up by itself on some models): keep waiting.
        this.logger.warn({ address, problem: asFailure(err, 'writeFailed').problem }, 'could not ask the keypad for a rating')
      }
    }
    return answer
  }

  cancel(address: number): void {
    const q = this.questions.get(address)
    if (!q) return
    clearTimeout(q.timer)
    this.questions.delete(address)
    q.resolve(null)
  }

  close(): void {
    this.unsubscribe()
    for (const address of [...this.questions.keys()]) this.cancel(address)
  }

  private received(chunk: Buffer): void {
    for (const frame of this.scanner.push(chunk)) {
      if (frame.addr === null || frame.key === null) continue
      const score = this.frames.keys.find((k) => k.code === frame.key)?.score
      const q = this.questions.get(frame.addr)
      if (score === undefined || !q) {
        this.logger.debug({ address: frame.addr, key: frame.key }, 'keypad key ignored')
        continue
      }
      clearTimeout(q.timer)
      this.questions.delete(frame.addr)
      q.resolve(score)
      for (const l of this.listeners) l(frame.addr, score)
    }
  }
}
