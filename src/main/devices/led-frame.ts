/**
 * Frames for LED bars, hall boards and keypads, built from a frame template (the language is
 * described in src/shared/frame-template.ts): encode a frame for an address and a text, and
 * decode frames back out of a byte stream (a keypad's key presses, an ack, or what a virtual
 * bar received).
 */
import { DISPLAY_PRESETS, KEYPAD_PRESETS } from '../../shared/device-presets'
import {
  keypadFramesSchema,
  displayFrameSchema,
  type CounterBarsDevice,
  type EvaluatorDevice,
  type FrameTemplate,
  type HallBoardDevice,
  type KeypadFrames,
} from '../../shared/devices'
import { parseFrameTemplate, parseHexBytes, type FrameToken } from '../../shared/frame-template'
import { checksumBytes, checksumSize } from './checksums'
import { encodeText, fitBytes } from './text-encoding'

type Field = Exclude<FrameToken, { kind: 'rangeStart' } | { kind: 'rangeEnd' }>
interface Slot {
  token: Field
  inRange: boolean
}

export interface CompiledFrame {
  readonly template: FrameTemplate
  readonly slots: readonly Slot[]
  readonly hasRange: boolean
  readonly escape: ReadonlyMap<number, readonly number[]>
  /** Fixed bytes before {text} and after it (the whole frame when there is no text). */
  readonly prefixSize: number
  readonly suffixSize: number
  readonly hasText: boolean
}

export interface FrameFields {
  addr?: number
  key?: number
  /** Already encoded text bytes. */
  text?: Uint8Array
}

export interface DecodedFrame {
  addr: number | null
  key: number | null
  text: Buffer | null
  /** The frame as it was on the wire. */
  raw: Buffer
}

/** The longest text a frame can carry; also bounds the search for a frame's end. */
const MAX_TEXT = 255

function fieldSize(token: Field, t: FrameTemplate): number | null {
  switch (token.kind) {
    case 'byte':
    case 'addr':
    case 'key':
      return 1
    case 'len':
      return t.lengthBytes
    case 'cs':
      return checksumSize(t.checksum)
    case 'text':
      return null
  }
}

export function compileFrame(template: FrameTemplate): CompiledFrame {
  const parsed = parseFrameTemplate(template.frame)
  if (!parsed.ok) throw new Error(`frame template: ${parsed.error}`)
  const slots: Slot[] = []
  let inRange = false
  let hasRange = false
  for (const token of parsed.tokens) {
    if (token.kind === 'rangeStart') {
      inRange = true
      hasRange = true
    } else if (token.kind === 'rangeEnd') inRange = false
    else slots.push({ token, inRange })
  }
  if (!hasRange) {
    // Without brackets the checksum covers everything before it.
    const cs = slots.findIndex((s) => s.token.kind === 'cs')
    slots.forEach((s, i) => (s.inRange = cs >= 0 && i < cs))
  }
  const textAt = slots.findIndex((s) => s.token.kind === 'text')
  const sizeOf = (list: Slot[]) => list.reduce((n, s) => n + (fieldSize(s.token, template) ?? 0), 0)
  return {
    template,
    slots,
    hasRange,
    escape: new Map(template.escape.map((e) => [parseInt(e.from, 16), parseHexBytes(e.to)])),
    prefixSize: sizeOf(textAt < 0 ? slots : slots.slice(0, textAt)),
    suffixSize: textAt < 0 ? 0 : sizeOf(slots.slice(textAt + 1)),
    hasText: textAt >= 0,
  }
}

