/**
 * Wait estimates that hold: over a simulated week of each hall profile, the minutes printed on
 * each ticket against the wait that customer actually had (issue to first call), beside the
 * naive estimate — people ahead × the service's default handling time ÷ open counters serving
 * it — worked out at the same moments of the same run. Target: the printed estimate's mean
 * absolute error at most 0.8× the naive one's, on every profile.
 */
import { generateHall } from '../src/main/sim/generate'
import { PROFILE_NAMES, loadProfile } from '../src/main/sim/profile'
import { figure, finish, type Figure } from './support/report'

const DAYS = 7
const started = performance.now()
const figures: Figure[] = []
const notes: string[] = []
for (const name of PROFILE_NAMES) {
  const { report } = await generateHall({
    file: ':memory:',
    bulk: true,
    profile: loadProfile(name),
    days: DAYS,
    start: '2026-11-23',
    seed: 'wait-estimate',
    dailyLogins: false,
    adminPin: '135790',
    staffPin: '2468',
  })
  const e = report.estimates
  const waits = report.days.map((d) => d.meanWaitMin)
  figures.push(figure(`${name}: mean absolute error`, e.printed.mae, 'min', { baseline: { name: 'naive', value: e.naive.mae }, max: 0.8 }))
  figures.push(figure(`${name}: within ±5 min`, e.printed.within5 * 100, '%', { baseline: { name: 'naive', value: e.naive.within5 * 100 } }))
  figures.push(figure(`${name}: bias (estimate − actual)`, e.printed.bias, 'min', { baseline: { name: 'naive', value: e.naive.bias } }))
  notes.push(
    `${name}: ${e.compared} of ${e.tickets} tickets called; mean wait ${(waits.reduce((a, b) => a + b, 0) / waits.length).toFixed(1)} min (days ${Math.min(...waits).toFixed(1)}–${Math.max(...waits).toFixed(1)})`,
  )
}
finish('wait-estimate', `Wait estimate — ${DAYS} simulated days per profile, printed against naive`, figures, notes, started)
