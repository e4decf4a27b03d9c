/**
 * A test's plain HTTP client for a running hub: any request with an optional bearer token, a
 * command that must succeed, and a read that must succeed. The hub's address is read at each call,
 * so a client can be made before the hub starts.
 */
import { expect } from 'vitest'

export interface HubAnswer {
  status: number
  /** The JSON body, or the text when the answer is not JSON (a page). */
  body: any
}

export interface HubClient {
  call(method: string, path: string, body?: unknown, token?: string): Promise<HubAnswer>
  /** POSTs a command and expects 200; resolves with its answer. */
  ok(name: string, body: unknown, token?: string): Promise<any>
  /** GETs a path and expects 200; resolves with its answer. */
  read<T = any>(path: string, token?: string): Promise<T>
}

export function hubClient(url: () => string): HubClient {
  async function call(method: string, path: string, body?: unknown, token?: string): Promise<HubAnswer> {
    const res = await fetch(url() + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // a page, not JSON
    }
    return { status: res.status, body: parsed }
  }
  return {
    call,
    async ok(name, body, token) {
      const res = await call('POST', `/api/v1/commands/${name}`, body, token)
      expect(res.status, `${name} ${JSON.stringify(res.body)}`).toBe(200)
      return res.body
    },
    async read(path, token) {
      const res = await call('GET', path, undefined, token)
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200)
      return res.body
    },
  }
}
