/**
 * Keyboard-wedge evaluator keypads (USB keypads that type like a keyboard): while a rating
 * prompt is up, a key from the hall's wedge map (settings.devices.evaluator.wedgeKeys) rates.
 * Keys typed into a field are someone writing, not a customer rating.
 */
import type { Satisfaction } from '../../../../shared/domain'
import { scoreForKey, type PressedKey, type WedgeKey } from '../../../../shared/evaluator-keys'

export interface KeyOnPage extends PressedKey {
  target?: EventTarget | null
}

function typingInto(target: EventTarget | null | undefined): boolean {
  const el = target as (Partial<HTMLElement> & { tagName?: string }) | null | undefined
  if (!el || typeof el.tagName !== 'string') return false
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase()) || el.isContentEditable === true
}

/** The score a key press on the page means, or null. */
export function wedgeScore(keys: readonly WedgeKey[], event: KeyOnPage): Satisfaction | null {
  if (typingInto(event.target)) return null
  return scoreForKey(keys, event)
}
