import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRun, encodeRun } from '../../../src/main/reports/archive'
import { ranker } from '../../../src/main/reports/summary'
import { medianOf, p90Of, interpolatedRank } from '../../../src/shared/metrics'

const runs = fc.array(fc.array(fc.integer({ min: 0, max: 3 * 3_600_000 }), { maxLength: 40 }), { minLength: 1, maxLength: 12 })

describe('ranks over sorted runs', () => {
  it('the k-th value equals the k-th of all values sorted, for every k', () => {
    fc.assert(
      fc.property(runs, (lists) => {
        const sorted = lists.flat().sort((a, b) => a - b)
        const typed = lists.map((l, i) => (i % 2 ? Float64Array : Uint32Array).from(l.sort((a, b) => a - b)))
        const at = ranker(typed)
        for (let k = 0; k < sorted.length; k++) expect(at(k)).toBe(sorted[k])
        expect(interpolatedRank(sorted.length, 0.5, at)).toBe(medianOf(sorted))
        expect(interpolatedRank(sorted.length, 0.9, at)).toBe(p90Of(sorted))
      }),
    )
  })

  it('median and 90th percentile as Excel computes them', () => {
    expect(medianOf([1, 2, 3, 4])).toBe(2.5)
    expect(p90Of([1, 2, 3, 4])).toBeCloseTo(3.7, 12) // PERCENTILE.INC({1,2,3,4}, 0.9)
    expect(p90Of([10])).toBe(10)
    expect(medianOf([])).toBeNull()
  })
})

describe('stored runs', () => {
  it('whole milliseconds below 2^32 are stored in four bytes, anything else in eight, and read back exactly', () => {
    const small = Float64Array.from([0, 1, 60_000, 2 ** 32 - 1])
    const blob = encodeRun(small)
    expect(blob.length).toBe(16)
    expect([...decodeRun(Buffer.concat([Buffer.alloc(1), blob]).subarray(1), 4)]).toEqual([...small])
    const big = Float64Array.from([0, 2 ** 32, 2 ** 40 + 0.5])
    const wide = encodeRun(big)
    expect(wide.length).toBe(24)
    expect([...decodeRun(Buffer.concat([Buffer.alloc(3), wide]).subarray(3), 3)]).toEqual([...big])
  })
})
