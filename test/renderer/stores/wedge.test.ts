import { describe, expect, it } from 'vitest'
import { DEFAULT_WEDGE_KEYS } from '../../../src/shared/evaluator-keys'
import { wedgeScore } from '../../../src/renderer/src/stores/rating/wedge'

describe('keyboard-wedge evaluator keys', () => {
  it('a key from the map rates; typing into a field, a held modifier or auto-repeat does not', () => {
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1' })).toBe(4)
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: 'End', code: 'Numpad1' })).toBeNull()
    expect(wedgeScore([{ key: 'Numpad1', score: 4 }], { key: 'End', code: 'Numpad1' })).toBe(4)
    const input = document.createElement('input')
    const textarea = document.createElement('textarea')
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1', target: input })).toBeNull()
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1', target: textarea })).toBeNull()
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1', target: document.body })).toBe(4)
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1', ctrlKey: true })).toBeNull()
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '1', repeat: true })).toBeNull()
    expect(wedgeScore(DEFAULT_WEDGE_KEYS, { key: '9' })).toBeNull()
  })
})
