/**
 * npm run bench [-- NAME … [--option value …]]: runs every bench/*.bench.ts (or the named ones,
 * each given the options after the names), each in its own
 * process (under the hub's V8 flags) so one cannot warm up or fill the memory of the next, then prints every figure with
 * its ratio and target. Exits 1 if a target was missed. Results: bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { HUB_V8_FLAGS } from '../src/main/process-tuning'
import { machine } from './support/machine'
import { RESULTS_DIR, formatFigure, type BenchResult } from './support/report'

const BENCH_DIR = import.meta.dirname
// Names first, then options for the benchmarks themselves: `npm run bench -- central --halls 500`.
const args = process.argv.slice(2)
const firstOption = args.findIndex((a) => a.startsWith('-'))
const wanted = firstOption === -1 ? args : args.slice(0, firstOption)
const benchOptions = firstOption === -1 ? [] : args.slice(firstOption)
const all = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort()
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`no benchmark named ${unknown.join(', ')}; there are: ${all.join(', ')}`)
  process.exit(2)
}
const names = wanted.length > 0 ? wanted : all

console.log(`Benchmarks: ${names.join(', ')}`)
const m = machine()
console.log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, load ${m.load}\n`)

const results: BenchResult[] = []
const failed: string[] = []
for (const name of names) {
  const file = resolve(RESULTS_DIR, `${name}.json`)
  rmSync(file, { force: true })
  console.log(`── ${name}`)
  // Under the hub's V8 flags: what runs the hall in a benchmark runs as it does in the hub.
  const run = spawnSync(process.execPath, [...HUB_V8_FLAGS, '--import', 'tsx', resolve(BENCH_DIR, `${name}.bench.ts`), ...benchOptions], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULT: file },
  })
  if (run.status !== 0 || !existsSync(file)) {
    failed.push(`${name} (did not finish: exit ${run.status ?? run.signal})`)
    continue
  }
  results.push(JSON.parse(readFileSync(file, 'utf8')) as BenchResult)
}

console.log('\n══ Summary')
for (const r of results) {
  console.log(`${r.title}  [${r.seconds.toFixed(0)} s, load ${r.machine.load}]`)
  for (const f of r.figures) {
    console.log(formatFigure(f))
    if (f.pass === false) failed.push(`${r.bench}: ${f.name}`)
  }
}
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(resolve(RESULTS_DIR, 'summary.json'), JSON.stringify({ machine: m, results }, null, 2))
if (failed.length > 0) {
  console.log(`\nMissed or unfinished: ${failed.join('; ')}`)
  process.exit(1)
}
console.log('\nEvery target holds.')