/** The frame before byte stuffing: fields filled in, length and checksum computed. */
function encodeRaw(c: CompiledFrame, fields: FrameFields): number[] {
  const t = c.template
  const text = fields.text ?? new Uint8Array()
  const parts: number[][] = c.slots.map((s) => {
    switch (s.token.kind) {
      case 'byte':
        return [s.token.value]
      case 'addr':
        return [(fields.addr ?? 0) & 0xff]
      case 'key':
        return [(fields.key ?? 0) & 0xff]
      case 'text':
        return Array.from(text)
      case 'len':
        return new Array<number>(t.lengthBytes).fill(0)
      case 'cs':
        return new Array<number>(checksumSize(t.checksum)).fill(0)
    }
  })
  const lenAt = c.slots.findIndex((s) => s.token.kind === 'len')
  if (lenAt >= 0) {
    let counted: number
    if (t.lengthOf === 'text') counted = text.length
    else if (t.lengthOf === 'range') counted = parts.reduce((n, p, i) => n + (c.slots[i]!.inRange ? p.length : 0), 0)
    else counted = parts.slice(lenAt + 1).reduce((n, p) => n + p.length, 0)
    const value = (counted + t.lengthAdd) & (t.lengthBytes === 1 ? 0xff : 0xffff)
    parts[lenAt] = t.lengthBytes === 1 ? [value] : t.lengthOrder === 'le' ? [value & 0xff, value >>> 8] : [value >>> 8, value & 0xff]
  }
  const csAt = c.slots.findIndex((s) => s.token.kind === 'cs')
  if (csAt >= 0) {
    const covered = Uint8Array.from(parts.flatMap((p, i) => (c.slots[i]!.inRange ? p : [])))
    parts[csAt] = checksumBytes(t.checksum, t.checksumOrder, covered)
  }
  return parts.flat()
}

function stuff(c: CompiledFrame, raw: number[]): number[] {
  if (c.escape.size === 0) return raw
  const { escapeSkipStart: head, escapeSkipEnd: tail } = c.template
  const out = raw.slice(0, head)
  for (let i = head; i < raw.length - tail; i++) out.push(...(c.escape.get(raw[i]!) ?? [raw[i]!]))
  out.push(...raw.slice(raw.length - tail))
  return out
}

function unstuff(c: CompiledFrame, wire: Uint8Array): number[] {
  const { escapeSkipStart: head, escapeSkipEnd: tail } = c.template
  const out = Array.from(wire.subarray(0, head))
  const sequences = [...c.escape].map(([from, to]) => ({ from, to }))
  for (let i = head; i < wire.length - tail; ) {
    const hit = sequences.find((s) => s.to.every((b, k) => wire[i + k] === b) && i + s.to.length <= wire.length - tail)
    if (hit) {
      out.push(hit.from)
      i += hit.to.length
    } else out.push(wire[i++]!)
  }
  out.push(...wire.subarray(wire.length - tail))
  return out
}

export function encodeFrame(c: CompiledFrame, fields: FrameFields): Buffer {
  return Buffer.from(stuff(c, encodeRaw(c, fields)))
}

/** The text bytes a display frame carries: in the template's encoding, padded or cut when it says so. */
export function displayTextBytes(c: CompiledFrame, text: string): Buffer {
  const t = c.template
  const bytes = t.textBytes === null ? encodeText(text, t.encoding) : fitBytes(text, t.encoding, t.textBytes)
  return bytes.length > MAX_TEXT ? fitBytes(text, t.encoding, MAX_TEXT) : bytes
}

export function encodeDisplayFrame(c: CompiledFrame, address: number, text: string): Buffer {
  return encodeFrame(c, { addr: address, text: displayTextBytes(c, text) })
}

/** Reads the fields of an unstuffed candidate frame whose text is `textLength` long; null if it is not a valid frame. */
function readCandidate(c: CompiledFrame, frame: number[], textLength: number): FrameFields | null {
  const fields: FrameFields = {}
  let at = 0
  for (const s of c.slots) {
    const size = s.token.kind === 'text' ? textLength : fieldSize(s.token, c.template)!
    if (s.token.kind === 'addr') fields.addr = frame[at]
    else if (s.token.kind === 'key') fields.key = frame[at]
    else if (s.token.kind === 'text') fields.text = Uint8Array.from(frame.slice(at, at + size))
    at += size
  }
  if (at !== frame.length) return null
  // Rebuilding the frame from its fields checks every fixed byte, the length and the checksum at once.
  const again = encodeRaw(c, fields)
  return again.length === frame.length && again.every((b, i) => b === frame[i]) ? fields : null
}

function decoded(fields: FrameFields, raw: Uint8Array): DecodedFrame {
  return {
    addr: fields.addr ?? null,
    key: fields.key ?? null,
    text: fields.text ? Buffer.from(fields.text) : null,
    raw: Buffer.from(raw),
  }
}

