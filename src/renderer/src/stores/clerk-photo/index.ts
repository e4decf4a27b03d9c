/**
 * Clerks' photos as the screens show them: read once per photo version (Clerk.photo, from the
 * hall state) and kept here as a data: address, so the rating screen asks the hub again only
 * when the administrator changes the photo — never per customer. The settings page reads with
 * the admin's login; the rating screen with none (its evaluator pairing, or the hub's own screen).
 */
import type { Clerk } from '../../../../shared/domain'
import type { Transport } from '../../transport'

const photos = new Map<string, Promise<string | null>>()

/** `data:` address of the bytes (the screens' CSP allows data: images, not blob:). */
export function dataUrlOf(type: string, bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return `data:${type};base64,${btoa(binary)}`
}

/**
 * The clerk's photo as an address for <img>, or null (none, or not ours to see: the hub refused).
 * A refusal or a failed read is not kept, so the next customer's screen tries again.
 */
export function clerkPhotoUrl(transport: Transport, clerk: Pick<Clerk, 'id' | 'photo'>, token?: string | null): Promise<string | null> {
  if (!clerk.photo) return Promise.resolve(null)
  const key = `${clerk.id}:${clerk.photo}`
  let found = photos.get(key)
  if (!found) {
    found = transport
      .read('clerkPhoto', { clerkId: clerk.id, version: clerk.photo }, { token: token ?? null })
      .then((p) => dataUrlOf(p.type, p.bytes))
      .catch(() => {
        photos.delete(key)
        return null
      })
    photos.set(key, found)
  }
  return found
}

/** Forgets every photo read (tests; a terminal that left the hall). */
export function forgetClerkPhotos(): void {
  photos.clear()
}
