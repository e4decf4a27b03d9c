import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DISPLAY_PRESET_NAMES, KEYPAD_PRESET_NAMES } from '../../../src/shared/device-presets'
import { displayFrameSchema, settingsSchemaForTest } from './support'
import {
  compileFrame,
  displayTemplate,
  encodeDisplayFrame,
  encodeFrame,
  FrameScanner,
  keypadFrames,
  matchFrame,
} from '../../../src/main/devices/led-frame'
import { decodeText, encodeText } from '../../../src/main/devices/text-encoding'
import { toHex } from '../../../src/shared/frame-template'
import type { CounterBarsDevice } from '../../../src/shared/devices'

const bars = (preset: CounterBarsDevice['preset'], frame: unknown = null) =>
  settingsSchemaForTest.parse({ devices: { list: [{ id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'virtual' }, preset, frame }] } })
    .devices.list[0] as CounterBarsDevice

describe('the documented window-screen frame', () => {
  it('is produced byte for byte for counter 3 showing 请A023到3窗口', () => {
    const c = compileFrame(displayTemplate(bars('aa-window-screen')))
    expect(toHex(encodeDisplayFrame(c, 3, '请A023到3窗口'))).toBe('aa 03 bb 51 54 26 01 00 99 00 63 c7 eb 41 30 32 33 b5 bd 33 b4 b0 bf da ff')
  })

  it('checksum is the sum mod 256 of the bytes after it, to the end', () => {
    const c = compileFrame(displayTemplate(bars('aa-window-screen')))
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.string({ maxLength: 20 }), (addr, text) => {
        const f = encodeDisplayFrame(c, addr, text)
        const after = f.subarray(6)
        expect(f[5]).toBe(after.reduce((s, b) => (s + b) % 256, 0))
        expect([f[0], f[1], f[2], f[3], f[4], f.at(-1)]).toEqual([0xaa, addr, 0xbb, 0x51, 0x54, 0xff])
      }),
    )
  })
})

describe('every display preset', () => {
  it.each(DISPLAY_PRESET_NAMES)('%s decodes back to the address and text it encoded', (preset) => {
    const t = displayTemplate(bars(preset))
    const c = compileFrame(t)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.array(fc.constantFrom(...'0123456789ABCDEF请到号窗口暂停服务欢迎光临 ~}'), { maxLength: 24 }), (addr, chars) => {
        const text = chars.join('')
        const wire = encodeDisplayFrame(c, addr, text)
        const m = matchFrame(c, wire)
        expect(m).not.toBe('incomplete')
        expect(m).not.toBeNull()
        const { frame, length } = m as Exclude<typeof m, 'incomplete' | null>
        expect(length).toBe(wire.length)
        expect(frame.addr).toBe(addr)
        expect(decodeText(frame.text!, t.encoding)).toBe(text)
      }),
    )
  })

  it('stx-etx-xor: STX, address, length, text, xor, ETX', () => {
    const c = compileFrame(displayTemplate(bars('stx-etx-xor')))
    // 01 02 'A' '1' → xor = 01^02^41^31 = 0x73
    expect(toHex(encodeDisplayFrame(c, 1, 'A1'))).toBe('02 01 02 41 31 73 03')
  })

  it('modbus-crc: the CRC is MODBUS, low byte first', () => {
    const c = compileFrame(displayTemplate(bars('modbus-crc')))
    // CRC-16/MODBUS of 05 10 01 38 is 0x6F01 (worked out separately, with Python)
    expect(toHex(encodeDisplayFrame(c, 5, '8'))).toBe('05 10 01 38 ' + lowFirst(0x6f01))
  })

  it('hdlc-ccitt: bytes equal to the flag are stuffed, and unstuffed on the way back', () => {
    const c = compileFrame(displayTemplate(bars('hdlc-ccitt')))
    const wire = encodeDisplayFrame(c, 0x7e, '}~')
    expect(wire[0]).toBe(0x7e)
    expect(wire.at(-1)).toBe(0x7e)
    // No flag byte inside the frame, so a receiver can always find where a frame ends.
    expect(wire.subarray(1, -1).includes(0x7e)).toBe(false)
    expect(toHex(wire.subarray(0, 4))).toBe('7e 7d 5e 01')
    const m = matchFrame(c, wire) as { frame: { addr: number; text: Buffer } }
    expect(m.frame.addr).toBe(0x7e)
    expect(decodeText(m.frame.text, 'gb18030')).toBe('}~')
  })
})

function lowFirst(crc: number): string {
  return toHex([crc & 0xff, crc >> 8])
}

