import type { DeviceProblem } from '../devices'
import type { ErrorCode } from '../errors'
import { deviceProblemsEnUS } from './devices.en-US'
import { deviceProblemsZhCN } from './devices.zh-CN'
import { errorsEnUS } from './errors.en-US'
import { errorsZhCN } from './errors.zh-CN'

export type Locale = 'zh-CN' | 'en-US'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US']

const catalogues = { 'zh-CN': errorsZhCN, 'en-US': errorsEnUS } as const

export function errorMessage(code: ErrorCode, locale: Locale = 'zh-CN'): string {
  return catalogues[locale][code]
}

/** Picks zh-CN or en-US from an Accept-Language header; zh-CN unless English is preferred. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'zh-CN'
  const first = header.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en-US' : 'zh-CN'
}

/** The sentence for a device problem (printer out of paper, bar not answering …). */
export function deviceProblemMessage(problem: DeviceProblem, locale: Locale = 'zh-CN'): string {
  return (locale === 'en-US' ? deviceProblemsEnUS : deviceProblemsZhCN)[problem]
}

export { errorsEnUS, errorsZhCN }
