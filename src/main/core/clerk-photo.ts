/**
 * What the hub accepts as a clerk's photo: a JPEG or PNG by its own bytes (never by a name or a
 * type the sender claims), no larger than CLERK_PHOTO_MAX_BYTES, whose header gives a size of at
 * most CLERK_PHOTO_MAX_SIDE pixels a side. Pure: bytes in, the picture's type and size out.
 */
import { CLERK_PHOTO_MAX_BYTES, CLERK_PHOTO_MAX_SIDE } from '../../shared/domain'
import { AppError } from '../../shared/errors'

export interface PhotoFacts {
  type: 'image/jpeg' | 'image/png'
  width: number
  height: number
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export function inspectPhoto(bytes: Uint8Array): PhotoFacts {
  if (bytes.length > CLERK_PHOTO_MAX_BYTES) throw new AppError('PHOTO_TOO_LARGE', { bytes: bytes.length, maxBytes: CLERK_PHOTO_MAX_BYTES })
  const size = pngSize(bytes) ?? jpegSize(bytes)
  if (!size) throw new AppError('PHOTO_NOT_IMAGE')
  if (size.width < 1 || size.height < 1) throw new AppError('PHOTO_NOT_IMAGE')
  if (size.width > CLERK_PHOTO_MAX_SIDE || size.height > CLERK_PHOTO_MAX_SIDE) {
    throw new AppError('PHOTO_TOO_LARGE', { width: size.width, height: size.height, maxSide: CLERK_PHOTO_MAX_SIDE })
  }
  return size
}

/** PNG: the signature, then the IHDR chunk with width and height. */
function pngSize(b: Uint8Array): PhotoFacts | null {
  if (b.length < 24 || !PNG_SIGNATURE.every((x, i) => b[i] === x)) return null
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  if (String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null
  return { type: 'image/png', width: view.getUint32(16), height: view.getUint32(20) }
}

/** JPEG: SOI, then segments up to a start-of-frame marker, which holds height and width. */
function jpegSize(b: Uint8Array): PhotoFacts | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i++
      continue
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!
    if (length < 2) return null
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'image/jpeg', height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! }
    }
    if (marker === 0xda || marker === 0xd9) return null
    i += 2 + length
  }
  return null
}
