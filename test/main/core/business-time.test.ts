import { describe, expect, it } from 'vitest'
import { businessDayOf, localHhmm, nextDay, withinWindows } from '../../../src/main/core/business-time'

const at = (iso: string) => Date.parse(iso)

describe('business day', () => {
  it('follows the hall time zone, not UTC', () => {
    // 01:30 UTC on the 28th is 09:30 in Shanghai on the 28th, but 20:30 in New York on the 27th.
    expect(businessDayOf(at('2026-11-28T01:30:00Z'), 'Asia/Shanghai', 0)).toBe('2026-11-28')
    expect(businessDayOf(at('2026-11-28T01:30:00Z'), 'America/New_York', 0)).toBe('2026-11-27')
  })

  it('turns at the rollover hour', () => {
    expect(businessDayOf(at('2026-11-29T03:59:00+08:00'), 'Asia/Shanghai', 4)).toBe('2026-11-28')
    expect(businessDayOf(at('2026-11-29T04:00:00+08:00'), 'Asia/Shanghai', 4)).toBe('2026-11-29')
    expect(businessDayOf(at('2026-11-28T23:59:00+08:00'), 'Asia/Shanghai', 0)).toBe('2026-11-28')
  })

  it('counts days across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
    expect(nextDay('2028-02-28')).toBe('2028-02-29')
  })

  it('checks issuing windows in local time, end exclusive', () => {
    const windows = [{ from: '08:30', to: '12:00' }, { from: '13:30', to: '18:00' }]
    expect(localHhmm(at('2026-11-28T08:30:00+08:00'), 'Asia/Shanghai')).toBe('08:30')
    expect(withinWindows(at('2026-11-28T08:30:00+08:00'), 'Asia/Shanghai', windows)).toBe(true)
    expect(withinWindows(at('2026-11-28T12:00:00+08:00'), 'Asia/Shanghai', windows)).toBe(false)
    expect(withinWindows(at('2026-11-28T13:00:00+08:00'), 'Asia/Shanghai', windows)).toBe(false)
    expect(withinWindows(at('2026-11-28T17:59:00+08:00'), 'Asia/Shanghai', windows)).toBe(true)
    expect(withinWindows(at('2026-11-28T03:00:00+08:00'), 'Asia/Shanghai', [])).toBe(true)
  })
})
