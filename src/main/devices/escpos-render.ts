/**
 * Reads ESC/POS back into the text a customer would read, for the virtual printer: GB18030
 * text line by line (centred lines padded like the paper would show them), QR codes as their
 * payload. Lenient on purpose — unknown commands are skipped, never fatal — so it shows what
 * any job would look like; the tests use their own strict reader.
 */
import { decodeText, textColumns } from './text-encoding'

export interface RenderedTicket {
  lines: string[]
  cut: boolean
}

/** Arguments each command takes after its prefix bytes, for the commands we may meet. */
const ARGS: Record<string, number> = {
  '1b40': 0, // ESC @
  '1b61': 1, // ESC a n
  '1b45': 1, // ESC E n
  '1b64': 1, // ESC d n
  '1b21': 1, // ESC ! n
  '1b2d': 1, // ESC - n
  '1b4d': 1, // ESC M n
  '1b74': 1, // ESC t n
  '1b33': 1, // ESC 3 n
  '1b32': 0, // ESC 2
  '1d21': 1, // GS ! n
  '1d42': 1, // GS B n
  '1c26': 0, // FS &
  '1c2e': 0, // FS .
  '1c21': 1, // FS ! n
  '1004': 1, // DLE EOT n
}

export function renderEscPos(bytes: Uint8Array, columns: number): RenderedTicket {
  const lines: string[] = []
  let text: number[] = []
  let align = 0
  let cut = false
  const endLine = () => {
    const s = decodeText(Uint8Array.from(text), 'gb18030')
    // Shown in plain monospace columns: magnified text is centred as if it were normal size.
    const room = Math.max(0, columns - textColumns(s))
    const pad = align === 1 ? Math.floor(room / 2) : align === 2 ? room : 0
    lines.push(' '.repeat(pad) + s)
    text = []
  }
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    if (b === 0x0a) {
      endLine()
      i++
      continue
    }
    if (b === 0x1b || b === 0x1d || b === 0x1c || b === 0x10) {
      const key = ((b << 8) | (bytes[i + 1] ?? 0)).toString(16).padStart(4, '0')
      if (b === 0x1d && bytes[i + 1] === 0x28 && bytes[i + 2] === 0x6b) {
        const len = (bytes[i + 3] ?? 0) | ((bytes[i + 4] ?? 0) << 8)
        const fn = bytes[i + 6]
        if (fn === 0x50) lines.push(`[QR] ${Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString('utf8')}`)
        i += 5 + len
        continue
      }
      if (b === 0x1d && bytes[i + 1] === 0x56) {
        cut = true
        i += bytes[i + 2]! >= 0x41 ? 4 : 3
        continue
      }
      const args = ARGS[key]
      if (args === undefined) {
        i += 2
        continue
      }
      const arg = bytes[i + 2] ?? 0
      if (key === '1b61') align = arg
      if (key === '1b40') align = 0
      if (key === '1b64') for (let n = 0; n < arg; n++) lines.push('')
      i += 2 + args
      continue
    }
    text.push(b)
    i++
  }
  if (text.length > 0) endLine()
  return { lines, cut }
}
