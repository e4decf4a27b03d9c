/**
 * The clerk's keyboard: function keys, because clerks work with a keyboard all day and
 * F-keys do not clash with typing. F5 (reload), F6 (address bar), F11 (full screen) and F12
 * are left to the browser. F10 pauses an open counter and resumes a paused one.
 */
import type { CounterAction } from '.'

export const COUNTER_KEYS = {
  callNext: 'F1',
  recall: 'F2',
  start: 'F3',
  finish: 'F4',
  noShow: 'F7',
  transfer: 'F8',
  callNumber: 'F9',
  pause: 'F10',
  resume: 'F10',
} as const satisfies Partial<Record<CounterAction, string>>

export type KeyedAction = keyof typeof COUNTER_KEYS

/** The action a key stands for right now, or null (not a shortcut, or not allowed now). */
export function actionForKey(key: string, can: Readonly<Record<CounterAction, boolean>>): KeyedAction | null {
  for (const [action, k] of Object.entries(COUNTER_KEYS) as [KeyedAction, string][]) {
    if (k === key && can[action]) return action
  }
  return null
}

/** Keys the counter screen keeps from the browser even when the action is not allowed now. */
export function isCounterKey(key: string): boolean {
  return Object.values(COUNTER_KEYS).includes(key as (typeof COUNTER_KEYS)[KeyedAction])
}
