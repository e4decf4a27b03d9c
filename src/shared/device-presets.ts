/**
 * Frame presets shipped with HallQ. A preset is only a frame template (see frame-template.ts)
 * with its options; a hall whose vendor speaks something else picks 'custom' and writes its
 * own. Only 'aa-window-screen' is a vendor's documented protocol; the others are the common
 * frame shapes (STX/ETX, Modbus-style CRC, HDLC-style escaping) to start from.
 */
import type { FrameTemplateInput } from './devices'

export const DISPLAY_PRESETS = {
  /** The documented window screen: AA <addr> BB 51 54 <cs> 01 00 99 00 63 <GBK text> FF, sum8 from after <cs> to the end. */
  'aa-window-screen': {
    frame: 'AA {addr} BB 51 54 {cs} [01 00 99 00 63 {text} FF]',
    checksum: 'sum8',
    encoding: 'gbk',
    gapMs: 60,
  },
  /** STX, address, length of the text, text, XOR of everything after STX, ETX. */
  'stx-etx-xor': {
    frame: '02 [{addr} {len} {text}] {cs} 03',
    checksum: 'xor8',
    lengthOf: 'text',
    encoding: 'gb2312',
    gapMs: 50,
  },
  /** Modbus-style: address, function 0x10, byte count, text, CRC-16/MODBUS (low byte first). */
  'modbus-crc': {
    frame: '{addr} 10 {len} {text} {cs}',
    checksum: 'crc16-modbus',
    lengthOf: 'text',
    encoding: 'gbk',
    gapMs: 40,
  },
  /** HDLC-style: 7E flags, 7E and 7D in the body escaped, CRC-16/CCITT-FALSE (high byte first). */
  'hdlc-ccitt': {
    frame: '7E [{addr} 01 {len} {text}] {cs} 7E',
    checksum: 'crc16-ccitt',
    lengthOf: 'text',
    encoding: 'gb18030',
    escape: [
      { from: '7E', to: '7D 5E' },
      { from: '7D', to: '7D 5D' },
    ],
    escapeSkipStart: 1,
    escapeSkipEnd: 1,
    gapMs: 40,
  },
} as const satisfies Record<string, FrameTemplateInput>

export type DisplayPresetName = keyof typeof DISPLAY_PRESETS
export const DISPLAY_PRESET_NAMES = Object.keys(DISPLAY_PRESETS) as DisplayPresetName[]

/** Keypad frames: what the keypad sends when a key is pressed, and what asks it for a rating. */
export const KEYPAD_PRESETS = {
  /** STX, address, key code, XOR of address and key, ETX; asked with STX, address, 'R', XOR, ETX. */
  'stx-keypad': {
    keyFrame: { frame: '02 [{addr} {key}] {cs} 03', checksum: 'xor8' },
    requestFrame: { frame: '02 [{addr} 52] {cs} 03', checksum: 'xor8' },
    keys: [
      { code: 0x01, score: 4 },
      { code: 0x02, score: 3 },
      { code: 0x03, score: 2 },
      { code: 0x04, score: 1 },
    ],
  },
  /** AA-framed keypad on the window-screen bus: AA <addr> CC <key> <sum8> FF. */
  'aa-keypad': {
    keyFrame: { frame: 'AA {addr} CC {key} {cs} FF', checksum: 'sum8' },
    requestFrame: { frame: 'AA {addr} CC 00 {cs} FF', checksum: 'sum8' },
    keys: [
      { code: 0x31, score: 4 },
      { code: 0x32, score: 3 },
      { code: 0x33, score: 2 },
      { code: 0x34, score: 1 },
    ],
  },
} as const satisfies Record<string, { keyFrame: FrameTemplateInput; requestFrame: FrameTemplateInput | null; keys: readonly { code: number; score: 1 | 2 | 3 | 4 }[] }>

export type KeypadPresetName = keyof typeof KEYPAD_PRESETS
export const KEYPAD_PRESET_NAMES = Object.keys(KEYPAD_PRESETS) as KeypadPresetName[]
