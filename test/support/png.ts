/**
 * A real PNG made in the test (RGB, 8 bits, no filter), for the clerk photo's tests: the hub
 * reads its header, and a browser decodes it like any picture.
 */
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), row + 1 + x * 3)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/**
 * A portrait-like test picture: a face-coloured oval on a blue ground. With `grain`, each pixel
 * is off by up to that much, as a camera's photo is: it no longer compresses to nothing.
 */
export function portraitPng(width = 480, height = 600, grain = 0): Buffer {
  let seed = 7
  const jitter = () => {
    if (grain === 0) return 0
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return (seed % (2 * grain + 1)) - grain
  }
  const shade = (rgb: [number, number, number]): [number, number, number] => {
    const d = jitter()
    return [rgb[0] + d, rgb[1] + d, rgb[2] + d].map((v) => Math.max(0, Math.min(255, v))) as [number, number, number]
  }
  return makePng(width, height, (x, y) => {
    const dx = (x - width / 2) / (width * 0.28)
    const dy = (y - height * 0.42) / (height * 0.3)
    if (dx * dx + dy * dy < 1) return shade([236, 196, 160])
    if (y > height * 0.78) return shade([40, 60, 110])
    return shade([120, 160, 210])
  })
}

/** The first bytes of a JPEG as a camera writes them (SOI, JFIF, a baseline frame of w×h), then `fill` bytes. */
export function jpegHeader(width: number, height: number, fill = 100): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
  return Buffer.concat([Buffer.from([0xff, 0xd8, ...app0, ...sof0]), Buffer.alloc(fill, 0x55), Buffer.from([0xff, 0xd9])])
}
