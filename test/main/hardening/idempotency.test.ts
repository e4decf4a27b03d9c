/**
 * Idempotency keys under attack and under load, over real sockets: keys belong to the caller,
 * a retry while the first is still running waits for its answer, the same key with another body
 * is a named 422, and nothing ends in a 500.
 */
import { describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { ADMIN_PIN } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'
import { servedHallPerTest } from '../../support/served-hall'

const hub = servedHallPerTest()

const command = (name: string, body: unknown, key: string, token?: string) =>
  rawRequest(hub.base, `/api/v1/commands/${name}`, { body, headers: { 'idempotency-key': key, ...(token ? { authorization: `Bearer ${token}` } : {}) } })

describe('one key sent many times at once', () => {
  it('six parallel logins with one key: one login, every caller gets its answer, no 500', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => command('login', { staffCode: 'admin', pin: ADMIN_PIN }, 'login-key-0001')))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(answers.map((a) => a.json().token)).size).toBe(1)
    expect(hub.f.store.logOfDay('2026-11-28').filter((l) => l.command === 'login')).toHaveLength(2) // the fixture's own, and this one
  })

  it('four parallel resetClerkPin with one key: applied once, four answers, no 500', async () => {
    await hub.f.clerk('1001')
    const answers = await Promise.all(Array.from({ length: 4 }, () => command('resetClerkPin', { clerkId: 2, pin: '975310' }, 'reset-key-0001', hub.f.adminToken)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    expect(hub.f.store.logOfDay('2026-11-28').filter((l) => l.command === 'resetClerkPin')).toHaveLength(1)
    // And afterwards, from the log.
    expect((await command('resetClerkPin', { clerkId: 2, pin: '975310' }, 'reset-key-0001', hub.f.adminToken)).status).toBe(200)
  })
})

describe('the same key with another body', () => {
  it('is refused with 422 IDEMPOTENCY_KEY_REUSED, while running and afterwards, and changes nothing', async () => {
    const [first, other] = await Promise.all([
      command('issueTicket', { serviceId: 'MOBILE' }, 'kiosk-key-0001'),
      command('issueTicket', { serviceId: 'BROADBAND' }, 'kiosk-key-0001'),
    ])
    expect(first.status).toBe(200)
    expect(other.status).toBe(422)
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    const later = await command('issueTicket', { serviceId: 'MOBILE', priority: 'vip' }, 'kiosk-key-0001')
    expect(later.status).toBe(422)
    expect(Object.keys(hub.f.hall.state.tickets)).toHaveLength(1)
  })
})

describe('keys belong to their caller', () => {
  it("clerk 2 sending clerk 1's key gets their own call, not clerk 1's answer", async () => {
    const one = await hub.f.clerk('1001')
    const two = await hub.f.clerk('1002')
    await hub.f.run('openCounter', { counterId: 1 }, one)
    await hub.f.run('openCounter', { counterId: 2 }, two)
    await hub.f.run('issueTicket', { serviceId: 'MOBILE' })
    await hub.f.run('issueTicket', { serviceId: 'MOBILE' })
    const a = await command('callNext', { counterId: 1 }, 'call-key-0001', one)
    const b = await command('callNext', { counterId: 2 }, 'call-key-0001', two)
    expect(a.json().ticket.number).toBe('A001')
    expect(b.status, b.body).toBe(200)
    expect(b.json().ticket.number).toBe('A002')
    expect(b.json().counter.id).toBe(2)
  })
})
