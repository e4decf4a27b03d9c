/**
 * Our own ESC/POS encoder (docs/decisions/005-own-escpos-encoder.md): the handful of commands a
 * queue ticket needs, with Chinese text in GB18030 and the QR code drawn by the printer itself
 * (GS ( k), never as a raster image — at 9600 baud a 3 KB image takes 3 s. Mode commands are
 * only sent when they change, which keeps a ticket with a QR code well under 400 bytes.
 */
import type { TicketLine } from './ticket-layout'
import { encodeText } from './text-encoding'

export const ESC = 0x1b
export const GS = 0x1d
export const FS = 0x1c
export const DLE = 0x10
export const EOT = 0x04
export const LF = 0x0a

const QR_LEVEL = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 } as const

export class EscPosWriter {
  private readonly bytes: number[] = []
  private align = 0
  private size = 1
  private bold = false

  /** ESC @ resets the printer; FS & selects Chinese (double-byte) character mode. */
  init(): this {
    this.bytes.push(ESC, 0x40, FS, 0x26)
    this.align = 0
    this.size = 1
    this.bold = false
    return this
  }

  setAlign(align: 'left' | 'center' | 'right'): this {
    const n = align === 'left' ? 0 : align === 'center' ? 1 : 2
    if (n !== this.align) this.bytes.push(ESC, 0x61, n)
    this.align = n
    return this
  }

  /** GS ! n: width and height magnification 1–8. */
  setSize(size: number): this {
    const s = Math.min(8, Math.max(1, Math.round(size)))
    if (s !== this.size) this.bytes.push(GS, 0x21, ((s - 1) << 4) | (s - 1))
    this.size = s
    return this
  }

  /** ESC E n: emphasised (bold). */
  setBold(bold: boolean): this {
    if (bold !== this.bold) this.bytes.push(ESC, 0x45, bold ? 1 : 0)
    this.bold = bold
    return this
  }

  text(text: string): this {
    this.bytes.push(...encodeText(text, 'gb18030'))
    return this
  }

  newline(): this {
    this.bytes.push(LF)
    return this
  }

  /**
   * GS ( k: QR model 2, module size, error correction level, store the data (UTF-8, which
   * phones read), print it.
   */
  qr(payload: string, moduleSize: number, level: keyof typeof QR_LEVEL): this {
    const data = Buffer.from(payload, 'utf8')
    const k = data.length + 3
    this.bytes.push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00)
    this.bytes.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize)))
    this.bytes.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_LEVEL[level])
    this.bytes.push(GS, 0x28, 0x6b, k & 0xff, k >> 8, 0x31, 0x50, 0x30, ...data)
    this.bytes.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30)
    return this
  }

  /** ESC d n: print and feed n lines. */
  feed(lines: number): this {
    if (lines > 0) this.bytes.push(ESC, 0x64, Math.min(255, lines))
    return this
  }

  /** GS V 65 0: feed to the cutter and cut. */
  cut(): this {
    this.bytes.push(GS, 0x56, 0x41, 0x00)
    return this
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes)
  }
}

/** The whole ticket job: reset, the lines, the feed and the cut. */
export function encodeTicket(lines: readonly TicketLine[], feedLines: number): Buffer {
  const w = new EscPosWriter().init()
  for (const line of lines) {
    if (line.kind === 'text') {
      w.setAlign(line.align).setSize(line.size).setBold(line.bold).text(line.text).newline()
    } else {
      w.setAlign('center').qr(line.payload, line.moduleSize, line.errorLevel).newline()
    }
  }
  return w.setSize(1).setBold(false).feed(feedLines).cut().toBuffer()
}

/** DLE EOT 1–4: printer, offline cause, error cause, roll paper sensor. Real-time: answered even when offline. */
export const STATUS_REQUEST = Buffer.from([DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4])
