/**
 * Complaint deadlines in the hall's working calendar (docs/metrics.md, complaint deadlines):
 * first contact in hours counted on working days only, closure at the end of the Nth working day
 * after the day of receipt; business days turn at the rollover hour in the hall's zone.
 */
import { describe, expect, it } from 'vitest'
import {
  addWorkingHours,
  complaintDeadlines,
  endOfWorkingDays,
  isWorkingDay,
  startOfBusinessDay,
  weekdayOf,
  type WorkingCalendar,
} from '../../../src/main/core/business-time'
import { DEFAULT_SETTINGS, settingsSchema } from '../../../src/shared/settings'

const at = (iso: string) => Date.parse(iso)
const HOUR = 3_600_000
/** Shanghai (no daylight saving), days turning at 04:00, Monday to Friday. */
const officeDays: WorkingCalendar = { timeZone: 'Asia/Shanghai', rolloverHour: 4, workingWeekdays: [1, 2, 3, 4, 5], holidays: [], makeUpWorkdays: [] }
/** A National Day week: 1–7 October off, Saturday the 10th worked instead (调休). */
const nationalDay: WorkingCalendar = {
  ...officeDays,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-10-10'],
}
const everyDay: WorkingCalendar = { ...officeDays, workingWeekdays: [1, 2, 3, 4, 5, 6, 7] }

describe('working days', () => {
  it('knows the weekday of a date (ISO: Monday 1, Sunday 7)', () => {
    expect(weekdayOf('2026-12-02')).toBe(3)
    expect(weekdayOf('2026-12-06')).toBe(7)
    expect(weekdayOf('2026-12-07')).toBe(1)
  })

  it('a make-up day is worked, a holiday is not, otherwise the weekday decides', () => {
    expect(isWorkingDay('2026-12-04', officeDays)).toBe(true) // Friday
    expect(isWorkingDay('2026-12-05', officeDays)).toBe(false) // Saturday
    expect(isWorkingDay('2026-10-01', nationalDay)).toBe(false) // Thursday, holiday
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true) // Saturday, 调休
    expect(isWorkingDay('2026-10-03', nationalDay)).toBe(false) // Saturday
  })

  it('the default calendar is Monday to Friday with no holidays, and the settings check it', () => {
    expect(DEFAULT_SETTINGS.hall.calendar).toEqual({ workingWeekdays: [1, 2, 3, 4, 5], holidays: [], makeUpWorkdays: [] })
    const bad = (calendar: unknown) => settingsSchema.safeParse({ hall: { calendar } }).error?.issues.map((i) => [i.path.join('.'), i.message])
    expect(bad({ workingWeekdays: [] })).toEqual([['hall.calendar.workingWeekdays', expect.stringMatching(/Too small/)]])
    expect(bad({ workingWeekdays: [1, 8] })).toEqual([['hall.calendar.workingWeekdays.1', expect.stringMatching(/Too big/)]])
    expect(bad({ workingWeekdays: [1, 1] })).toEqual([['hall.calendar.workingWeekdays', 'a date or weekday is listed twice']])
    expect(bad({ holidays: ['2026-02-30'] })).toEqual([['hall.calendar.holidays.0', 'date: YYYY-MM-DD']])
    expect(bad({ holidays: ['1.10.2026'] })).toEqual([['hall.calendar.holidays.0', 'date: YYYY-MM-DD']])
    expect(bad({ holidays: ['2026-10-01'], makeUpWorkdays: ['2026-10-01'] })).toEqual([['hall.calendar.makeUpWorkdays', 'a date cannot be both a holiday and a make-up working day']])
    expect(bad(nationalDay)).toEqual([['hall.calendar', expect.stringMatching(/Unrecognized key/)]])
  })
})

describe('the instant a business day begins', () => {
  it('is the rollover hour of its date, in the hall zone', () => {
    expect(startOfBusinessDay('2026-12-07', 'Asia/Shanghai', 4)).toBe(at('2026-12-07T04:00:00+08:00'))
    expect(startOfBusinessDay('2026-12-07', 'Asia/Shanghai', 0)).toBe(at('2026-12-07T00:00:00+08:00'))
    expect(startOfBusinessDay('2027-01-01', 'America/New_York', 4)).toBe(at('2027-01-01T04:00:00-05:00'))
  })

  it('follows daylight saving, and a skipped hour begins the day when the clocks go forward', () => {
    expect(startOfBusinessDay('2026-03-30', 'Europe/Berlin', 0)).toBe(at('2026-03-30T00:00:00+02:00'))
    expect(startOfBusinessDay('2026-03-28', 'Europe/Berlin', 0)).toBe(at('2026-03-28T00:00:00+01:00'))
    // 02:00 does not exist in Berlin on 29 March 2026: the day begins at the change, 03:00 CEST.
    expect(startOfBusinessDay('2026-03-29', 'Europe/Berlin', 2)).toBe(at('2026-03-29T03:00:00+02:00'))
  })
})

