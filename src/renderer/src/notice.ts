/**
 * A short line at the top of the page ("joined as …"), drawn by App.vue with a plain element:
 * the pages that show it (the join page, the kiosk, the display) load no component library.
 * The staff screens' own toasts are Naive UI's (NaiveShell.vue).
 */
import { shallowRef } from 'vue'

export const NOTICE_MS = 4000

export const notice = shallowRef<{ text: string; id: number } | null>(null)
let timer: ReturnType<typeof setTimeout> | null = null
let next = 1

export function showNotice(text: string, ms = NOTICE_MS): void {
  if (timer) clearTimeout(timer)
  const id = next++
  notice.value = { text, id }
  timer = setTimeout(() => {
    timer = null
    if (notice.value?.id === id) notice.value = null
  }, ms)
}

export function clearNotice(): void {
  if (timer) clearTimeout(timer)
  timer = null
  notice.value = null
}
