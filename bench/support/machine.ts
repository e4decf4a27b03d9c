/** The machine a figure was measured on, so a number is never read without its context. */
import { cpus, freemem, loadavg, totalmem } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  memoryGB: number
  freeMemoryGB: number
  node: string
  platform: string
  /** 1-minute load average when measured: other work on the machine skews absolute times. */
  load: number
}

export function machine(): Machine {
  const c = cpus()
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    load: Math.round(loadavg()[0]! * 100) / 100,
  }
}
