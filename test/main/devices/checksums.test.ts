import { describe, expect, it } from 'vitest'
import { checksumBytes, crc16Ccitt, crc16Modbus, sum8, xor8 } from '../../../src/main/devices/checksums'

const ascii = (s: string) => Buffer.from(s, 'ascii')

describe('checksums against their published check values', () => {
  // The "check" value of each algorithm is its checksum of the nine ASCII digits "123456789"
  // (the CRC catalogue's convention); the rest are worked by hand.
  it.each([
    ['sum8', sum8(ascii('123456789')), 0xdd],
    ['xor8', xor8(ascii('123456789')), 0x31],
    ['CRC-16/MODBUS', crc16Modbus(ascii('123456789')), 0x4b37],
    ['CRC-16/CCITT-FALSE', crc16Ccitt(ascii('123456789')), 0x29b1],
    ['CRC-16/XMODEM', crc16Ccitt(ascii('123456789'), 0), 0x31c3],
    ['sum8 wraps at 256', sum8(Uint8Array.from([0xff, 0x02])), 0x01],
    ['xor8 of nothing', xor8(new Uint8Array()), 0x00],
    ['CRC-16/MODBUS of a read-holding-registers request', crc16Modbus(Uint8Array.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a])), 0xcdc5],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected)
  })

  it('puts MODBUS low byte first and the CCITT CRCs high byte first unless told otherwise', () => {
    const digits = ascii('123456789')
    expect(checksumBytes('crc16-modbus', 'auto', digits)).toEqual([0x37, 0x4b])
    expect(checksumBytes('crc16-ccitt', 'auto', digits)).toEqual([0x29, 0xb1])
    expect(checksumBytes('crc16-xmodem', 'auto', digits)).toEqual([0x31, 0xc3])
    expect(checksumBytes('crc16-modbus', 'be', digits)).toEqual([0x4b, 0x37])
    expect(checksumBytes('crc16-ccitt', 'le', digits)).toEqual([0xb1, 0x29])
    expect(checksumBytes('none', 'auto', digits)).toEqual([])
  })
})
