/**
 * A log line a stranger can cause — a garbage WebSocket frame, a refused connection — written
 * short (no stack trace: it is not the hub's fault) and at most `perMinute` times a minute; the
 * first line after a quiet stretch says how many were left out. A flood costs a few lines, not
 * a disk.
 */
import type { Logger } from 'pino'

export class ThrottledLog {
  private windowStart = 0
  private written = 0
  private skipped = 0

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly perMinute = 10,
    private readonly now: () => number = Date.now,
  ) {}

  /** `fields` must be small and flat: an address, a code, a reason of a few words. */
  line(fields: Record<string, string | number | null>): void {
    const now = this.now()
    if (now - this.windowStart >= 60_000) {
      const skipped = this.skipped
      this.windowStart = now
      this.written = 0
      this.skipped = 0
      if (skipped > 0) this.log.warn({ notLogged: skipped }, `${this.message}: ${skipped} more in the last minute were not logged`)
    }
    if (this.written >= this.perMinute) {
      this.skipped++
      return
    }
    this.written++
    this.log.warn(fields, this.message)
  }
}

/** An error as a few words for such a line: its code and the first line of its message. */
export function shortReason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 120) : String(err).slice(0, 120)
  return typeof e?.code === 'string' ? `${e.code}: ${message}` : message
}
