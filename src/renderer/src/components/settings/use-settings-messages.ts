import { computed, type ComputedRef } from 'vue'
import type { Messages } from '../../locales'
import { SETTINGS_MESSAGES, type SettingsMessages } from '../../locales/settings'
import { useLocaleStore } from '../../stores/locale'

/** The screens' messages with the settings page's own, in the chosen language: `m.settings.…`. */
export function useSettingsMessages(): ComputedRef<Messages & { settings: SettingsMessages }> {
  const locale = useLocaleStore()
  return computed(() => ({ ...locale.m, settings: SETTINGS_MESSAGES[locale.locale] }))
}
