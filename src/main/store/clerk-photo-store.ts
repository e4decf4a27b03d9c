/**
 * Clerks' photos (migration 014): the bytes beside the event log, written in the transaction of
 * the command that set or removed them. Read by the photo route (GET /api/v1/clerks/:id/photo).
 */
import type { Db } from './database'

export interface ClerkPhoto {
  clerkId: number
  image: Buffer
  type: 'image/jpeg' | 'image/png'
  version: string
  width: number
  height: number
  updatedAt: number
}

export class ClerkPhotoStore {
  private readonly s

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      put: p(
        `INSERT INTO clerk_photos (clerk_id, image, type, version, width, height, updated_at) VALUES (@clerkId, @image, @type, @version, @width, @height, @updatedAt)
         ON CONFLICT (clerk_id) DO UPDATE SET image = excluded.image, type = excluded.type, version = excluded.version,
           width = excluded.width, height = excluded.height, updated_at = excluded.updated_at`,
      ),
      remove: p('DELETE FROM clerk_photos WHERE clerk_id = ?'),
      get: p('SELECT clerk_id, image, type, version, width, height, updated_at FROM clerk_photos WHERE clerk_id = ?'),
    }
  }

  put(photo: ClerkPhoto): void {
    this.s.put.run(photo)
  }

  /** True when there was one to delete. */
  remove(clerkId: number): boolean {
    return this.s.remove.run(clerkId).changes > 0
  }

  get(clerkId: number): ClerkPhoto | null {
    const r = this.s.get.get(clerkId) as Record<string, unknown> | undefined
    if (!r) return null
    return {
      clerkId: r.clerk_id as number,
      image: r.image as Buffer,
      type: r.type as ClerkPhoto['type'],
      version: r.version as string,
      width: r.width as number,
      height: r.height as number,
      updatedAt: r.updated_at as number,
    }
  }
}
