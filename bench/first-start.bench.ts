/**
 * First start: from the end of `npm install` to the first page a newcomer sees — `npm run hub`
 * on an empty data folder until /kiosk is served (the build check, a new database, the first
 * PIN), then a restart on that folder. The baseline, measured in the same run, is a bare
 * `node` HTTP server started the same way (npm run, then polled until it answers): what any Node
 * program costs to start on this machine at this load. Targets: ≤ 15 s and ≤ 2 s.
 */
import { firstPage, timeToPage } from '../scripts/first-page.mjs'
import { ROOT } from './support/child'
import { figure, finish } from './support/report'

const started = performance.now()
const ROUNDS = 3

const bare = []
const first = []
const restart = []
for (let i = 0; i < ROUNDS; i++) {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  bare.push(
    await timeToPage({
      command: 'npm',
      args: ['exec', '--offline', '--', 'node', '-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
      cwd: ROOT,
      env: process.env,
      url: `http://127.0.0.1:${port}/`,
    }),
  )
  const run = await firstPage(ROOT)
  first.push(run.firstMs)
  restart.push(run.restartMs)
}
const best = (xs: number[]) => Math.min(...xs) / 1000
const base = { name: 'bare node HTTP server via npm', value: best(bare) }
finish(
  'first-start',
  'First start — `npm run hub` to the first page served (best of 3)',
  [
    figure('empty data folder → first page', best(first), 's', { baseline: base, max: 15, of: 'value' }),
    figure('restart → first page', best(restart), 's', { baseline: base, max: 2, of: 'value' }),
  ],
  [`every round: first ${first.map((x) => (x / 1000).toFixed(1)).join(', ')} s; restart ${restart.map((x) => (x / 1000).toFixed(1)).join(', ')} s; bare ${bare.map((x) => (x / 1000).toFixed(1)).join(', ')} s`],
  started,
)
