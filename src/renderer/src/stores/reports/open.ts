/**
 * The report page's first reads, started by App.vue as soon as the page may see the hall — while
 * the page's own code (its view, Naive UI's components) still loads and compiles, not after.
 */
import { sessionKey, useSessionStore } from '../session'
import { useReportsStore } from '.'

export function openReports(terminal: string): void {
  useSessionStore().configure(sessionKey(terminal, 'manager'), window.localStorage)
  void useReportsStore().open()
}
