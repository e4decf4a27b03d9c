/**
 * A settings form's save: busy while it runs, field errors and the form's own error when it is
 * refused, a confirmation when it is saved.
 */
import { useMessage } from 'naive-ui'
import { computed, nextTick, ref } from 'vue'
import { useLocaleStore } from '../../stores/locale'
import { errorAt, unclaimed, type FieldErrors } from '../../stores/settings/field-errors'
import type { SaveOutcome } from '../../stores/settings'
import { SETTINGS_MESSAGES } from '../../locales/settings'

export function useSaveForm(shown: () => readonly string[] = () => []) {
  const message = useMessage()
  const locale = useLocaleStore()
  const errors = ref<FieldErrors>({})
  const formError = ref<string | null>(null)
  const busy = ref(false)

  /** Errors no field shows, then the form's own: listed above the buttons. */
  const loose = computed(() => [...unclaimed(errors.value, shown()), ...(formError.value ? [formError.value] : [])])
  const count = computed(() => Object.keys(errors.value).length + (formError.value ? 1 : 0))

  function clear(): void {
    errors.value = {}
    formError.value = null
  }

  /** The error at a field, for NFormItem's feedback. */
  function at(key: string): string | undefined {
    return errorAt(errors.value, key)
  }

  /** Props for an NFormItem showing `key`'s error. */
  function field(key: string): { feedback: string | undefined; validationStatus: 'error' | undefined } {
    const e = at(key)
    return { feedback: e, validationStatus: e ? 'error' : undefined }
  }

  /** `okText` null: the form shows the result itself, no confirmation. */
  async function run<R>(send: () => Promise<SaveOutcome<R>>, saved?: (result: R) => void, okText?: string | null): Promise<boolean> {
    busy.value = true
    clear()
    try {
      const outcome = await send()
      if (outcome.ok) {
        saved?.(outcome.result)
        if (okText !== null) message.success(okText ?? SETTINGS_MESSAGES[locale.locale].form.saved)
        return true
      }
      errors.value = outcome.fields
      formError.value = outcome.form
      // The first field that needs changing may be out of sight above the save button.
      await nextTick()
      document.querySelector('.n-form-item-feedback--error')?.scrollIntoView?.({ block: 'center', behavior: 'smooth' })
      return false
    } finally {
      busy.value = false
    }
  }

  return { errors, formError, busy, loose, count, clear, at, field, run }
}
