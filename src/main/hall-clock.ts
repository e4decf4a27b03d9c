/**
 * The hub's clock: the wall clock, read through the monotonic clock.
 *
 * When the PC's clock is corrected (an hour back, or forward) while customers are in the hall,
 * the hall keeps counting real elapsed time from where it was, so a wait or a handling time
 * spanning the correction is neither negative nor an hour too long. It falls back in step with
 * the wall clock (`resync`) only when the hall is idle — nobody waiting, no counter open — so no
 * duration spans the step. The business day never goes back (the hall guards that).
 */
export interface TimeSources {
  wall: () => number
  /** Milliseconds from an arbitrary origin, never stepped (performance.now). */
  monotonic: () => number
}

export interface HallClockOptions {
  sources?: TimeSources
  /** The latest time the hall has already recorded (the last logged command). */
  floor?: number
  /** Told once per correction when the wall clock has moved by more than a minute. */
  onJump?: (driftMs: number) => void
}

export interface HallClock {
  (): number
  /** Falls back in step with the wall clock. Call it only when the hall is idle. */
  resync(): void
  /** Wall clock minus hall clock, in ms. */
  drift(): number
}

/** Drift smaller than this is left alone (NTP slewing, timer granularity). */
const TOLERANCE_MS = 1_000
const REPORT_MS = 60_000

export function hallClock(options: HallClockOptions = {}): HallClock {
  const { wall, monotonic } = options.sources ?? { wall: Date.now, monotonic: () => performance.now() }
  let anchorWall = Math.max(wall(), options.floor ?? -Infinity)
  let anchorMono = monotonic()
  let reported = false

  // Whole milliseconds: times are stored as integers.
  const now = () => Math.floor(anchorWall + (monotonic() - anchorMono))
  const drift = () => wall() - now()
  const clock = (() => {
    const t = now()
    if (!reported && Math.abs(wall() - t) > REPORT_MS) {
      reported = true
      options.onJump?.(wall() - t)
    }
    return t
  }) as HallClock
  clock.drift = drift
  clock.resync = () => {
    if (Math.abs(drift()) <= TOLERANCE_MS) return
    anchorWall = wall()
    anchorMono = monotonic()
    reported = false
  }
  return clock
}
