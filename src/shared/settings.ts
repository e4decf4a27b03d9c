/**
 * Hall settings: one schema with defaults (DEFAULT_SETTINGS = schema.parse({})), stored in
 * SQLite so every terminal sees the same hall, changed only through the updateSettings command.
 */
import { z } from 'zod'

const priorityBoostSchema = z
  .object({
    vip: z.number().int().min(0).max(240).default(20),
    care: z.number().int().min(0).max(240).default(30),
    appointment: z.number().int().min(0).max(240).default(15),
  })
  .strict()

export const settingsSchema = z
  .object({
    hall: z
      .object({
        name: z.string().trim().min(1).max(40).default('中国电信营业厅'),
        nameEn: z.string().trim().min(1).max(60).default('Telecom Service Hall'),
        /** IANA zone the business day and issuing hours follow. */
        timeZone: z
          .string()
          .default('Asia/Shanghai')
          .refine((tz) => isTimeZone(tz), { message: 'unknown time zone' }),
        /** Local hour at which one business day ends and the next begins. */
        rolloverHour: z.number().int().min(0).max(23).default(4),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        /** Head start in minutes each priority class gets over a walk-in (docs/call-policy.md). */
        priorityBoostMin: priorityBoostSchema.prefault({}),
        /** At most this many priority calls in a row at a counter while walk-ins wait (2 = 2:1). */
        priorityRunLimit: z.number().int().min(1).max(20).default(2),
        /** A reactivated no-show goes back this many places behind the head of its queue (过号顺延). */
        requeuePlaces: z.number().int().min(0).max(100).default(3),
        recallLimit: z.number().int().min(1).max(10).default(3),
        /** What the ticket tells a customer who misses the call. */
        missedCallRule: z.enum(['requeue', 'reissue']).default('requeue'),
      })
      .strict()
      .prefault({}),
    issuing: z
      .object({
        paused: z.boolean().default(false),
        pausedMessage: z.string().max(200).default(''),
      })
      .strict()
      .prefault({}),
    display: z
      .object({
        notice: z.string().max(500).default(''),
        /** Spoken and shown for every call; {number} and {counter} are filled in. */
        voiceTemplate: z.string().min(1).max(200).default('请 {number} 号 到 {counter} 号窗口办理'),
        voiceRepeat: z.number().int().min(1).max(3).default(2),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Alert the manager when more people than this wait in the hall. */
        waitingCount: z.number().int().min(1).max(10000).default(40),
        /** Alert the manager when more people than this wait for one service. */
        serviceWaitingCount: z.number().int().min(1).max(10000).default(15),
        /** Warn (before the alert) when a service's longest wait reaches this share of its target. */
        waitWarnPercent: z.number().int().min(10).max(100).default(80),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type HallSettings = z.infer<typeof settingsSchema>
export type SettingsInput = z.input<typeof settingsSchema>

export const DEFAULT_SETTINGS: HallSettings = settingsSchema.parse({})

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

type Plain = Record<string, unknown>
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Merges a partial patch into settings; the result still has to pass settingsSchema. */
export function mergeSettings(base: HallSettings, patch: unknown): unknown {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isPlain(a) || !isPlain(b)) return b === undefined ? a : b
    const out: Plain = { ...a }
    // defineProperty, not assignment: a '__proto__' key in the patch must stay a plain key
    // (and then fail the strict schema) instead of replacing the prototype.
    for (const [k, v] of Object.entries(b)) {
      Object.defineProperty(out, k, { value: merge(Object.hasOwn(a, k) ? a[k] : undefined, v), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return merge(base, patch)
}