describe('complaint deadlines in working days', () => {
  it('a case taken on a Wednesday: first contact the next day, closure at the end of the following Wednesday', () => {
    expect(complaintDeadlines(at('2026-12-02T10:00:00+08:00'), { firstContactHours: 24, closeDays: 5 }, officeDays)).toEqual({
      firstContactDueAt: at('2026-12-03T10:00:00+08:00'),
      // Thursday, Friday, Monday, Tuesday, Wednesday: due when Wednesday's business day ends.
      closeDueAt: at('2026-12-10T04:00:00+08:00'),
    })
  })

  it('the weekend does not count: taken on Friday afternoon, first contact is due on Monday', () => {
    const friday = at('2026-12-04T17:00:00+08:00')
    // 11 hours until Saturday's business day begins at 04:00, 13 more from Monday 04:00.
    expect(addWorkingHours(friday, 24, officeDays)).toBe(at('2026-12-07T17:00:00+08:00'))
    expect(endOfWorkingDays(friday, 5, officeDays)).toBe(at('2026-12-12T04:00:00+08:00'))
    expect(addWorkingHours(friday, 4, officeDays)).toBe(at('2026-12-04T21:00:00+08:00'))
  })

  it('a case taken on a non-working day is counted from the next working day', () => {
    const saturday = at('2026-12-05T10:00:00+08:00')
    expect(addWorkingHours(saturday, 24, officeDays)).toBe(at('2026-12-08T04:00:00+08:00'))
    expect(endOfWorkingDays(saturday, 5, officeDays)).toBe(at('2026-12-12T04:00:00+08:00'))
    expect(endOfWorkingDays(saturday, 1, officeDays)).toBe(at('2026-12-08T04:00:00+08:00'))
  })

  it('respects the rollover hour: 03:00 on Monday is still Sunday’s business day', () => {
    const lateSunday = at('2026-12-07T03:00:00+08:00')
    expect(addWorkingHours(lateSunday, 24, officeDays)).toBe(at('2026-12-08T04:00:00+08:00'))
    expect(endOfWorkingDays(lateSunday, 1, officeDays)).toBe(at('2026-12-08T04:00:00+08:00'))
    // At 04:00 Monday's business day has begun: Monday is the day of receipt and does not count.
    expect(endOfWorkingDays(at('2026-12-07T04:00:00+08:00'), 1, officeDays)).toBe(at('2026-12-09T04:00:00+08:00'))
  })

  it('holidays do not count and a make-up Saturday does', () => {
    const beforeHoliday = at('2026-09-30T10:00:00+08:00')
    // 18 hours on 30 September, then nothing until Thursday 8 October 04:00, 6 more hours.
    expect(addWorkingHours(beforeHoliday, 24, nationalDay)).toBe(at('2026-10-08T10:00:00+08:00'))
    // 8 Oct, 9 Oct, Saturday 10 Oct (调休), 12 Oct, 13 Oct.
    expect(endOfWorkingDays(beforeHoliday, 5, nationalDay)).toBe(at('2026-10-14T04:00:00+08:00'))
    // Friday evening before the make-up Saturday: the hours go on into Saturday.
    expect(addWorkingHours(at('2026-10-09T17:00:00+08:00'), 24, nationalDay)).toBe(at('2026-10-10T17:00:00+08:00'))
    // Without the calendar's holidays the same case would be due a week earlier.
    expect(endOfWorkingDays(beforeHoliday, 5, officeDays)).toBe(at('2026-10-08T04:00:00+08:00'))
  })

  it('with every day a working day, first contact is plain elapsed hours', () => {
    const t = at('2026-12-04T17:25:13+08:00')
    expect(addWorkingHours(t, 24, everyDay)).toBe(t + 24 * HOUR)
    expect(addWorkingHours(t, 720, everyDay)).toBe(t + 720 * HOUR)
    expect(endOfWorkingDays(t, 5, everyDay)).toBe(at('2026-12-10T04:00:00+08:00'))
  })

  it('counts real hours across a daylight-saving change', () => {
    const berlin: WorkingCalendar = { ...everyDay, timeZone: 'Europe/Berlin', rolloverHour: 0 }
    const saturday = at('2026-03-28T12:00:00+01:00')
    expect(addWorkingHours(saturday, 48, berlin)).toBe(saturday + 48 * HOUR)
    // Sunday the 29th has 23 hours; Monday's business day begins at midnight, summer time.
    expect(endOfWorkingDays(saturday, 1, berlin)).toBe(at('2026-03-30T00:00:00+02:00'))
    const weekdays: WorkingCalendar = { ...berlin, workingWeekdays: [1, 2, 3, 4, 5] }
    expect(addWorkingHours(saturday, 1, weekdays)).toBe(at('2026-03-30T01:00:00+02:00'))
  })

  it('a deadline ends exactly at a day boundary when the hours fill the day', () => {
    const mondayStart = at('2026-12-07T04:00:00+08:00')
    expect(addWorkingHours(mondayStart, 24, officeDays)).toBe(at('2026-12-08T04:00:00+08:00'))
    expect(addWorkingHours(mondayStart, 120, officeDays)).toBe(at('2026-12-12T04:00:00+08:00'))
    expect(addWorkingHours(mondayStart, 121, officeDays)).toBe(at('2026-12-14T05:00:00+08:00'))
  })
})
