/** Order statistics of a sample of timings, and a process's resident memory. */
import { readFileSync } from 'node:fs'

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]!
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5)
export const p99 = (samples: readonly number[]) => quantile(samples, 0.99)

/** Microseconds since `start` (from process.hrtime.bigint()). */
export function microsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000
}

/** Resident set size of a process, from /proc (Linux), in MB. */
export function rssMB(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}
