import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRun, encodeRun } from '../../../src/main/reports/archive'
import { ranker, windowsOf, type RunWindows } from '../../../src/main/reports/summary'
import type { ValueRun } from '../../../src/main/reports/facts'
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

  /** Every k of the runs ranked as they are, and as windows of shared blocks (as the centre reads them), against a sort. */
  const holdsForEveryK = (lists: number[][], make: (sorted: number[]) => ValueRun) => {
    const sorted = lists.flat().sort((a, b) => a - b)
    const typed = lists.map((l) => make([...l].sort((a, b) => a - b)))
    // The same runs laid end to end in two blocks, with a gap before each: windows, not whole arrays.
    const half = Math.ceil(typed.length / 2)
    const windows: RunWindows = { blocks: [], block: new Int32Array(typed.length), from: new Int32Array(typed.length), to: new Int32Array(typed.length) }
    const blocks: number[][] = [[], []]
    typed.forEach((run, i) => {
      const b = i < half ? 0 : 1
      blocks[b]!.push(7)
      windows.block[i] = b
      windows.from[i] = blocks[b]!.length
      blocks[b]!.push(...run)
      windows.to[i] = blocks[b]!.length
    })
    const whole = typed.every((r) => r instanceof Uint32Array)
    const shared = { ...windows, blocks: blocks.map((b) => (whole ? Uint32Array.from(b) : Float64Array.from(b))) }
    for (const at of [ranker(typed), ranker(windowsOf(typed)), ranker(shared)]) {
      for (let k = 0; k < sorted.length; k++) expect(at(k)).toBe(sorted[k])
      expect(interpolatedRank(sorted.length, 0.5, at)).toBe(medianOf(sorted))
      expect(interpolatedRank(sorted.length, 0.9, at)).toBe(p90Of(sorted))
    }
  }

  it('the k-th value of whole milliseconds (the radix search), however wide, as runs or as windows of shared blocks', () => {
    // Waits of a day, values crowded into one of the first step's ranges, and the full uint32 width (three steps).
    for (const max of [3 * 3_600_000, 40, 2 ** 32 - 1]) {
      const values = fc.array(fc.array(fc.integer({ min: 0, max }), { maxLength: 40 }), { minLength: 1, maxLength: 12 })
      fc.assert(fc.property(values, (lists) => holdsForEveryK(lists, (l) => Uint32Array.from(l))))
      // Whole milliseconds counted as float64 (today's runs in the hub) take the same search.
      fc.assert(fc.property(values, (lists) => holdsForEveryK(lists, (l) => Float64Array.from(l))))
    }
    // Many equal values around 2^22, where a second step begins.
    holdsForEveryK([Array(50).fill(2 ** 22), [2 ** 22 - 1, 2 ** 22 + 1], [0, 2 ** 32 - 1], Array(30).fill(2 ** 22 + 2047)], (l) => Uint32Array.from(l))
  })

  it('rankers asked in turn each keep to their own runs (they share their working arrays)', () => {
    const values = fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 6 })
    fc.assert(
      fc.property(values, values, (a, b) => {
        const sortedA = a.flat().sort((x, y) => x - y)
        const sortedB = b.flat().sort((x, y) => x - y)
        const atA = ranker(a.map((l) => Uint32Array.from([...l].sort((x, y) => x - y))))
        const atB = ranker(b.map((l) => Uint32Array.from([...l].sort((x, y) => x - y))))
        for (let k = 0; k < Math.max(sortedA.length, sortedB.length); k++) {
          if (k < sortedA.length) expect(atA(k)).toBe(sortedA[k])
          if (k < sortedB.length) expect(atB(k)).toBe(sortedB[k])
        }
      }),
    )
  })

  it('the k-th value of negative whole milliseconds (a clock set back: float64) by the search over values', () => {
    const values = fc.array(fc.array(fc.integer({ min: -3_600_000, max: 3_600_000 }), { maxLength: 40 }), { minLength: 1, maxLength: 12 })
    fc.assert(fc.property(values, (lists) => holdsForEveryK(lists, (l) => Float64Array.from(l))))
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
