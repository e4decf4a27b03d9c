/**
 * A strict ESC/POS reader for tests, written from the command reference and independent of
 * the encoder: every byte must belong to a known command or to text, or it throws. It gives
 * back the lines as the customer reads them, with their alignment, size and weight, and the
 * QR codes with their settings and payload.
 */
import iconv from 'iconv-lite'

export interface ReadLine {
  text: string
  align: 'left' | 'center' | 'right'
  width: number
  height: number
  bold: boolean
}

export interface ReadQr {
  model: number
  moduleSize: number
  errorLevel: 'L' | 'M' | 'Q' | 'H'
  payload: string
}

export interface ReadTicket {
  initialised: boolean
  chineseMode: boolean
  lines: ReadLine[]
  qr: ReadQr[]
  /** Lines fed by ESC d before the cut. */
  fed: number
  cut: 'full' | 'partial' | null
  statusRequests: number[]
}

const ALIGN = ['left', 'center', 'right'] as const

export function readEscPos(input: Uint8Array): ReadTicket {
  const b = Buffer.from(input)
  const out: ReadTicket = { initialised: false, chineseMode: false, lines: [], qr: [], fed: 0, cut: null, statusRequests: [] }
  let mode = { align: 'left' as ReadLine['align'], width: 1, height: 1, bold: false }
  let text: number[] = []
  const qr: Partial<ReadQr> = {}
  let i = 0
  const need = (n: number) => {
    if (i + n > b.length) throw new Error(`command at ${i} is cut short`)
  }
  while (i < b.length) {
    const c = b[i]!
    if (c === 0x0a) {
      out.lines.push({ text: iconv.decode(Buffer.from(text), 'gb18030'), ...mode })
      text = []
      i += 1
    } else if (c === 0x1b) {
      need(2)
      const cmd = b[i + 1]
      if (cmd === 0x40) {
        out.initialised = true
        mode = { align: 'left', width: 1, height: 1, bold: false }
        i += 2
      } else if (cmd === 0x61) {
        need(3)
        const n = b[i + 2]! % 48
        if (n > 2) throw new Error(`ESC a ${n}`)
        mode.align = ALIGN[n]!
        i += 3
      } else if (cmd === 0x45) {
        need(3)
        mode.bold = (b[i + 2]! & 1) === 1
        i += 3
      } else if (cmd === 0x64) {
        need(3)
        out.fed += b[i + 2]!
        i += 3
      } else throw new Error(`unknown ESC 0x${cmd!.toString(16)} at ${i}`)
    } else if (c === 0x1c) {
      need(2)
      if (b[i + 1] === 0x26) out.chineseMode = true
      else if (b[i + 1] === 0x2e) out.chineseMode = false
      else throw new Error(`unknown FS 0x${b[i + 1]!.toString(16)} at ${i}`)
      i += 2
    } else if (c === 0x1d) {
      need(2)
      const cmd = b[i + 1]
      if (cmd === 0x21) {
        need(3)
        const n = b[i + 2]!
        mode.width = (n >> 4) + 1
        mode.height = (n & 0x0f) + 1
        i += 3
      } else if (cmd === 0x56) {
        need(3)
        const m = b[i + 2]!
        out.cut = m === 0 || m === 48 || m === 65 ? 'full' : 'partial'
        i += m >= 65 ? 4 : 3
      } else if (cmd === 0x28 && b[i + 2] === 0x6b) {
        need(7)
        const len = b[i + 3]! | (b[i + 4]! << 8)
        need(5 + len)
        const cn = b[i + 5]
        const fn = b[i + 6]
        const args = b.subarray(i + 7, i + 5 + len)
        if (cn !== 0x31) throw new Error(`GS ( k cn=${cn} is not a QR code`)
        if (fn === 0x41) qr.model = args[0]! - 48
        else if (fn === 0x43) qr.moduleSize = args[0]!
        else if (fn === 0x45) qr.errorLevel = (['L', 'M', 'Q', 'H'] as const)[args[0]! - 48]
        else if (fn === 0x50) {
          if (args[0] !== 0x30) throw new Error('QR store: m must be 48')
          qr.payload = Buffer.from(args.subarray(1)).toString('utf8')
        } else if (fn === 0x51) {
          if (qr.payload === undefined) throw new Error('QR printed before its data was stored')
          out.qr.push({ model: qr.model ?? 2, moduleSize: qr.moduleSize ?? 3, errorLevel: qr.errorLevel ?? 'L', payload: qr.payload })
        } else throw new Error(`unknown QR function 0x${fn!.toString(16)}`)
        i += 5 + len
      } else throw new Error(`unknown GS 0x${cmd!.toString(16)} at ${i}`)
    } else if (c === 0x10) {
      need(3)
      if (b[i + 1] !== 0x04) throw new Error(`unknown DLE 0x${b[i + 1]!.toString(16)}`)
      out.statusRequests.push(b[i + 2]!)
      i += 3
    } else if (c < 0x20) {
      throw new Error(`unexpected control byte 0x${c.toString(16)} at ${i}`)
    } else {
      text.push(c)
      i += 1
    }
  }
  if (text.length > 0) throw new Error(`text without a line feed at the end: ${iconv.decode(Buffer.from(text), 'gb18030')}`)
  return out
}

/** Just the words on the paper, top to bottom. */
export function customerText(ticket: ReadTicket): string[] {
  return ticket.lines.map((l) => l.text)
}
