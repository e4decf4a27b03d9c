/**
 * The frame template language for LED bars, hall boards and evaluator keypads: one line that
 * says which bytes a vendor's frame holds, so a new vendor is a setting, not a code change.
 *
 *   AA {addr} BB 51 54 {cs} [01 00 99 00 63 {text} FF]
 *
 * - two hex digits: that byte, as is
 * - {addr}: the device address on its bus (one byte)
 * - {text}: the text, in the template's encoding
 * - {key}: the key code of a keypad frame (one byte)
 * - {len}: the length field (one or two bytes; what it counts is a setting)
 * - {cs}:  the checksum (one byte for sum8/xor8, two for the CRCs)
 * - [ … ]: the bytes the checksum covers; without brackets it covers everything before {cs}
 *
 * Parsing is pure and shared so that the settings schema refuses a broken template with a
 * message an administrator can act on; the devices layer encodes and decodes with it.
 */

export type FrameToken =
  | { kind: 'byte'; value: number }
  | { kind: 'addr' }
  | { kind: 'text' }
  | { kind: 'key' }
  | { kind: 'len' }
  | { kind: 'cs' }
  | { kind: 'rangeStart' }
  | { kind: 'rangeEnd' }

export type FieldKind = 'addr' | 'text' | 'key' | 'len' | 'cs'

export type ParsedFrameTemplate = { ok: true; tokens: FrameToken[] } | { ok: false; error: string }

const FIELDS: readonly FieldKind[] = ['addr', 'text', 'key', 'len', 'cs']
const TOKEN = /\s*(\[|\]|\{[a-z]+\}|[0-9A-Fa-f]{2}(?![0-9A-Fa-f]))/y

export function parseFrameTemplate(source: string): ParsedFrameTemplate {
  const tokens: FrameToken[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break
    TOKEN.lastIndex = at
    const m = TOKEN.exec(source)
    if (!m) return { ok: false, error: `cannot read "${source.slice(at).trim().slice(0, 12)}": use hex bytes like AA, fields like {addr}, and [ ]` }
    at = TOKEN.lastIndex
    const t = m[1]!
    if (t === '[') tokens.push({ kind: 'rangeStart' })
    else if (t === ']') tokens.push({ kind: 'rangeEnd' })
    else if (t.startsWith('{')) {
      const name = t.slice(1, -1) as FieldKind
      if (!FIELDS.includes(name)) return { ok: false, error: `unknown field ${t}: use {addr} {text} {key} {len} {cs}` }
      tokens.push({ kind: name } as FrameToken)
    } else tokens.push({ kind: 'byte', value: parseInt(t, 16) })
  }
  if (tokens.length === 0) return { ok: false, error: 'the frame is empty' }
  for (const f of FIELDS) {
    if (tokens.filter((t) => t.kind === f).length > 1) return { ok: false, error: `{${f}} appears more than once` }
  }
  const starts = tokens.flatMap((t, i) => (t.kind === 'rangeStart' ? [i] : []))
  const ends = tokens.flatMap((t, i) => (t.kind === 'rangeEnd' ? [i] : []))
  if (starts.length > 1 || ends.length > 1 || starts.length !== ends.length) return { ok: false, error: 'use one pair of [ ] for the checksum range' }
  const cs = tokens.findIndex((t) => t.kind === 'cs')
  if (starts.length === 1) {
    if (starts[0]! > ends[0]!) return { ok: false, error: '[ must come before ]' }
    if (cs === -1) return { ok: false, error: '[ ] marks a checksum range, but there is no {cs}' }
    if (cs > starts[0]! && cs < ends[0]!) return { ok: false, error: '{cs} cannot be inside its own range' }
  } else if (cs === 0) return { ok: false, error: '{cs} needs bytes before it, or a [ ] range' }
  return { ok: true, tokens }
}

export function templateHas(tokens: readonly FrameToken[], kind: FieldKind): boolean {
  return tokens.some((t) => t.kind === kind)
}

/** "aa 03 bb" → [0xaa, 0x03, 0xbb]; the settings schema has already checked the format. */
export function parseHexBytes(hex: string): number[] {
  return hex
    .trim()
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map((s) => parseInt(s, 16))
}

export function toHex(bytes: Iterable<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
}
