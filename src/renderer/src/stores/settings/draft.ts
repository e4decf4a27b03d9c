/**
 * A form's working copy of something that lives in the hall (a settings section, a service):
 * it follows the hall while untouched, keeps the admin's edits while they type, and after a
 * save shows what the hub answered. The hall state itself only ever changes from the stream.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/** Deep equality of plain data (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameValue(x, (b as unknown[])[i]))
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * What changed from `base` to `next`, as an updateSettings patch: objects key by key, anything
 * else (lists included) whole. Undefined when nothing changed. Sending only the changes keeps
 * another admin's edit to a neighbouring field.
 */
export function patchOf(base: unknown, next: unknown): Json | undefined {
  if (isPlain(base) && isPlain(next)) {
    const out: Record<string, Json> = {}
    for (const k of Object.keys(next)) {
      const p = patchOf(base[k], next[k])
      if (p !== undefined) out[k] = p
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  return sameValue(base, next) ? undefined : (copy(next) as Json)
}

export interface Draft<T> {
  draft: Ref<T>
  /** The hall's current value, as last seen. */
  base: Readonly<Ref<T>>
  /** The form differs from the hall. */
  dirty: Readonly<Ref<boolean>>
  /** The hall changed (another terminal saved) while the form held unsaved edits. */
  stale: Readonly<Ref<boolean>>
  reset(): void
  /** After a save: the form shows what the hub answered (the stream brings the same to every screen). */
  commit(value: T): void
}

export function useDraft<T>(source: () => T): Draft<T> {
  const base = shallowRef(copy(source())) as Ref<T>
  const draft = ref(copy(source())) as Ref<T>
  const stale = ref(false)
  const dirty = computed(() => !sameValue(draft.value, base.value))
  watch(source, (next) => {
    if (sameValue(next, base.value)) return
    const keep = dirty.value
    base.value = copy(next)
    if (!keep) draft.value = copy(next)
    stale.value = keep && !sameValue(draft.value, next)
  })
  return {
    draft,
    base,
    dirty,
    stale,
    reset() {
      draft.value = copy(base.value)
      stale.value = false
    },
    commit(value: T) {
      draft.value = copy(value)
      stale.value = false
    },
  }
}
