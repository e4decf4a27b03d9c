/**
 * Chinese text for printers and LED controllers. GB18030 covers every character (4-byte
 * sequences for the rare ones); GBK and GB2312 controllers get '?' for what their font cannot
 * hold, instead of bytes that would show as garbage or break the frame.
 */
import iconv from 'iconv-lite'
import type { TextEncoding } from '../../shared/devices'

const REPLACEMENT = 0x3f

function inGb2312(lead: number, trail: number): boolean {
  return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030')
  const out: number[] = []
  for (const ch of text) {
    const bytes = iconv.encode(ch, 'gbk')
    const ok =
      (bytes.length === 1 && bytes[0]! < 0x80 && (bytes[0] !== REPLACEMENT || ch === '?')) ||
      (bytes.length === 2 && (encoding === 'gbk' || inGb2312(bytes[0]!, bytes[1]!)))
    if (ok) out.push(...bytes)
    else out.push(REPLACEMENT)
  }
  return Buffer.from(out)
}

export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  return iconv.decode(Buffer.from(bytes), encoding === 'gb18030' ? 'gb18030' : 'gbk')
}

/**
 * Exactly `size` bytes: padded with spaces, or cut at a character boundary (a double-byte
 * character is never split in half, which would turn the rest of the line into garbage).
 */
export function fitBytes(text: string, encoding: TextEncoding, size: number): Buffer {
  const out: number[] = []
  for (const ch of text) {
    const bytes = encodeText(ch, encoding)
    if (out.length + bytes.length > size) break
    out.push(...bytes)
  }
  while (out.length < size) out.push(0x20)
  return Buffer.from(out)
}

/** Columns a text takes on a printer or a bar: CJK and other multi-byte characters are two wide. */
export function textColumns(text: string): number {
  let n = 0
  for (const ch of text) n += ch.codePointAt(0)! < 0x80 ? 1 : 2
  return n
}
