/**
 * The screens' languages. zh-CN is the schema (zh-CN.ts); Naive UI's own strings and dates
 * follow the app language through NConfigProvider.
 */
import { dateEnUS, dateZhCN, enUS as naiveEnUS, zhCN as naiveZhCN, type NDateLocale, type NLocale } from 'naive-ui'
import type { ErrorCode } from '../../../shared/errors'
import { enUS } from './en-US'
import { zhCN, type Messages } from './zh-CN'

export type { Messages }
export type Locale = 'zh-CN' | 'en-US'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US']

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS }

export const NAIVE_LOCALES: Record<Locale, { locale: NLocale; date: NDateLocale }> = {
  'zh-CN': { locale: naiveZhCN, date: dateZhCN },
  'en-US': { locale: naiveEnUS, date: dateEnUS },
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US'
}

/** Errors the screens produce themselves, before or instead of an answer from the hall. */
export type ClientErrorCode = keyof Messages['clientErrors']

export function isKnownErrorCode(m: Messages, code: string): code is ErrorCode {
  return Object.hasOwn(m.errors, code)
}
