/**
 * Requests per source address in a fixed window: the customer's phone page is open to anyone on
 * the guest Wi-Fi, so a phone (or a script guessing keys) is held to a sane pace. Failed key
 * lookups are counted apart and allowed far fewer. Kept in memory; old windows are dropped.
 */
export interface RateLimits {
  /** Requests per address per window. */
  requests: number
  /** Lookups with a wrong key (or an unknown ticket) per address per window. */
  failures: number
  windowMs: number
}

// Requests: a phone polls every 5 s when its stream fails, and a guest Wi-Fi may put many phones
// behind one address; guessing is held back by the failures, which no honest phone makes.
export const PHONE_LIMITS: RateLimits = { requests: 600, failures: 10, windowMs: 60_000 }

interface Window {
  start: number
  requests: number
  failures: number
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(private readonly limits: RateLimits = PHONE_LIMITS) {}

  private windowOf(address: string, now: number): Window {
    let w = this.windows.get(address)
    if (!w || now - w.start >= this.limits.windowMs) {
      if (this.windows.size > 10_000) this.prune(now)
      w = { start: now, requests: 0, failures: 0 }
      this.windows.set(address, w)
    }
    return w
  }

  /** Counts a request; false when the address is over either limit for this window. */
  allow(address: string, now: number): boolean {
    const w = this.windowOf(address, now)
    w.requests++
    return w.requests <= this.limits.requests && w.failures < this.limits.failures
  }

  /** Counts a lookup that found nothing. */
  fail(address: string, now: number): void {
    this.windowOf(address, now).failures++
  }

  /** Seconds until the address's window ends. */
  retryAfterSeconds(address: string, now: number): number {
    const w = this.windows.get(address)
    return w ? Math.max(1, Math.ceil((w.start + this.limits.windowMs - now) / 1000)) : 1
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.limits.windowMs) this.windows.delete(k)
  }
}

/**
 * Tickets per terminal: a bucket of `perMinute` tickets that refills at that rate. A kiosk serves
 * one customer at a time — choose, print, take — so an honest one never empties it; a script on
 * a kiosk's pairing is held to that pace instead of flooding the queue (ISSUING_TOO_FAST).
 */
export class IssuingLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  /**
   * Takes one ticket's worth for `terminal`, or answers how many seconds until one is free.
   * Taken before anything is awaited, so tickets asked for together are counted together.
   */
  take(terminal: string, now: number, perMinute: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const everyMs = 60_000 / perMinute
    const b = this.buckets.get(terminal) ?? { tokens: perMinute, at: now }
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, now - b.at) / everyMs)
    b.at = now
    if (this.buckets.size > 10_000) this.prune(now)
    this.buckets.set(terminal, b)
    if (b.tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - b.tokens) * everyMs) / 1000)) }
    b.tokens -= 1
    return { ok: true }
  }

  /** A bucket untouched for a minute is full again: forgetting it changes nothing. */
  private prune(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(k)
  }
}
