import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../../src/main/security/login-throttle'
import { AppError } from '../../../src/shared/errors'
import { MINUTE, openHall, type Fixture } from '../../support/hall-fixture'

const limits = { maxAttempts: 5, lockMs: 5 * MINUTE }

describe('login throttle', () => {
  it('each wrong PIN costs more, up to four seconds', () => {
    const t = new LoginThrottle()
    expect([1, 2, 3, 4, 5].map(() => t.fail('1001', 'kiosk', 0, { maxAttempts: 99, lockMs: 1 }))).toEqual([250, 500, 1000, 2000, 4000])
  })

  it('locks a staff code after five wrong PINs in a row, for five minutes', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 4; i++) t.fail('1001', `t${i}`, 0, limits)
    expect(t.lockedFor('1001', 'elsewhere', 0)).toBe(0)
    t.fail('1001', 't4', 0, limits)
    expect(t.lockedFor('1001', 'elsewhere', MINUTE)).toBe(4 * MINUTE)
    expect(t.lockedFor('1002', 'elsewhere', MINUTE)).toBe(0)
    expect(t.lockedFor('1001', 'elsewhere', 5 * MINUTE)).toBe(0)
  })

  it('locks a terminal that guesses across many staff codes', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 15; i++) t.fail(`s${i}`, 'counter-9', 0, limits)
    expect(t.lockedFor('someone-new', 'counter-9', 0)).toBe(5 * MINUTE)
    expect(t.lockedFor('someone-new', 'counter-1', 0)).toBe(0)
  })

  it('a right PIN clears the count', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 4; i++) t.fail('1001', 'c', 0, limits)
    t.succeed('1001', 'c')
    t.fail('1001', 'c', 0, limits)
    expect(t.lockedFor('1001', 'c', 0)).toBe(0)
  })
})

describe('the hall locks PIN guessing', () => {
  let f: Fixture
  beforeEach(async () => {
    f = await openHall()
    await f.clerk('1001')
  })
  afterEach(() => f.close())

  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)))

  it('refuses even the right PIN while locked, and lets it in after the lock', async () => {
    const delays: number[] = []
    f.hall.sleep = async (ms) => void delays.push(ms)
    for (let i = 0; i < 5; i++) expect(await code(f.run('login', { staffCode: '1001', pin: '0000' }))).toBe('WRONG_PIN')
    expect(delays).toEqual([250, 500, 1000, 2000, 4000])
    expect(await code(f.run('login', { staffCode: '1001', pin: '1234' }))).toBe('PIN_LOCKED')
    f.clock.minutes(5)
    expect(await code(f.run('login', { staffCode: '1001', pin: '1234' }))).toBe('ok')
  })
})
