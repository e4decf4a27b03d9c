/**
 * The reports of a test hall, built the way the hub builds them.
 */
import { ReportArchive } from '../../src/main/reports/archive'
import type { ReportService } from '../../src/main/reports/report-service'
import { reportServiceOf } from '../../src/main/server/routes/reports'
import type { Fixture } from './hall-fixture'

export function reportsOf(f: Fixture): ReportService {
  return reportServiceOf(f.hall, new ReportArchive(f.db))
}

/** 'HH:MM' on a day in Shanghai as an instant. */
export function shanghai(day: string, hhmm: string): number {
  return Date.parse(`${day}T${hhmm}:00+08:00`)
}

/** JSON has no NaN or Infinity: they would turn into null silently; make them visible. */
export function badNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path]
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`))
}
