/**
 * The screens' languages. zh-CN is the schema (zh-CN.ts); Naive UI's own strings and dates
 * follow the app language through NConfigProvider (naive.ts).
 */
import type { ErrorCode } from '../../../shared/errors'
import { enUS } from './en-US'
import { zhCN, type Messages } from './zh-CN'

export type { Messages }
export type Locale = 'zh-CN' | 'en-US'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US']

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS }

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en-US'
}

/** Errors the screens produce themselves, before or instead of an answer from the hall. */
export type ClientErrorCode = keyof Messages['clientErrors']

export function isKnownErrorCode(m: Messages, code: string): code is ErrorCode {
  return Object.hasOwn(m.errors, code)
}
