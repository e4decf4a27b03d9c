/**
 * How a benchmark reports: each figure with the baseline measured in the same run, the ratio,
 * and the target it is held to. Printed for a person, and written as JSON for `bench/run.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { machine, type Machine } from './machine'

export interface Figure {
  name: string
  value: number
  unit: string
  /** What `value` is compared with, measured in the same run. */
  baseline?: { name: string; value: number }
  /** value ÷ baseline.value */
  ratio?: number
  /** The figure holds when `ratio` (or `value`) is at most `max`. */
  target?: { max: number; of: 'ratio' | 'value' }
  pass?: boolean
}

export interface BenchResult {
  bench: string
  title: string
  figures: Figure[]
  notes: string[]
  machine: Machine
  finishedAt: string
  seconds: number
}

export const RESULTS_DIR = resolve(import.meta.dirname, '../results')

export function figure(
  name: string,
  value: number,
  unit: string,
  options: { baseline?: { name: string; value: number }; max?: number; of?: 'ratio' | 'value' } = {},
): Figure {
  const f: Figure = { name, value, unit }
  if (options.baseline) {
    f.baseline = options.baseline
    f.ratio = value / options.baseline.value
  }
  if (options.max !== undefined) {
    const of = options.of ?? (f.ratio !== undefined ? 'ratio' : 'value')
    f.target = { max: options.max, of }
    f.pass = (of === 'ratio' ? f.ratio! : value) <= options.max
  }
  return f
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2))

export function formatFigure(f: Figure): string {
  const value = `${fmt(f.value)} ${f.unit}`
  const base = f.baseline ? `  vs ${f.baseline.name} ${fmt(f.baseline.value)} ${f.unit} = ${f.ratio!.toFixed(2)}×` : ''
  const target = f.target ? `  target ${f.target.of === 'ratio' ? `≤ ${f.target.max}×` : `≤ ${f.target.max} ${f.unit}`}: ${f.pass ? 'ok' : 'MISSED'}` : ''
  return `  ${f.name.padEnd(34)} ${value.padStart(12)}${base}${target}`
}

/** Prints the figures and writes bench/results/<bench>.json (or $BENCH_RESULT). */
export function finish(bench: string, title: string, figures: Figure[], notes: string[], started: number): BenchResult {
  const result: BenchResult = { bench, title, figures, notes, machine: machine(), finishedAt: new Date().toISOString(), seconds: (performance.now() - started) / 1000 }
  console.log(`\n${title}`)
  for (const f of figures) console.log(formatFigure(f))
  for (const n of notes) console.log(`  · ${n}`)
  const file = process.env.BENCH_RESULT ?? resolve(RESULTS_DIR, `${bench}.json`)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(result, null, 2))
  return result
}