describe('frame template options', () => {
  const custom = (frame: Record<string, unknown>) => compileFrame(displayFrameSchema.parse(frame))

  it('length can count the text, the checksum range, or everything after it, plus an offset', () => {
    expect(toHex(encodeDisplayFrame(custom({ frame: 'AA {len} {addr} {text}', lengthOf: 'text' }), 1, 'AB'))).toBe('aa 02 01 41 42')
    expect(toHex(encodeDisplayFrame(custom({ frame: 'AA {len} {addr} {text}', lengthOf: 'rest', lengthAdd: 1 }), 1, 'AB'))).toBe('aa 04 01 41 42')
    expect(toHex(encodeDisplayFrame(custom({ frame: 'AA [{len} {addr} {text}] {cs}', lengthOf: 'range', checksum: 'xor8' }), 1, 'AB'))).toBe('aa 04 01 41 42 06')
    expect(toHex(encodeDisplayFrame(custom({ frame: 'AA {len} {addr} {text}', lengthBytes: 2, lengthOrder: 'le' }), 1, 'AB'))).toBe('aa 02 00 01 41 42')
  })

  it('pads or cuts the text to a fixed width without splitting a Chinese character', () => {
    const c = custom({ frame: '02 {addr} {text} 03', textBytes: 5, encoding: 'gbk' })
    expect(toHex(encodeDisplayFrame(c, 1, 'A1'))).toBe('02 01 41 31 20 20 20 03')
    // 请到号 is 6 bytes: the third character does not fit in 5 and is dropped whole, then a space.
    expect(toHex(encodeDisplayFrame(c, 1, '请到号'))).toBe('02 01 c7 eb b5 bd 20 03')
  })

  it('GB2312 bars get ? for characters their font does not have; GBK and GB18030 keep them', () => {
    expect(toHex(encodeText('龘A', 'gb2312'))).toBe('3f 41')
    expect(toHex(encodeText('龘A', 'gbk'))).toBe('fd 93 41')
    expect(toHex(encodeText('𠀀', 'gbk'))).toBe('3f')
    expect(toHex(encodeText('𠀀', 'gb18030'))).toBe('95 32 82 36')
    expect(toHex(encodeText('请到', 'gb2312'))).toBe('c7 eb b5 bd')
  })

  it('refuses a broken template with a message that says what is wrong', () => {
    const issues = (frame: Record<string, unknown>) => displayFrameSchema.safeParse(frame).error?.issues.map((i) => i.message) ?? []
    expect(issues({ frame: 'AA {addr} {txt}' })).toEqual([expect.stringContaining('unknown field {txt}')])
    expect(issues({ frame: 'AA {text}' })).toEqual(['the frame needs {addr}'])
    expect(issues({ frame: 'AA {addr} {text} {cs}' })).toEqual([expect.stringContaining('choose a checksum')])
    expect(issues({ frame: 'AA {addr} {text}', checksum: 'sum8' })).toEqual([expect.stringContaining('put {cs} in the frame')])
    expect(issues({ frame: 'AA [{addr} {cs} {text}]', checksum: 'sum8' })).toEqual(['{cs} cannot be inside its own range'])
    expect(issues({ frame: 'AA {addr} {text} ZZ' })).toEqual([expect.stringContaining('cannot read')])
    expect(issues({ frame: '{addr} {text}', escape: [{ from: '7E', to: '7D 5E' }] })).toEqual([expect.stringContaining('header and trailer')])
  })
})

describe('reading frames from a stream', () => {
  it('finds key presses split across chunks and between noise', () => {
    const frames = keypadFrames(settingsSchemaForTest.parse({
      devices: { list: [{ id: 'keys', name: '评价器', kind: 'evaluator', connection: { type: 'serial', path: '/dev/ttyS1' } }] },
    }).devices.list[0] as never)
    const c = compileFrame(frames.keyFrame)
    const one = encodeFrame(c, { addr: 3, key: 1 })
    const two = encodeFrame(c, { addr: 4, key: 2 })
    const stream = Buffer.concat([Buffer.from([0x00, 0x02, 0x99]), one, Buffer.from([0x55]), two])
    const scanner = new FrameScanner(c)
    const found = [...scanner.push(stream.subarray(0, 5)), ...scanner.push(stream.subarray(5, 9)), ...scanner.push(stream.subarray(9))]
    expect(found.map((f) => [f.addr, f.key])).toEqual([
      [3, 1],
      [4, 2],
    ])
  })

  it('a frame with a wrong checksum is not a key press', () => {
    const c = compileFrame(keypadFrames({ preset: 'stx-keypad' } as never).keyFrame)
    const bad = encodeFrame(c, { addr: 3, key: 1 })
    bad[3] = bad[3]! ^ 0xff
    expect(new FrameScanner(c).push(bad)).toEqual([])
  })

  it.each(KEYPAD_PRESET_NAMES)('keypad preset %s round-trips every key', (preset) => {
    const frames = keypadFrames({ preset } as never)
    const c = compileFrame(frames.keyFrame)
    for (const { code } of frames.keys) {
      const [f] = new FrameScanner(c).push(encodeFrame(c, { addr: 9, key: code }))
      expect(f).toMatchObject({ addr: 9, key: code })
    }
  })
})
