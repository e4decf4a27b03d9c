/**
 * Free text staff write about a customer — a service's note, a transfer note, a complaint's
 * summary, a grade's comment — sealed at rest like phone numbers (contact-cipher.ts): the same
 * key, AES-256-GCM, a random nonce per value and the value's place as associated data, so a
 * copied database file, its WAL or a backup gives away none of it.
 *
 * A sealed value is a string (`sealed1:` and base64), so it fits the TEXT columns and JSON it
 * replaces; '' stays '' (nothing to hide). Anything that stores free text in a new place seals it
 * with `textSealOf(db)` and a context naming that place, and opens it where staff read it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Db } from '../store/database'

const PREFIX = 'sealed1:'
const NONCE = 12
const TAG = 16

/** Keys whose string values are free text wherever they appear in a logged command. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['note', 'summary', 'comment', 'assessment', 'reportedBy'])

export function isSealedText(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX)
}

export class TextSeal {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the text key must be 32 bytes')
  }

  /** `context` names where the value lives (`record:12:note`); opening needs the same one. */
  seal(plain: string, context: string): string {
    if (plain === '') return plain
    const nonce = randomBytes(NONCE)
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce)
    cipher.setAAD(Buffer.from(`text:${context}`))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')
  }

  /**
   * The plain text. A value that was never sealed (written before sealing) is returned as it is,
   * and so is one that does not open (another key, another place): a hall that cannot read a
   * note must still start.
   */
  open(value: string, context: string): string {
    if (!isSealedText(value)) return value
    try {
      const raw = Buffer.from(value.slice(PREFIX.length), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE))
      decipher.setAAD(Buffer.from(`text:${context}`))
      decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG))
      return Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]).toString('utf8')
    } catch {
      return value
    }
  }

  /**
   * A copy of `value` (a command's payload, events or reply) with every string under a
   * FREE_TEXT_KEYS key sealed, as the event log stores it.
   */
  sealDeep<T>(value: T): T {
    return mapFreeText(value, (text, key) => this.seal(text, `log:${key}`)) as T
  }

  openDeep<T>(value: T): T {
    return mapFreeText(value, (text, key) => this.open(text, `log:${key}`)) as T
  }
}

function mapFreeText(value: unknown, f: (text: string, key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapFreeText(v, f))
  if (typeof value !== 'object' || value === null) return value
  let out: Record<string, unknown> | null = null
  for (const [k, v] of Object.entries(value)) {
    const mapped = typeof v === 'string' ? (FREE_TEXT_KEYS.has(k) ? f(v, k) : v) : mapFreeText(v, f)
    if (mapped !== v) {
      out ??= { ...(value as Record<string, unknown>) }
      out[k] = mapped
    }
  }
  return out ?? value
}

/** The seal a hall database was opened with (app.ts attaches it), or null where none was (tests, tools). */
const seals = new WeakMap<Db, TextSeal>()

export function attachTextSeal(db: Db, seal: TextSeal): void {
  seals.set(db, seal)
}

export function textSealOf(db: Db): TextSeal | null {
  return seals.get(db) ?? null
}
