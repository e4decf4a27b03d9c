/**
 * Guessing PINs and pairing codes with many requests at once, over real sockets: an attempt is
 * counted before the secret is checked, per staff code and per source address, never per the
 * name a client chooses for itself.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { rawRequest } from '../../support/raw-http'
import { servedHallPerTest } from '../../support/served-hall'

const hub = servedHallPerTest({ prepare: async (f) => void (await f.clerk('1001')) })

/** A counter PC elsewhere on the LAN (a loopback address other than 127.0.0.1), paired. */
const paired = new Map<string, string>()
async function pairFrom(from: string): Promise<void> {
  const { code } = await hub.f.run('createPairingCode', { name: `pc ${from}`, role: 'counter', counterId: 1 }, hub.f.adminToken)
  const res = await rawRequest(hub.base, '/api/v1/pair', { body: { code }, from })
  paired.set(from, res.json().token)
}
beforeEach(async () => {
  paired.clear()
  await pairFrom('127.0.0.9')
})

const login = (pin: string, headers: Record<string, string> = {}, from?: string) =>
  rawRequest(hub.base, '/api/v1/commands/login', {
    body: { staffCode: '1001', pin },
    headers: { ...headers, ...(from && paired.has(from) ? { 'x-hallq-terminal-token': paired.get(from)! } : {}) },
    ...(from ? { from } : {}),
  })

describe('parallel PIN guesses', () => {
  it('150 guesses at once, each under another terminal name: at most five are checked and the right PIN among them is refused', async () => {
    const guesses = Array.from({ length: 150 }, (_, i) => (i === 120 ? '1234' : String(5000 + i)))
    const answers = await Promise.all(guesses.map((pin, i) => login(pin, { 'x-hallq-terminal': `counter-${i}` })))
    const codes = answers.map((a) => (a.status === 200 ? 'ok' : a.json().error.code))
    const checked = codes.filter((c) => c === 'WRONG_PIN' || c === 'ok').length
    expect(checked).toBeLessThanOrEqual(5)
    expect(codes[120]).toBe('PIN_LOCKED')
    expect(codes.filter((c) => c === 'PIN_LOCKED')).toHaveLength(150 - checked)
    expect(answers.find((a) => a.status === 429)!.json().error.details.retryAfterSeconds).toBeGreaterThan(0)
  })

  it('a flood from one address locks the clerk only briefly elsewhere; a manager can unlock them at once', async () => {
    const manager = await hub.f.clerk('m1', 'manager')
    await Promise.all(Array.from({ length: 40 }, (_, i) => login(String(6000 + i), {}, '127.0.0.9')))
    // The clerk at their own counter (another address) is locked out by the staff code's lock …
    expect((await login('1234', {}, '127.0.0.1')).json().error.code).toBe('PIN_LOCKED')
    // … which a manager lifts (audited); the flooding address stays locked.
    const unlock = await rawRequest(hub.base, '/api/v1/commands/unlockClerk', { body: { clerkId: hub.f.hall.state.clerks[2]!.id }, headers: { authorization: `Bearer ${manager}` } })
    expect(unlock.status, unlock.body).toBe(200)
    expect(hub.f.store.logOfDay('2026-11-28').some((l) => l.command === 'unlockClerk')).toBe(true)
    expect((await login('1234', {}, '127.0.0.9')).json().error.code).toBe('PIN_LOCKED')
    expect((await login('1234', {}, '127.0.0.1')).status).toBe(200)
  })

  it('without a manager the staff code frees itself after its lock (five minutes), the source only after six times that', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => login(String(6000 + i), {}, '127.0.0.9')))
    hub.f.clock.minutes(6)
    expect((await login('1234', {}, '127.0.0.9')).json().error.code).toBe('PIN_LOCKED')
    expect((await login('1234', {}, '127.0.0.1')).status).toBe(200)
  })

  it('only a manager may unlock a clerk', async () => {
    const clerk = await hub.f.clerk('1002')
    const res = await rawRequest(hub.base, '/api/v1/commands/unlockClerk', { body: { clerkId: 2 }, headers: { authorization: `Bearer ${clerk}` } })
    expect(res.status).toBe(403)
    expect(res.json().error.code).toBe('FORBIDDEN')
  })
})

describe('pairing guesses', () => {
  it('wrong codes from one address lock that address only: the installer pairs from another', async () => {
    const manager = await hub.f.clerk('m2', 'manager')
    const { code } = await hub.f.run('createPairingCode', { name: 'TV', role: 'display' }, manager)
    const wrong = await Promise.all(Array.from({ length: 30 }, () => rawRequest(hub.base, '/api/v1/pair', { body: { code: 'AAAA-BBBB' }, from: '127.0.0.7' })))
    const wrongCodes = wrong.map((r) => r.json().error.code)
    expect(wrongCodes.filter((c) => c === 'PAIRING_CODE_INVALID').length).toBeLessThanOrEqual(10)
    expect(wrongCodes).toContain('PIN_LOCKED')
    expect((await rawRequest(hub.base, '/api/v1/pair', { body: { code }, from: '127.0.0.7' })).json().error.code).toBe('PIN_LOCKED')
    const ok = await rawRequest(hub.base, '/api/v1/pair', { body: { code }, from: '127.0.0.8' })
    expect(ok.status, ok.body).toBe(200)
    expect(ok.json().terminal.role).toBe('display')
  })
})
