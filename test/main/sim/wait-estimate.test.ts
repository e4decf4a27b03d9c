/**
 * The estimate printed on each ticket against the wait the customer actually had, over one
 * simulated day per profile, beside the naive estimate (people ahead × default handling time ÷
 * open counters) worked out at the same moments. A correctness property of the estimator, not a
 * timing: the full week-long figures are in docs/performance.md.
 */
import { describe, expect, it } from 'vitest'
import { generateHall } from '../../../src/main/sim/generate'
import { PROFILE_NAMES, loadProfile } from '../../../src/main/sim/profile'

describe('the printed wait estimate beats the naive one on every profile', () => {
  it.each(PROFILE_NAMES)('%s hall, one simulated Monday', async (name) => {
    const { report } = await generateHall({
      file: ':memory:',
      bulk: true,
      profile: loadProfile(name),
      days: 1,
      start: '2026-11-23',
      seed: 'estimate-test',
      dailyLogins: false,
      adminPin: '111111',
      staffPin: '2222',
    })
    const e = report.estimates
    expect(e.compared).toBeGreaterThan(100)
    expect(e.compared / e.tickets).toBeGreaterThan(0.9)
    // Clearly better, not merely different: at least a fifth less error, and more tickets within ±5 minutes.
    expect(e.printed.mae).toBeLessThan(0.8 * e.naive.mae)
    expect(e.printed.within5).toBeGreaterThan(e.naive.within5)
    // And honest on average: it does not promise much shorter waits than customers get.
    expect(Math.abs(e.printed.bias)).toBeLessThan(Math.abs(e.naive.bias))
  }, 120_000)
})
