/**
 * An emergency broadcast as the screens say it: the message in the screen's language (a preset
 * sentence is known in both; the manager's own words are shown as written), and when the
 * displays say it again.
 */
import type { Emergency } from '../../../../shared/domain'
import { EMERGENCY_PRESETS } from '../../../../shared/emergency'
import type { Locale } from '../../locales'

export interface EmergencyLines {
  /** In the screen's language when it is a preset; as written otherwise. */
  main: string
  /** The same preset in the other language, for a bilingual hall; null for the manager's own words. */
  other: string | null
}

export function emergencyLines(e: Pick<Emergency, 'kind' | 'message'>, locale: Locale): EmergencyLines {
  const preset = e.kind !== 'custom' && e.message === EMERGENCY_PRESETS['zh-CN'][e.kind]
  if (!preset) return { main: e.message, other: null }
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  return { main: EMERGENCY_PRESETS[locale][e.kind], other: EMERGENCY_PRESETS[other][e.kind] }
}

/**
 * When the displays next say the emergency again: every `everyMin` minutes counted from its
 * start by the hub's clock, so every display in the hall speaks at the same moment. Null when
 * it is said only once.
 */
export function nextAnnouncementAt(startedAt: number, everyMin: number, now: number): number | null {
  if (everyMin <= 0) return null
  const period = everyMin * 60_000
  const done = Math.max(0, Math.floor((now - startedAt) / period))
  return startedAt + (done + 1) * period
}
