/**
 * Simulated time: the clock the hall reads during a simulation, and local wall-clock times of a
 * business day turned into instants in the hall's time zone.
 */
import { wallClockIn } from '../reports/local-hour'

export class VirtualClock {
  constructor(public now: number) {}
  readonly read = (): number => this.now
  /** Moves forward only: an action scheduled in the past happens now. */
  moveTo(at: number): void {
    if (at > this.now) this.now = at
  }
}

const MINUTE = 60_000
const wallClocks = new Map<string, (at: number) => number>()

/** The hall's wall-clock time of an instant, read as UTC (the reports' conversion, one per zone). */
function wallClockAsUtc(at: number, timeZone: string): number {
  let wallClock = wallClocks.get(timeZone)
  if (!wallClock) wallClocks.set(timeZone, (wallClock = wallClockIn(timeZone)))
  return wallClock(at)
}

/** The instant at which the hall's clocks show `minuteOfDay` on `day` ('YYYY-MM-DD'). */
export function localInstant(day: string, minuteOfDay: number, timeZone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`) + minuteOfDay * MINUTE
  let at = naive
  // Two corrections settle it, also on a day the zone changes its offset.
  for (let i = 0; i < 2; i++) at = naive - (wallClockAsUtc(at, timeZone) - at)
  return at
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
