/** Which halls a region-scoped viewer sees, and the report range the centre accepts. */
import { describe, expect, it } from 'vitest'
import { rangeOf } from '../../../src/main/central/server'
import { inRegion, normaliseRegion } from '../../../src/main/central/users'

describe('central regions and ranges', () => {
  it('a region path covers itself and what lies below it, nothing beside it', () => {
    expect(inRegion('广东/广州/天河', '广东/广州')).toBe(true)
    expect(inRegion('广东/广州', '广东/广州')).toBe(true)
    expect(inRegion('广东/广州市', '广东/广州')).toBe(false)
    expect(inRegion('广东/深圳/福田', '广东/广州')).toBe(false)
    expect(inRegion('', null)).toBe(true)
    expect(normaliseRegion(' 广东 // 广州/ ')).toBe('广东/广州')
  })

  it('a day, a range, or the hall’s today; anything else is refused with the field', () => {
    expect(rangeOf({}, '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-02' })
    expect(rangeOf({ day: '2026-11-30' }, '2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-11-30' })
    expect(rangeOf({ from: '2026-11-01', to: '2026-11-30' }, '2026-12-02')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(() => rangeOf({ from: '2026-11-02', to: '2026-11-01' }, 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
    expect(() => rangeOf({ from: '2026-11-02' }, 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [{ path: ['to'], message: 'from and to go together' }] }))
    expect(() => rangeOf({ day: '02/12/2026' }, 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
    expect(() => rangeOf({ from: '2020-01-01', to: '2026-01-01' }, 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }))
  })
})
