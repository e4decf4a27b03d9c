/**
 * Keyboard-wedge evaluator keypads type keys like a keyboard; the screens turn a key into a
 * satisfaction score with `scoreForKey`, using the key map in settings.devices.evaluator.
 * Pure, so the renderer and main agree on what a key means.
 */
import { z } from 'zod'
import { SATISFACTION_SCORES, type Satisfaction } from './domain'

export const wedgeKeySchema = z
  .object({
    /** KeyboardEvent.key ('1', 'F1', 'a') or KeyboardEvent.code ('Numpad1', 'KeyA'). */
    key: z.string().trim().min(1).max(20),
    score: z.union(SATISFACTION_SCORES.map((s) => z.literal(s))),
  })
  .strict()
export type WedgeKey = z.infer<typeof wedgeKeySchema>

/** Keys 1–4 left to right: 非常满意, 满意, 一般, 不满意 — the layout of most keypads. */
export const DEFAULT_WEDGE_KEYS: WedgeKey[] = [
  { key: '1', score: 4 },
  { key: '2', score: 3 },
  { key: '3', score: 2 },
  { key: '4', score: 1 },
]

export interface PressedKey {
  key: string
  code?: string
  /** A key held with a modifier is someone typing, not a rating. */
  ctrlKey?: boolean
  altKey?: boolean
  metaKey?: boolean
  repeat?: boolean
}

/** The score a key press means, or null when the key is not in the map. */
export function scoreForKey(keys: readonly WedgeKey[], pressed: PressedKey): Satisfaction | null {
  if (pressed.ctrlKey || pressed.altKey || pressed.metaKey || pressed.repeat) return null
  const byKey = keys.find((k) => k.key === pressed.key)
  if (byKey) return byKey.score
  const byCode = pressed.code === undefined ? undefined : keys.find((k) => k.key === pressed.code)
  if (byCode) return byCode.score
  // Letters are matched regardless of case: a keypad with Caps Lock on still rates.
  const folded = keys.find((k) => k.key.length === 1 && k.key.toLowerCase() === pressed.key.toLowerCase())
  return folded?.score ?? null
}
