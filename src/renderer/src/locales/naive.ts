/**
 * Naive UI's own strings and dates in the app's language, for the screens built with it
 * (NaiveShell.vue) and the head office's page. Kept out of locales/index.ts so that a page
 * without Naive UI (join, setup, kiosk, display, rating) does not load it.
 */
import { dateEnUS, dateZhCN, enUS as naiveEnUS, zhCN as naiveZhCN, type NDateLocale, type NLocale } from 'naive-ui'
import type { Locale } from './index'

export const NAIVE_LOCALES: Record<Locale, { locale: NLocale; date: NDateLocale }> = {
  'zh-CN': { locale: naiveZhCN, date: dateZhCN },
  'en-US': { locale: naiveEnUS, date: dateEnUS },
}
