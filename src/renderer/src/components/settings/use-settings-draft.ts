/**
 * A settings section's form: a working copy of its part of the hall's settings (useDraft), and a
 * save that sends only what changed, shows the hub's refusals at their fields (useSaveForm) and
 * then shows what the hub answered.
 */
import type { HallSettings } from '../../../../shared/settings'
import { useSettingsStore } from '../../stores/settings'
import { patchOf, useDraft } from '../../stores/settings/draft'
import { useSaveForm } from './use-save-form'

/**
 * `pick` takes the section's part of the settings; `fields` are the keys its form shows errors
 * at; `wrap` places a patch of that part in the whole settings (by default it is already whole).
 */
export function useSettingsDraft<T>(
  pick: (settings: HallSettings) => T,
  fields: readonly string[],
  wrap: (patch: unknown) => Record<string, unknown> = (patch) => patch as Record<string, unknown>,
) {
  const store = useSettingsStore()
  const draft = useDraft(() => pick(store.settings!))
  const form = useSaveForm(() => fields)

  /** Saves what changed; true when it was saved or there was nothing to save. */
  async function save(): Promise<boolean> {
    const patch = patchOf(draft.base.value, draft.draft.value)
    if (patch === undefined) return true
    return form.run(() => store.saveSettings(wrap(patch)), (result) => draft.commit(pick(result.settings)))
  }

  return { ...draft, form, save }
}