export type FrameMatch = { frame: DecodedFrame; length: number } | 'incomplete' | null

/**
 * Tries to read one frame at `start`: the frame and how many wire bytes it took, 'incomplete'
 * when more bytes could still make it one, or null when no frame starts there.
 */
export function matchFrame(c: CompiledFrame, buf: Uint8Array, start = 0): FrameMatch {
  const header: number[] = []
  for (const s of c.slots) {
    if (s.token.kind !== 'byte') break
    header.push(s.token.value)
  }
  for (let i = 0; i < header.length; i++) {
    if (start + i >= buf.length) return 'incomplete'
    if (buf[start + i] !== header[i]) return null
  }
  if (c.escape.size > 0) {
    // Escaped frames are delimited by their trailer, which stuffing keeps out of the body.
    const trailer = c.slots.slice(c.slots.length - c.template.escapeSkipEnd).map((s) => (s.token as { value: number }).value)
    for (let end = start + Math.max(c.template.escapeSkipStart, header.length); end + trailer.length <= buf.length; end++) {
      if (!trailer.every((b, k) => buf[end + k] === b)) continue
      const wire = buf.subarray(start, end + trailer.length)
      const frame = unstuff(c, wire)
      const fields = readCandidate(c, frame, frame.length - c.prefixSize - c.suffixSize)
      return fields ? { frame: decoded(fields, wire), length: wire.length } : null
    }
    return buf.length - start > 2 * (MAX_TEXT + c.prefixSize + c.suffixSize) ? null : 'incomplete'
  }
  const maxText = c.hasText ? MAX_TEXT : 0
  for (let textLength = 0; textLength <= maxText; textLength++) {
    const size = c.prefixSize + textLength + c.suffixSize
    if (start + size > buf.length) return 'incomplete'
    const frame = Array.from(buf.subarray(start, start + size))
    const fields = readCandidate(c, frame, textLength)
    if (fields) return { frame: decoded(fields, buf.subarray(start, start + size)), length: size }
  }
  return null
}

/** Reads frames out of a byte stream that arrives in pieces, skipping noise between them. */
export class FrameScanner {
  private buffer = Buffer.alloc(0)
  constructor(private readonly compiled: CompiledFrame) {}

  push(chunk: Uint8Array): DecodedFrame[] {
    this.buffer = Buffer.concat([this.buffer, chunk])
    const frames: DecodedFrame[] = []
    let at = 0
    while (at < this.buffer.length) {
      const m = matchFrame(this.compiled, this.buffer, at)
      if (m === 'incomplete') break
      if (m === null) at++
      else {
        frames.push(m.frame)
        at += m.length
      }
    }
    this.buffer = this.buffer.subarray(at)
    // A stream of noise that never completes a frame must not grow without end.
    if (this.buffer.length > 4096) this.buffer = this.buffer.subarray(this.buffer.length - 1024)
    return frames
  }

  reset(): void {
    this.buffer = Buffer.alloc(0)
  }
}

/** The frame template a display device uses: its preset, or its own when the preset is 'custom'. */
export function displayTemplate(device: CounterBarsDevice | HallBoardDevice): FrameTemplate {
  if (device.preset === 'custom') {
    if (!device.frame) throw new Error(`device ${device.id}: a custom preset needs a frame`)
    return device.frame
  }
  return displayFrameSchema.parse(DISPLAY_PRESETS[device.preset])
}

export function keypadFrames(device: EvaluatorDevice): KeypadFrames {
  if (device.preset === 'custom') {
    if (!device.keypad) throw new Error(`device ${device.id}: a custom preset needs keypad frames`)
    return device.keypad
  }
  return keypadFramesSchema.parse(KEYPAD_PRESETS[device.preset])
}

/** The ack frame a display device expects after each frame, compiled, or null. */
export function ackFrame(template: FrameTemplate): CompiledFrame | null {
  if (!template.ack) return null
  return compileFrame({ ...template, frame: template.ack.frame, checksum: 'none', escape: [], escapeSkipStart: 0, escapeSkipEnd: 0, ack: null })
}
