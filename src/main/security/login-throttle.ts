/**
 * Slows and then locks PIN and pairing-code guessing. An attempt is *reserved* — counted —
 * before the secret is checked, synchronously, so however many guesses arrive together at most
 * the allowance is ever checked in one lock window (the check itself, scrypt, awaits).
 *
 * Logins are counted twice: per staff code (a short lock, so a flood from elsewhere cannot keep
 * a clerk out of their own counter for long, and a manager can lift it) and per source address
 * (three times the allowance across all staff codes, tries at a locked staff code included, and a
 * six times longer lock). The source is the
 * connection's address, never a name the client chooses. Kept in memory: a restart of the hub
 * is not something a guesser controls.
 */
export interface ThrottleLimits {
  maxAttempts: number
  lockMs: number
}

interface Counter {
  attempts: number
  lastAt: number
  lockedUntil: number
}

/** Entries kept at most; expired ones are dropped first when there are more. */
const MAX_ENTRIES = 10_000

/** Attempts per key: counted when reserved, locked for `lockMs` on reaching the allowance. */
export class AttemptCounter {
  private readonly counters = new Map<string, Counter>()

  /** Milliseconds the key is still locked for, or 0. */
  lockedFor(key: string, now: number): number {
    return Math.max(0, (this.counters.get(key)?.lockedUntil ?? 0) - now)
  }

  /**
   * Counts one attempt now. The attempt that reaches the allowance is still checked; the key is
   * locked after it. Call only when `lockedFor` is 0, in the same synchronous turn.
   */
  take(key: string, now: number, limits: ThrottleLimits): number {
    let c = this.counters.get(key)
    // A lock that ran out, or a quiet lock window since the last attempt, starts afresh.
    if (!c || (c.lockedUntil !== 0 && c.lockedUntil <= now) || now - c.lastAt > limits.lockMs) {
      c = { attempts: 0, lastAt: now, lockedUntil: 0 }
    }
    c.attempts += 1
    c.lastAt = now
    if (c.attempts >= limits.maxAttempts) c.lockedUntil = now + limits.lockMs
    this.counters.delete(key)
    this.counters.set(key, c)
    if (this.counters.size > MAX_ENTRIES) this.prune(now)
    return c.attempts
  }

  /** Gives one reserved attempt back (it turned out right). */
  refund(key: string): void {
    const c = this.counters.get(key)
    if (!c) return
    c.attempts = Math.max(0, c.attempts - 1)
    if (c.attempts === 0 && c.lockedUntil === 0) this.counters.delete(key)
  }

  clear(key: string): void {
    this.counters.delete(key)
  }

  private prune(now: number): void {
    for (const [key, c] of this.counters) {
      if (c.lockedUntil <= now) this.counters.delete(key)
      if (this.counters.size <= MAX_ENTRIES / 2) return
    }
    // Everything is locked: forget the oldest (insertion order is last-use order).
    for (const key of this.counters.keys()) {
      this.counters.delete(key)
      if (this.counters.size <= MAX_ENTRIES / 2) return
    }
  }
}

/** How much longer than a staff code's lock a source address is locked, and how many more tries it gets. */
export const SOURCE_LOCK_FACTOR = 6
export const SOURCE_ATTEMPTS_FACTOR = 3

/** A reserved login attempt. */
export interface Attempt {
  staffKey: string
  source: string
  /** How many attempts this staff code has had in the window, this one included. */
  attempts: number
}

export class LoginThrottle {
  private readonly byStaff = new AttemptCounter()
  private readonly bySource = new AttemptCounter()

  /**
   * Reserves an attempt for `staffCode` from `source`, or returns how many milliseconds the
   * caller must still wait. Synchronous: check and count in one turn.
   */
  reserve(staffCode: string, source: string, now: number, limits: ThrottleLimits): Attempt | { lockedMs: number } {
    const staffKey = staffCode.toLowerCase()
    const sourceLocked = this.bySource.lockedFor(source, now)
    if (sourceLocked > 0) return { lockedMs: sourceLocked }
    const staffLocked = this.byStaff.lockedFor(staffKey, now)
    if (staffLocked > 0) {
      // Knocking on a locked staff code still counts against the address it comes from.
      this.bySource.take(source, now, sourceLimits(limits))
      return { lockedMs: Math.max(staffLocked, this.bySource.lockedFor(source, now)) }
    }
    const attempts = this.byStaff.take(staffKey, now, limits)
    this.bySource.take(source, now, sourceLimits(limits))
    return { staffKey, source, attempts }
  }

  /** The PIN was wrong: the delay to impose before answering (the attempt is already counted). */
  delayFor(attempt: Attempt): number {
    return Math.min(4_000, 250 * 2 ** Math.min(attempt.attempts - 1, 4))
  }

  /** The PIN was right: the staff code starts afresh, and the source gets this attempt back. */
  succeed(attempt: Attempt): void {
    this.byStaff.clear(attempt.staffKey)
    this.bySource.refund(attempt.source)
  }

  /** A manager lifts a staff code's lock (the sources that guessed stay locked). */
  unlockStaff(staffCode: string): void {
    this.byStaff.clear(staffCode.toLowerCase())
  }
}

export function sourceLimits(limits: ThrottleLimits): ThrottleLimits {
  return { maxAttempts: limits.maxAttempts * SOURCE_ATTEMPTS_FACTOR, lockMs: limits.lockMs * SOURCE_LOCK_FACTOR }
}
