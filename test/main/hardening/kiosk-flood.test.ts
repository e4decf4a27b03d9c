/**
 * A kiosk flood (issue 12, point 11): one paired terminal sending tickets as fast as it can is
 * held to a kiosk's pace — the rest are refused with 429 ISSUING_TOO_FAST, counted before
 * anything awaits — while other kiosks go on; and every number a long day hands out, 10000 and
 * beyond, can be called and cancelled by number.
 */
import { describe, expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 })
import { DEFAULT_SETTINGS } from '../../../src/shared/settings'
import { clerkAtCounter } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'
import { pairTerminal, servedHallPerTest } from '../../support/served-hall'

const PER_MINUTE = DEFAULT_SETTINGS.issuing.perTerminalPerMinute

const hub = servedHallPerTest()

const pairKiosk = async (name: string): Promise<string> => (await pairTerminal(hub, { name, role: 'kiosk' })).token

const issue = (token: string) =>
  rawRequest(hub.base, '/api/v1/commands/issueTicket', { body: { serviceId: 'MOBILE' }, headers: { 'x-hallq-terminal-token': token }, from: '127.0.0.3' })

describe('one kiosk flooding', () => {
  it('gets at most its burst of tickets from 150 requests at once; the rest are 429 ISSUING_TOO_FAST with Retry-After', async () => {
    const kiosk = await pairKiosk('取号机1')
    const answers = await Promise.all(Array.from({ length: 150 }, () => issue(kiosk)))
    const ok = answers.filter((a) => a.status === 200)
    const refused = answers.filter((a) => a.status === 429)
    expect(ok).toHaveLength(PER_MINUTE)
    expect(refused).toHaveLength(150 - PER_MINUTE)
    expect(refused[0]!.json().error.code).toBe('ISSUING_TOO_FAST')
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    // Nothing refused was issued.
    expect(Object.keys(hub.f.hall.state.tickets)).toHaveLength(PER_MINUTE)

    // Another kiosk is not held back by this one…
    expect((await issue(await pairKiosk('取号机2'))).status).toBe(200)
    // …and this one gets a ticket again at a kiosk's pace.
    expect((await issue(kiosk)).status).toBe(429)
    hub.f.clock.advance(60_000 / PER_MINUTE)
    expect((await issue(kiosk)).status).toBe(200)
    expect((await issue(kiosk)).status).toBe(429)
  })

  it('the refusal is a sentence for the customer in both languages', async () => {
    const kiosk = await pairKiosk('取号机1')
    await Promise.all(Array.from({ length: PER_MINUTE }, () => issue(kiosk)))
    const zh = await issue(kiosk)
    expect(zh.json().error.message).toMatch(/请稍等/)
    const en = await rawRequest(hub.base, '/api/v1/commands/issueTicket', {
      body: { serviceId: 'MOBILE' },
      headers: { 'x-hallq-terminal-token': kiosk, 'accept-language': 'en-US' },
      from: '127.0.0.3',
    })
    expect(en.json().error.message).toMatch(/wait/i)
  })
})

describe('a day past 9999 tickets of one service', () => {
  it('calls and cancels A10000 and A10001 by number', async () => {
    for (let i = 0; i < 10_001; i++) await hub.f.run('issueTicket', { serviceId: 'MOBILE' })
    const numbers = Object.values(hub.f.hall.state.tickets).map((t) => t.number)
    expect(numbers).toContain('A10001')
    const clerk = await clerkAtCounter(hub.f, '1001', 1)
    const called = await hub.f.run('callTicket', { counterId: 1, number: 'A10000' }, clerk)
    expect(JSON.stringify(called)).toContain('A10000')
    await hub.f.run('cancelTicket', { number: 'a10001' }, clerk)
    expect(Object.values(hub.f.hall.state.tickets).find((t) => t.number === 'A10001')?.status).toBe('cancelled')
  })
})
