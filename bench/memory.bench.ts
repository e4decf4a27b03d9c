/**
 * Memory: the hub's resident memory with a simulated year in its database, after playing more
 * simulated flagship days through it — with its durable database, its HTTP server, and
 * WebSocket clients following the event stream — against the same hub on an empty data folder,
 * measured in the same run. The hub runs as `npm run hub` runs it: built JavaScript (esbuild, the
 * hub's build options), no TypeScript loader. Targets: ≤ 80 MB idle on an empty folder, ≤ 150 MB
 * after the days, peak ≤ 200 MB.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { build } from 'esbuild'
import { hubBuildOptions } from '../scripts/build.mjs'
import { ROOT, startChild, type Child } from './support/child'
import { figure, finish } from './support/report'
import { copyYearKey, simulatedYear } from './support/simulated-year'

const DAYS = 5
const CLIENTS = 20

interface Line {
  phase: string
  url?: string
  rssMB: number
  heapMB: number
  heapTotalMB: number
  anonMB?: number
  mallocMB?: number
  peakRssMB?: number
  businessDay?: string
  commands?: number
}

const started = performance.now()
const year = await simulatedYear()
// The benchmark's hub, built as the hub is (scripts/build.mjs), next to the hub's build.
const builtDir = join(ROOT, 'out', 'bench')
await build(hubBuildOptions(ROOT, { 'hub-memory': 'bench/support/hub-memory.ts' }, builtDir))
const HUB_MEMORY = join(builtDir, 'hub-memory.mjs')
const dirs: string[] = []
const sockets: WebSocket[] = []
const children: Child[] = []

/** Starts the hub on `dataDir`, connects the clients, plays `days`, and returns its lines. */
async function hubRun(dataDir: string, days: number, start: string, env: NodeJS.ProcessEnv = {}): Promise<Line[]> {
  const child = await startChild(
    [HUB_MEMORY, dataDir, String(days), year.meta.profile, start, year.meta.adminPin, year.meta.staffPin],
    /BENCH \{"phase":"listening","url":"(http:\/\/[\d.:]+)"/,
    { HALLQ_LOG_LEVEL: 'warn', ...env },
    // A year's copy made before the free text was sealed at rest is sealed at its first start
    // (src/main/store/seal-stored-text.ts): minutes on a loaded machine.
    600_000,
  )
  children.push(child)
  const messages = { n: 0 }
  await Promise.all(
    Array.from({ length: CLIENTS }, () => new Promise<void>((ok, fail) => {
      const ws = new WebSocket(`${child.url.replace('http', 'ws')}/api/v1/stream`)
      sockets.push(ws)
      ws.once('message', () => ok())
      ws.on('message', () => messages.n++)
      ws.on('error', fail)
    })),
  )
  child.process.stdin!.write('go\n')
  await new Promise<void>((ok, fail) => {
    child.process.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`hub exited with ${code}:\n${child.output()}`))))
  })
  for (const ws of sockets.splice(0)) ws.terminate()
  const lines = [...child.output().matchAll(/^BENCH (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!) as Line)
  if (days > 0 && messages.n < 1000) throw new Error(`the clients saw only ${messages.n} messages`)
  return lines
}

/** The same hub with Node's and glibc's defaults, for comparison (src/main/process-tuning.ts). */
const UNTUNED = { HALLQ_TUNING: 'off' }

try {
  const empty = mkdtempSync(join(tmpdir(), 'hallq-bench-mem-empty-'))
  const lived = mkdtempSync(join(tmpdir(), 'hallq-bench-mem-year-'))
  const untuned = mkdtempSync(join(tmpdir(), 'hallq-bench-mem-untuned-'))
  dirs.push(empty, lived, untuned)
  for (const dir of [lived, untuned]) {
    copyFileSync(year.file, join(dir, 'hallq.db'))
    copyYearKey(dir)
  }

  const baseline = await hubRun(empty, 0, year.meta.nextDay)
  const run = await hubRun(lived, DAYS, year.meta.nextDay)
  // The untuned comparison (Linux only; BENCH_UNTUNED=0 skips it) is a note, not a target: if it
  // does not finish, the tuned figures above still stand.
  const notes: string[] = []
  let untunedRun: Line[] | null = null
  if (process.platform === 'linux' && process.env.BENCH_UNTUNED !== '0') {
    try {
      untunedRun = await hubRun(untuned, DAYS, year.meta.nextDay, UNTUNED)
    } catch (err) {
      notes.push(`the untuned comparison did not finish: ${String((err as Error).message).split('\n')[0]}`)
    }
  }
  const base = { name: 'hub on an empty folder', value: baseline.find((l) => l.phase === 'open')!.rssMB }
  const atStart = (lines: Line[]) => lines.find((l) => l.phase === 'start')!.rssMB.toFixed(1)
  const idle = figure('hub RSS idle, empty folder', base.value, 'MB', { max: 80, of: 'value' })
  const opened = run.find((l) => l.phase === 'open')!
  const days = run.filter((l) => l.phase === 'day')
  const done = run.find((l) => l.phase === 'done')!
  const perDay = (lines: Line[]) =>
    lines
      .filter((l) => l.phase === 'day')
      .map((d) => `${d.businessDay!.slice(5)} ${d.rssMB.toFixed(0)} MB (JS heap ${d.heapMB.toFixed(0)} used of ${d.heapTotalMB.toFixed(0)}, anonymous ${d.anonMB?.toFixed(0) ?? '?'}, glibc's main arena ${d.mallocMB?.toFixed(0) ?? '?'})`)
      .join(', ')
  const figures = [
    idle,
    figure('hub RSS, history open', opened.rssMB, 'MB', { baseline: base, max: 150, of: 'value' }),
    figure(`hub RSS after ${DAYS} more days`, done.rssMB, 'MB', { baseline: base, max: 150, of: 'value' }),
    figure('hub peak RSS (VmHWM)', done.peakRssMB!, 'MB', { baseline: base, max: 200, of: 'value' }),
  ]
  notes.unshift(
    `idle is read after the hub has waited 30 s with its clients connected; just after they connected: ${atStart(baseline)} MB on the empty folder, ${atStart(run)} MB with the year open`,
    `after each day: ${perDay(run)}; ${days.reduce((n, d) => n + (d.commands ?? 0), 0)} commands in all`,
    `${CLIENTS} WebSocket clients followed the event stream throughout; database FULL, as the hub runs it; clerks log in every day`,
  )
  if (untunedRun) {
    const t = untunedRun.find((l) => l.phase === 'done')!
    figures.push(figure(`  same, untuned: after`, t.rssMB, 'MB', { baseline: base }))
    figures.push(figure(`  same, untuned: peak`, t.peakRssMB!, 'MB', { baseline: base }))
    notes.push(`untuned (HALLQ_TUNING=off: glibc raises its mmap threshold after a PIN check, V8's young generation grows to 16 MiB semi-spaces): ${perDay(untunedRun)}`)
  }
  notes.push(`the process that generated the year (one Hall for all ${year.meta.days} days, bulk mode with a 128 MB page cache) ended at ${year.meta.generationRssMB} MB`)
  finish('memory', `Memory — hub RSS with ${year.meta.days} simulated days of history, then ${DAYS} more flagship days played through it`, figures, notes, started)
} finally {
  for (const ws of sockets) ws.terminate()
  for (const c of children) await c.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
}
