/**
 * Devices that exist only in HallQ, for a hall or a developer without the hardware: a printer
 * that renders what it received as the text of the ticket, and a bar or board that keeps the
 * text of each frame it decoded. They sit behind the same port interface, so the whole path —
 * layout, encoder, frames, queue — runs exactly as with real devices.
 */
import type { FrameTemplate, VirtualView } from '../../shared/devices'
import { renderEscPos } from './escpos-render'
import { ackFrame, compileFrame, encodeFrame, matchFrame } from './led-frame'
import type { DevicePort } from './port'
import { decodeText } from './text-encoding'

abstract class VirtualPort implements DevicePort {
  private readonly dataListeners = new Set<(chunk: Buffer) => void>()
  private readonly closeListeners = new Set<(error: Error | null) => void>()
  private open = true
  constructor(readonly path: string) {}

  async write(data: Uint8Array): Promise<void> {
    if (!this.open) throw new Error('virtual port is closed')
    this.received(Buffer.from(data))
  }

  async close(): Promise<void> {
    if (!this.open) return
    this.open = false
    for (const l of [...this.closeListeners]) l(null)
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener)
    return () => this.dataListeners.delete(listener)
  }

  onClose(listener: (error: Error | null) => void): () => void {
    this.closeListeners.add(listener)
    return () => this.closeListeners.delete(listener)
  }

  protected answer(bytes: number[]): void {
    // Answers arrive after the write returns, as they would on a wire.
    setImmediate(() => {
      for (const l of this.dataListeners) l(Buffer.from(bytes))
    })
  }

  protected abstract received(data: Buffer): void
  abstract view(): VirtualView
}

/** Answers DLE EOT with "all well" and renders each job up to its cut. */
export class VirtualPrinterPort extends VirtualPort {
  private job = Buffer.alloc(0)
  private printed = 0
  private lastTicket: string[] | null = null

  constructor(
    path: string,
    private readonly columns: number,
    private readonly changed: () => void,
  ) {
    super(path)
  }

  protected received(data: Buffer): void {
    const status: number[] = []
    for (let i = 0; i + 2 < data.length; i++) if (data[i] === 0x10 && data[i + 1] === 0x04) status.push(0x12)
    if (status.length > 0) this.answer(status)
    this.job = Buffer.concat([this.job, data])
    const cut = this.job.indexOf(Buffer.from([0x1d, 0x56]))
    if (cut >= 0) {
      this.lastTicket = renderEscPos(this.job.subarray(0, cut + 4), this.columns).lines
      this.printed++
      this.job = this.job.subarray(cut + 4)
      this.changed()
    }
  }

  view(): VirtualView {
    return { kind: 'printer', printed: this.printed, lastTicket: this.lastTicket }
  }
}

/** Keeps the text each address was last sent, and acks when the template expects it. */
export class VirtualDisplayPort extends VirtualPort {
  private readonly texts = new Map<number, string>()
  private readonly frame
  private readonly ack

  constructor(
    path: string,
    private readonly template: FrameTemplate,
    private readonly changed: () => void,
  ) {
    super(path)
    this.frame = compileFrame(template)
    this.ack = ackFrame(template)
  }

  protected received(data: Buffer): void {
    const m = matchFrame(this.frame, data)
    if (m === null || m === 'incomplete' || m.frame.addr === null) return
    this.texts.set(m.frame.addr, decodeText(m.frame.text ?? new Uint8Array(), this.template.encoding).trimEnd())
    if (this.ack) this.answer([...encodeFrame(this.ack, { addr: m.frame.addr })])
    this.changed()
  }

  view(): VirtualView {
    return { kind: 'display', texts: Object.fromEntries([...this.texts].sort(([a], [b]) => a - b).map(([a, t]) => [String(a), t])) }
  }
}
