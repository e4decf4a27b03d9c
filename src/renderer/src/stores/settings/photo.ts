/**
 * A clerk's photo as the settings page sends it: the chosen picture cropped to a 4:5 portrait
 * around its centre and drawn on a canvas at most 240×300, then a JPEG small enough for the hub
 * (quality 0.82, lowered step by step until it is under PHOTO_TARGET_BYTES). Whatever the
 * administrator picks — a 12-megapixel phone photo, a PNG — the hub receives a few tens of kB.
 */
export const PHOTO_WIDTH = 240
export const PHOTO_HEIGHT = 300
/** What the page aims for; the hub's own limit (CLERK_PHOTO_MAX_BYTES) is above it. */
export const PHOTO_TARGET_BYTES = 40 * 1024

export interface MadePhoto {
  /** The JPEG as base64, for setClerkPhoto. */
  base64: string
  bytes: number
  width: number
  height: number
  /** data: address of the same JPEG, for the preview. */
  dataUrl: string
}

/** The crop (in the source's pixels) and the size drawn: a centred 4:5 cut, never enlarged. */
export function portraitCrop(width: number, height: number): { sx: number; sy: number; sw: number; sh: number; dw: number; dh: number } {
  const ratio = PHOTO_WIDTH / PHOTO_HEIGHT
  const sw = Math.min(width, height * ratio)
  const sh = sw / ratio
  const sx = (width - sw) / 2
  const sy = (height - sh) / 2
  const scale = Math.min(1, PHOTO_WIDTH / sw)
  return { sx, sy, sw, sh, dw: Math.max(1, Math.round(sw * scale)), dh: Math.max(1, Math.round(sh * scale)) }
}

/** Thrown when the browser cannot read the file as a picture. */
export class NotAPicture extends Error {}

export async function makeClerkPhoto(file: Blob): Promise<MadePhoto> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new NotAPicture()
  }
  const crop = portraitCrop(bitmap.width, bitmap.height)
  const canvas = document.createElement('canvas')
  canvas.width = crop.dw
  canvas.height = crop.dh
  const g = canvas.getContext('2d')
  if (!g) throw new NotAPicture()
  // A transparent PNG goes on white, as a JPEG has no transparency.
  g.fillStyle = '#fff'
  g.fillRect(0, 0, crop.dw, crop.dh)
  g.imageSmoothingQuality = 'high'
  g.drawImage(bitmap, crop.sx, crop.sy, crop.sw, crop.sh, 0, 0, crop.dw, crop.dh)
  bitmap.close()
  let blob: Blob | null = null
  for (const quality of [0.82, 0.72, 0.62, 0.5, 0.4]) {
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
    if (blob && blob.size <= PHOTO_TARGET_BYTES) break
  }
  if (!blob) throw new NotAPicture()
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new NotAPicture())
    reader.readAsDataURL(blob)
  })
  return { base64: dataUrl.slice(dataUrl.indexOf(',') + 1), bytes: blob.size, width: crop.dw, height: crop.dh, dataUrl }
}
