/**
 * The checksums LED bars and keypads use. Vectors ("123456789"): sum8 0xDD, xor8 0x31,
 * CRC-16/MODBUS 0x4B37, CRC-16/CCITT-FALSE 0x29B1, CRC-16/XMODEM 0x31C3.
 */
import type { ChecksumKind } from '../../shared/devices'

export function sum8(bytes: Uint8Array): number {
  let s = 0
  for (const b of bytes) s = (s + b) & 0xff
  return s
}

export function xor8(bytes: Uint8Array): number {
  let x = 0
  for (const b of bytes) x ^= b
  return x
}

/** Reflected polynomial 0xA001 (0x8005), initial 0xFFFF. */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff
  for (const b of bytes) {
    crc ^= b
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1
  }
  return crc
}

/** Polynomial 0x1021, not reflected; initial 0xFFFF is CCITT-FALSE, 0x0000 is XMODEM. */
export function crc16Ccitt(bytes: Uint8Array, initial = 0xffff): number {
  let crc = initial
  for (const b of bytes) {
    crc ^= b << 8
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

export function checksumSize(kind: ChecksumKind): 0 | 1 | 2 {
  if (kind === 'none') return 0
  return kind === 'sum8' || kind === 'xor8' ? 1 : 2
}

/** The checksum as the bytes that go into the frame. */
export function checksumBytes(kind: ChecksumKind, order: 'auto' | 'le' | 'be', bytes: Uint8Array): number[] {
  switch (kind) {
    case 'none':
      return []
    case 'sum8':
      return [sum8(bytes)]
    case 'xor8':
      return [xor8(bytes)]
  }
  const value = kind === 'crc16-modbus' ? crc16Modbus(bytes) : crc16Ccitt(bytes, kind === 'crc16-xmodem' ? 0 : 0xffff)
  const le = order === 'le' || (order === 'auto' && kind === 'crc16-modbus')
  return le ? [value & 0xff, value >>> 8] : [value >>> 8, value & 0xff]
}
