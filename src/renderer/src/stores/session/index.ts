/**
 * Who is logged in at this terminal. The token is kept in localStorage per terminal and per
 * kind of screen, so a reload (or a power cut) does not log the clerk out, the customer-facing
 * rating screen of the same PC works with the clerk's session, and a manager window on the
 * same PC keeps its own.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Clerk } from '../../../../shared/domain'
import { HallError, isHallError } from '../../transport/transport'
import { useHallStore } from '../hall'

export interface StoredSession {
  token: string
  clerk: Clerk
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>

export function sessionKey(terminal: string, kind: 'counter' | 'manager'): string {
  return `hallq:session:${terminal}:${kind}`
}

export function readSession(storage: Storage, key: string): StoredSession | null {
  try {
    const v = JSON.parse(storage.getItem(key) ?? 'null') as Partial<StoredSession> | null
    if (v && typeof v.token === 'string' && v.clerk && typeof v.clerk.id === 'number') return v as StoredSession
  } catch {
    // a damaged entry is the same as none
  }
  return null
}

export const useSessionStore = defineStore('session', () => {
  const hall = useHallStore()
  const token = ref<string | null>(null)
  const clerk = ref<Clerk | null>(null)
  const busy = ref(false)
  let key = ''
  let storage: Storage | null = null

  const loggedIn = computed(() => token.value !== null && clerk.value !== null)
  const isManager = computed(() => clerk.value?.role === 'manager' || clerk.value?.role === 'admin')

  function save(): void {
    if (!storage || !key) return
    if (token.value && clerk.value) storage.setItem(key, JSON.stringify({ token: token.value, clerk: clerk.value }))
    else storage.removeItem(key)
  }

  /** Picks up the session this terminal had. */
  function configure(storageKey: string, store: Storage): void {
    key = storageKey
    storage = store
    const found = readSession(store, key)
    token.value = found?.token ?? null
    clerk.value = found?.clerk ?? null
  }

  /** Asks the hall whether the stored token is still good; a stale one is forgotten. */
  async function verify(): Promise<void> {
    if (!token.value) return
    try {
      const actor = await hall.transport().whoAmI(token.value)
      if (actor.clerkId === null) forget()
    } catch (err) {
      if (isHallError(err) && (err.code === 'UNAUTHENTICATED' || err.code === 'CLERK_DISABLED')) forget()
      // Offline: keep it, the clerk is still who they were.
    }
  }

  async function login(staffCode: string, pin: string): Promise<Clerk> {
    busy.value = true
    try {
      const result = await hall.command('login', { staffCode: staffCode.trim(), pin })
      token.value = result.token
      clerk.value = result.clerk
      save()
      return result.clerk
    } finally {
      busy.value = false
    }
  }

  async function logout(): Promise<void> {
    if (!token.value) return
    busy.value = true
    try {
      await hall.command('logout', {}, token.value)
      forget()
    } catch (err) {
      if (isHallError(err) && err.code === 'UNAUTHENTICATED') forget()
      else throw err
    } finally {
      busy.value = false
    }
  }

  function forget(): void {
    token.value = null
    clerk.value = null
    save()
  }

  /** Runs a command as the logged-in clerk; a token the hall no longer knows logs the screen out. */
  async function run<R>(send: (token: string) => Promise<R>): Promise<R> {
    if (!token.value) throw new HallError('UNAUTHENTICATED')
    try {
      return await send(token.value)
    } catch (err) {
      if (isHallError(err) && err.code === 'UNAUTHENTICATED') forget()
      throw err
    }
  }

  return { token, clerk, busy, loggedIn, isManager, configure, verify, login, logout, forget, run }
})
