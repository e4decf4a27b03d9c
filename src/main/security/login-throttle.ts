/**
 * Slows and then locks PIN guessing. Each wrong PIN for a staff code costs a growing delay;
 * after `maxAttempts` in a row the staff code is locked for `lockMs`. A terminal that tries many
 * staff codes is locked the same way (three times the allowance), so guessing across clerks does
 * not get around it. Kept in memory: a restart of the hub is not something a guesser controls.
 */
export interface ThrottleLimits {
  maxAttempts: number
  lockMs: number
}

interface Counter {
  failures: number
  lockedUntil: number
}

export class LoginThrottle {
  private readonly byStaff = new Map<string, Counter>()
  private readonly byTerminal = new Map<string, Counter>()

  /** Milliseconds the caller must still wait, or 0 when a try is allowed now. */
  lockedFor(staffCode: string, terminal: string, now: number): number {
    const a = this.byStaff.get(staffCode.toLowerCase())
    const b = this.byTerminal.get(terminal)
    return Math.max(0, (a?.lockedUntil ?? 0) - now, (b?.lockedUntil ?? 0) - now)
  }

  /** Records a wrong PIN; returns the delay to impose before answering. */
  fail(staffCode: string, terminal: string, now: number, limits: ThrottleLimits): number {
    const staff = bump(this.byStaff, staffCode.toLowerCase(), now, limits.maxAttempts, limits.lockMs)
    bump(this.byTerminal, terminal, now, limits.maxAttempts * 3, limits.lockMs)
    return Math.min(4_000, 250 * 2 ** Math.min(staff.failures - 1, 4))
  }

  succeed(staffCode: string, terminal: string): void {
    this.byStaff.delete(staffCode.toLowerCase())
    this.byTerminal.delete(terminal)
  }
}

function bump(map: Map<string, Counter>, key: string, now: number, max: number, lockMs: number): Counter {
  const c = map.get(key) ?? { failures: 0, lockedUntil: 0 }
  if (c.lockedUntil !== 0 && c.lockedUntil <= now) c.failures = 0
  c.failures += 1
  c.lockedUntil = c.failures >= max ? now + lockMs : 0
  map.set(key, c)
  return c
}
