import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../../src/main/security/login-throttle'
import { AppError } from '../../../src/shared/errors'
import { MINUTE, openHall, type Fixture } from '../../support/hall-fixture'

const limits = { maxAttempts: 5, lockMs: 5 * MINUTE }

describe('login throttle', () => {
  const wrong = (t: LoginThrottle, staff: string, source: string, now: number, l = limits) => {
    const a = t.reserve(staff, source, now, l)
    if ('lockedMs' in a) throw new Error(`locked for ${a.lockedMs}`)
    return t.delayFor(a)
  }
  const lockedFor = (t: LoginThrottle, staff: string, source: string, now: number) => {
    const a = t.reserve(staff, source, now, limits)
    return 'lockedMs' in a ? a.lockedMs : 0
  }

  it('each wrong PIN costs more, up to four seconds', () => {
    const t = new LoginThrottle()
    expect([1, 2, 3, 4, 5].map(() => wrong(t, '1001', 'kiosk', 0, { maxAttempts: 99, lockMs: MINUTE }))).toEqual([250, 500, 1000, 2000, 4000])
  })

  it('locks a staff code after five attempts, for five minutes, from every address', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 5; i++) wrong(t, '1001', `10.0.0.${i}`, 0)
    expect(lockedFor(t, '1001', 'elsewhere', MINUTE)).toBe(4 * MINUTE)
    expect(lockedFor(t, '1002', 'elsewhere', MINUTE)).toBe(0)
    expect(lockedFor(t, '1001', 'elsewhere', 5 * MINUTE)).toBe(0)
  })

  it('locks an address that guesses across many staff codes, for longer than a staff code', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 15; i++) wrong(t, `s${i}`, '10.0.0.9', 0)
    expect(lockedFor(t, 'someone-new', '10.0.0.9', 0)).toBe(30 * MINUTE)
    expect(lockedFor(t, 'someone-new', '10.0.0.1', 0)).toBe(0)
    // The staff codes it tried are free again long before the address is.
    expect(lockedFor(t, 's0', '10.0.0.1', 6 * MINUTE)).toBe(0)
    expect(lockedFor(t, 'someone-new', '10.0.0.9', 6 * MINUTE)).toBe(24 * MINUTE)
  })

  it('a right PIN clears the staff code and gives the address its attempt back', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 4; i++) wrong(t, '1001', 'c', 0)
    const a = t.reserve('1001', 'c', 0, limits)
    if ('lockedMs' in a) throw new Error('locked')
    t.succeed(a)
    wrong(t, '1001', 'c', 0)
    expect(lockedFor(t, '1001', 'c', 0)).toBe(0)
  })

  it('a manager unlock lifts the staff code but not the guessing address', () => {
    const t = new LoginThrottle()
    for (let i = 0; i < 15; i++) wrong(t, i < 5 ? '1001' : `x${i}`, 'attacker', 0)
    t.unlockStaff('1001')
    expect(lockedFor(t, '1001', 'counter-1', 0)).toBe(0)
    expect(lockedFor(t, '1001', 'attacker', 0)).toBeGreaterThan(0)
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
