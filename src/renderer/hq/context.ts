/** What the /hq page's parts share: the language, the texts, the tab and the hall looked at. */
import { computed, ref } from 'vue'
import { MESSAGES } from '../src/locales'
import { NAIVE_LOCALES } from '../src/locales/naive'
import { reportFormat } from '../src/stores/reports/format'
import { setLanguage } from './api'
import { HQ_TEXTS, type HqLocale } from './texts'

const LANG_KEY = 'hallq-hq-lang'

function initialLocale(): HqLocale {
  const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem(LANG_KEY)
  return asked === 'en-US' ? 'en-US' : 'zh-CN'
}

export const locale = ref<HqLocale>(initialLocale())
setLanguage(locale.value)
export const t = computed(() => HQ_TEXTS[locale.value])
/** The hall's report messages: the tables and charts are the hub's own. */
export const m = computed(() => MESSAGES[locale.value])
export const f = computed(() => reportFormat(m.value))
export const naive = computed(() => NAIVE_LOCALES[locale.value])

export function toggleLocale(): void {
  locale.value = locale.value === 'zh-CN' ? 'en-US' : 'zh-CN'
  localStorage.setItem(LANG_KEY, locale.value)
  setLanguage(locale.value)
  document.documentElement.lang = locale.value
}

export type HqTab = 'board' | 'report' | 'hall' | 'config'

/**
 * What the address asks for, so that a report can be bookmarked or sent:
 * /hq?tab=report&from=2026-11-01&to=2026-11-30&region=广东/广州 · /hq?tab=hall&hall=GZ-TH-001&from=…&to=…
 */
const asked = new URLSearchParams(location.search)
const DAY = /^\d{4}-\d{2}-\d{2}$/
export const linked = {
  from: DAY.test(asked.get('from') ?? '') ? asked.get('from')! : null,
  to: DAY.test(asked.get('to') ?? '') ? asked.get('to')! : null,
  region: asked.get('region') || null,
  hall: asked.get('hall') || null,
}
const askedTab = asked.get('tab')
export const tab = ref<HqTab>(askedTab === 'report' || askedTab === 'hall' || askedTab === 'config' ? askedTab : 'board')
export const selectedHall = ref<string | null>(tab.value === 'hall' ? linked.hall : null)

export function openHall(code: string): void {
  selectedHall.value = code
  tab.value = 'hall'
}

/** 'YYYY-MM-DD' of an instant in this browser's calendar (the date pickers'). */
export function dayOf(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Noon of a 'YYYY-MM-DD' day in this browser's calendar, for the date pickers. */
export function msOf(day: string): number {
  const [y, mo, d] = day.split('-').map(Number)
  return new Date(y!, mo! - 1, d!, 12).getTime()
}
