/** The simulator's seeded random source: repeatable, independent streams, the right shapes. */
import { describe, expect, it } from 'vitest'
import { Random } from '../../../src/main/sim/random'

const draw = (r: Random, n: number, f: (r: Random) => number) => Array.from({ length: n }, () => f(r))
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('Random', () => {
  it('repeats itself for the same seed and stream, and only then', () => {
    expect(draw(new Random('s', 'a'), 50, (r) => r.next())).toEqual(draw(new Random('s', 'a'), 50, (r) => r.next()))
    expect(draw(new Random('s', 'a'), 50, (r) => r.next())).not.toEqual(draw(new Random('s', 'b'), 50, (r) => r.next()))
    expect(draw(new Random('s', 'a'), 50, (r) => r.next())).not.toEqual(draw(new Random('t', 'a'), 50, (r) => r.next()))
  })

  it('stays in [0, 1) and spreads evenly', () => {
    const xs = draw(new Random('u'), 20_000, (r) => r.next())
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const deciles = Array.from({ length: 10 }, (_, d) => xs.filter((x) => x >= d / 10 && x < (d + 1) / 10).length)
    for (const n of deciles) expect(Math.abs(n - 2000)).toBeLessThan(200)
  })

  it('log-normal: half below the median; exponential: the mean is 1/rate; poisson: the mean', () => {
    const ln = draw(new Random('ln'), 20_000, (r) => r.logNormal(7, 0.5))
    expect(ln.filter((x) => x < 7).length / ln.length).toBeCloseTo(0.5, 1)
    expect(mean(ln)).toBeCloseTo(7 * Math.exp(0.125), 0)
    expect(mean(draw(new Random('ex'), 20_000, (r) => r.exponential(4)))).toBeCloseTo(0.25, 1)
    expect(mean(draw(new Random('po'), 20_000, (r) => r.poisson(0.8)))).toBeCloseTo(0.8, 1)
  })

  it('weighted choice follows the weights', () => {
    const r = new Random('w')
    const picks = Array.from({ length: 20_000 }, () => r.weighted({ a: 1, b: 3 }))
    expect(picks.filter((p) => p === 'b').length / picks.length).toBeCloseTo(0.75, 1)
  })

  it('is the only randomness on the simulation path: no Math.random in src/main/sim', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const dir = new URL('../../../src/main/sim/', import.meta.url)
    for (const file of readdirSync(dir)) {
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/Math\.random\s*\(/)
    }
  })
})
