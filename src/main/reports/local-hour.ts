/**
 * Local hour of an instant in the hall's time zone, for the per-hour figures (offsets from
 * zone-time.ts, which remembers them per 15-minute slot where it asks Intl).
 */
import { zoneOffsetMs } from '../../shared/zone-time'

export type LocalHour = (at: number) => number

export function localHourIn(timeZone: string): LocalHour {
  return (at) => new Date(at + zoneOffsetMs(at, timeZone)).getUTCHours()
}

/** The hours of a business day in order: from the rollover hour round to the hour before it. */
export function businessHours(rolloverHour: number): number[] {
  return Array.from({ length: 24 }, (_, i) => (rolloverHour + i) % 24)
}

/**
 * The hall's wall-clock time of an instant, as epoch milliseconds read in UTC: the number a
 * spreadsheet shows as local date and time.
 */
export function wallClockIn(timeZone: string): (at: number) => number {
  return (at) => at + zoneOffsetMs(at, timeZone)
}
