/**
 * Calendar maths in the hall's time zone. Pure: the instant is always passed in. Offsets come
 * from zone-time.ts.
 */
import { wallClock, wallDate, wallHhmm, zoneOffsetMs } from '../../shared/zone-time'

export interface LocalTime {
  date: string
  hour: number
  minute: number
}

export function localTime(at: number, timeZone: string): LocalTime {
  const wall = wallClock(at, timeZone)
  return { date: wallDate(wall), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() }
}

/** The business day an instant belongs to: the local date, with the day turning at rolloverHour. */
export function businessDayOf(at: number, timeZone: string, rolloverHour: number): string {
  return localTime(at - rolloverHour * 3_600_000, timeZone).date
}

/** 'HH:MM' of an instant in the hall's zone. */
export function localHhmm(at: number, timeZone: string): string {
  return wallHhmm(wallClock(at, timeZone))
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** True when `at` falls in one of the windows [from, to) (local time); no windows means always. */
export function withinWindows(at: number, timeZone: string, windows: readonly { from: string; to: string }[]): boolean {
  if (windows.length === 0) return true
  const now = localHhmm(at, timeZone)
  return windows.some((w) => w.from <= now && now < w.to)
}

/**
 * The hall's working calendar (settings.hall.calendar) with the zone and the hour its days turn
 * at: which business days count for deadlines (docs/metrics.md, complaint deadlines).
 */
export interface WorkingCalendar {
  timeZone: string
  rolloverHour: number
  /** ISO weekdays, 1 (Monday) to 7 (Sunday). */
  workingWeekdays: readonly number[]
  /** Dates not worked though on a working weekday (法定节假日). */
  holidays: readonly string[]
  /** Dates worked though on a non-working weekday (调休). */
  makeUpWorkdays: readonly string[]
}

/** ISO weekday of a date (1 Monday … 7 Sunday). */
export function weekdayOf(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay()
  return d === 0 ? 7 : d
}

/** A make-up day is worked whatever its weekday; a holiday is not; otherwise the weekday decides. */
export function isWorkingDay(day: string, cal: Pick<WorkingCalendar, 'workingWeekdays' | 'holidays' | 'makeUpWorkdays'>): boolean {
  if (cal.makeUpWorkdays.includes(day)) return true
  if (cal.holidays.includes(day)) return false
  return cal.workingWeekdays.includes(weekdayOf(day))
}

/**
 * The instant business day `day` begins: its date at the rollover hour, local time. Where a
 * clock change skips that hour, the first instant after it.
 */
export function startOfBusinessDay(day: string, timeZone: string, rolloverHour: number): number {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, mo - 1, d, rolloverHour)
  const first = wall - zoneOffsetMs(wall, timeZone)
  const second = wall - zoneOffsetMs(first, timeZone)
  // In a skipped hour the two guesses straddle the change: the later one is on the new offset.
  return Math.max(first, second)
}

/** A calendar with no working day at all would never end a deadline: refused by the settings schema, guarded here. */
const MAX_DAYS_SEARCHED = 3_660

/**
 * `hours` counted from `at` over working days only: the hours of a business day that is not a
 * working day do not count. Taken on a non-working day, the count starts when the next working
 * day begins.
 */
export function addWorkingHours(at: number, hours: number, cal: WorkingCalendar): number {
  let left = hours * 3_600_000
  let day = businessDayOf(at, cal.timeZone, cal.rolloverHour)
  let start = at
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
    const next = nextDay(day)
    const end = startOfBusinessDay(next, cal.timeZone, cal.rolloverHour)
    if (isWorkingDay(day, cal)) {
      if (start + left <= end) return start + left
      left -= end - start
    }
    day = next
    start = end
  }
  throw new Error('the calendar has no working day')
}

/**
 * The end of the `days`-th working day after the business day of `at` (that day itself does not
 * count, worked or not): the instant the following business day begins.
 */
export function endOfWorkingDays(at: number, days: number, cal: WorkingCalendar): number {
  let day = businessDayOf(at, cal.timeZone, cal.rolloverHour)
  let counted = 0
  for (let i = 0; i < MAX_DAYS_SEARCHED && counted < days; i++) {
    day = nextDay(day)
    if (isWorkingDay(day, cal)) counted++
  }
  if (counted < days) throw new Error('the calendar has no working day')
  return startOfBusinessDay(nextDay(day), cal.timeZone, cal.rolloverHour)
}

/**
 * A complaint case's deadlines from `at` (taken, or reopened for the closure): `firstContactHours`
 * working hours, and the end of the `closeDays`-th working day after.
 */
export function complaintDeadlines(at: number, d: { firstContactHours: number; closeDays: number }, cal: WorkingCalendar): { firstContactDueAt: number; closeDueAt: number } {
  return { firstContactDueAt: addWorkingHours(at, d.firstContactHours, cal), closeDueAt: endOfWorkingDays(at, d.closeDays, cal) }
}
