/**
 * The screen's language: zh-CN unless ?lang= or this PC's saved choice says otherwise.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorCode } from '../../../../shared/errors'
import { isKnownErrorCode, isLocale, MESSAGES, type ClientErrorCode, type Locale, type Messages } from '../../locales'
import { isHallError } from '../../transport/transport'

const KEY = 'hallq:lang'

export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>('zh-CN')
  const m = computed<Messages>(() => MESSAGES[locale.value])
  let storage: Pick<Storage, 'getItem' | 'setItem'> | null = null

  function configure(params: URLSearchParams, store: Pick<Storage, 'getItem' | 'setItem'>): void {
    storage = store
    const wanted = params.get('lang') ?? store.getItem(KEY)
    if (isLocale(wanted)) locale.value = wanted
    document.documentElement.lang = locale.value
  }

  function setLocale(next: Locale): void {
    locale.value = next
    storage?.setItem(KEY, next)
    document.documentElement.lang = next
  }

  /** A failure as a sentence for the person in front of the screen; never a raw code. */
  function errorText(err: unknown): string {
    const messages = m.value
    if (isHallError(err)) {
      if (isKnownErrorCode(messages, err.code)) return withDetails(messages, err.code, err.details, locale.value === 'zh-CN')
      const client = messages.clientErrors[err.code as ClientErrorCode]
      if (client) return client
    }
    return messages.errors.INTERNAL
  }

  return { locale, m, configure, setLocale, errorText }
})

function withDetails(m: Messages, code: ErrorCode, details: unknown, zh: boolean): string {
  const base = m.errors[code]
  const [colon, open, close] = zh ? ['：', '（', '）'] : [': ', ' (', ')']
  const d = (details ?? {}) as Record<string, unknown>
  if (code === 'ISSUING_PAUSED' && typeof d.message === 'string' && d.message.trim()) return `${base}${colon}${d.message.trim()}`
  if (code === 'OUTSIDE_ISSUING_HOURS' && Array.isArray(d.hours) && d.hours.length > 0) {
    const hours = (d.hours as { from: string; to: string }[]).map((h) => `${h.from}–${h.to}`).join(', ')
    return `${base}${open}${hours}${close}`
  }
  return base
}
