import { describe, expect, it } from 'vitest'
import { counterName } from '../../../src/renderer/src/stores/hall/selectors'
import type { HallState } from '../../../src/shared/hall-state'

/** Only the counters matter to a counter's name. */
function hallWith(names: Record<number, string>): HallState {
  const counters = Object.fromEntries(Object.entries(names).map(([id, name]) => [id, { id: Number(id), name }]))
  return { counters } as unknown as HallState
}

describe('a counter named in the screen’s language', () => {
  const hall = hallWith({ 1: '1号窗口', 3: ' 3 号 窗口 ', 5: '企业专席' })

  it('Chinese screens show the hall’s own name', () => {
    expect(counterName(hall, 1, 'zh-CN')).toBe('1号窗口')
    expect(counterName(hall, 5, 'zh-CN')).toBe('企业专席')
  })

  it('English screens say "Counter N", with a name the hall chose after it', () => {
    expect(counterName(hall, 1, 'en-US')).toBe('Counter 1')
    expect(counterName(hall, 3, 'en-US')).toBe('Counter 3')
    expect(counterName(hall, 5, 'en-US')).toBe('Counter 5 · 企业专席')
  })

  it('a counter the state does not know yet is its number', () => {
    expect(counterName(hall, 9, 'zh-CN')).toBe('9')
    expect(counterName(null, 9, 'en-US')).toBe('Counter 9')
  })
})
