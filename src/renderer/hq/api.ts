/**
 * The centre's API as the /hq page uses it: the token kept for this browser tab, every failure
 * an `HqError` carrying the centre's translated message and error code.
 */
import { ref } from 'vue'
import type { CentralUserView } from '../../shared/central'
import { CENTRAL_API } from '../../shared/central'
import type { HqLocale } from './texts'

const TOKEN_KEY = 'hallq-hq-token'

export class HqError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The centre's details: for GROUP_CONFIG_INVALID, each wrong field's path and message. */
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const session = ref<{ token: string; user: CentralUserView } | null>(null)

let language: HqLocale = 'zh-CN'
export function setLanguage(l: HqLocale): void {
  language = l
}

export async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const token = session.value?.token ?? sessionStorage.getItem(TOKEN_KEY)
  let res: Response
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        'accept-language': language,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    })
  } catch {
    throw new HqError('OFFLINE', '')
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null
  if (!res.ok || body === null) {
    const error = body?.error ?? { code: 'INTERNAL', message: '' }
    if (error.code === 'UNAUTHENTICATED') forget()
    throw new HqError(error.code, error.message, error.details)
  }
  return body as T
}

/** Downloads a file the centre writes (an export): saved under the name the centre gives it. */
export async function download(path: string): Promise<void> {
  const token = session.value?.token ?? sessionStorage.getItem(TOKEN_KEY)
  let res: Response
  try {
    res = await fetch(path, { headers: { 'accept-language': language, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(120_000) })
  } catch {
    throw new HqError('OFFLINE', '')
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null
    const error = body?.error ?? { code: 'INTERNAL', message: '' }
    if (error.code === 'UNAUTHENTICATED') forget()
    throw new HqError(error.code, error.message)
  }
  const named = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')
  const a = document.createElement('a')
  a.href = URL.createObjectURL(await res.blob())
  a.download = named ? decodeURIComponent(named[1]!) : 'hallq-hq-report'
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

export async function login(staffCode: string, pin: string): Promise<void> {
  const r = await call<{ token: string; user: CentralUserView }>(CENTRAL_API.login, { method: 'POST', body: { staffCode, pin } })
  sessionStorage.setItem(TOKEN_KEY, r.token)
  session.value = r
}

/** A token kept from before a reload: valid if the centre still knows it. */
export async function resume(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY)
  if (!token) return
  try {
    const r = await call<{ user: CentralUserView }>(CENTRAL_API.me)
    session.value = { token, user: r.user }
  } catch {
    forget()
  }
}

export async function logout(): Promise<void> {
  await call(CENTRAL_API.logout, { method: 'POST', body: {} }).catch(() => {})
  forget()
}

function forget(): void {
  sessionStorage.removeItem(TOKEN_KEY)
  session.value = null
}
