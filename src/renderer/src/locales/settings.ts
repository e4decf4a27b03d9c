/**
 * The settings page's language, kept out of the other screens: it is as long as all the rest
 * together, and only the administrator's page reads it. Loaded with that page's chunk.
 */
import type { Locale } from '.'
import { settingsEnUS } from './settings.en-US'
import { settingsZhCN, type SettingsMessages } from './settings.zh-CN'

export type { SettingsMessages }
export const SETTINGS_MESSAGES: Record<Locale, SettingsMessages> = { 'zh-CN': settingsZhCN, 'en-US': settingsEnUS }
