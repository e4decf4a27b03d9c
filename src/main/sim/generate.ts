/**
 * Generating a hall's history: a fresh database in a data folder, the simulated days played
 * through it, the database closed properly. Shared by `npm run simulate`, `npm run demo` and
 * the benchmarks, so they all get their data the same way.
 */
import { randomPin } from '../security/secrets'
import { DEFAULT_SETTINGS } from '../../shared/settings'
import { businessDayOf } from '../core/business-time'
import { prepareDataFolder } from './data-folder'
import { minutesOfDay, type Profile } from './profile'
import { openSimulatedHall } from './simulated-hall'
import { simulate, type DaySummary, type SimulationReport } from './simulator'
import { addDays, localInstant, VirtualClock } from './virtual-clock'

export interface GenerateOptions {
  /** A data folder (prepared as for the hub) … */
  dataDir?: string
  /** … or a database file / ':memory:' used as it is. */
  file?: string
  force?: boolean
  bulk: boolean
  profile: Profile
  days: number
  start: string
  seed: string
  counters?: number | undefined
  dailyLogins?: boolean
  adminPin?: string | undefined
  staffPin?: string | undefined
  keepSamples?: boolean
  onStart?: (line: string) => void
  onDay?: (summary: DaySummary) => void
}

export interface GeneratedHall {
  report: SimulationReport
  file: string
  adminPin: string
  staffPin: string
  bulk: boolean
  seconds: number
}

export async function generateHall(options: GenerateOptions): Promise<GeneratedHall> {
  const file = options.file ?? prepareDataFolder(options.dataDir ?? './data', options.force ?? false)
  const adminPin = options.adminPin ?? randomPin()
  const staffPin = options.staffPin ?? randomPin()
  const { timeZone } = DEFAULT_SETTINGS.hall
  const clock = new VirtualClock(localInstant(options.start, minutesOfDay(options.profile.hours.open) - 90, timeZone))
  const started = performance.now()
  const sim = await openSimulatedHall({ file, clock, adminPin, bulk: options.bulk })
  options.onStart?.(
    `${options.profile.name}: ${options.days} day(s) from ${options.start}, seed ${options.seed}, ` +
      `${options.counters ?? options.profile.counters.length} counters${options.bulk ? ', bulk mode (synchronous=OFF while generating)' : ''}`,
  )
  try {
    const report = await simulate(sim.hall, clock, {
      profile: options.profile,
      days: options.days,
      start: options.start,
      seed: options.seed,
      counters: options.counters,
      dailyLogins: options.dailyLogins ?? true,
      adminPin,
      staffPin,
      keepSamples: options.keepSamples,
      dayTransaction: sim.dayTransaction,
      onDay: options.onDay,
    })
    return { report, file, adminPin, staffPin, bulk: options.bulk, seconds: (performance.now() - started) / 1000 }
  } finally {
    sim.close()
  }
}

/** First day of the `days` business days that end yesterday (in the hall's time zone). */
export function recentStart(days: number, now = Date.now()): string {
  const { timeZone, rolloverHour } = DEFAULT_SETTINGS.hall
  return addDays(businessDayOf(now, timeZone, rolloverHour), -days)
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const pct = (x: number) => `${Math.round(x * 100)}%`
const min = (x: number) => x.toFixed(1)

export function printDay(d: DaySummary): string {
  const weekday = WEEKDAYS[new Date(`${d.businessDay}T00:00:00Z`).getUTCDay()]
  return (
    `${d.businessDay} ${weekday}  tickets ${d.tickets}  served ${d.served}  no-show ${d.noShows} (back ${d.reactivated})  ` +
    `transfers ${d.transfers}  expired ${d.expired}  pauses ${d.pauses}  wait mean ${min(d.meanWaitMin)} max ${min(d.maxWaitMin)} min  ` +
    `in target ${pct(d.serviceLevel)}  estimate MAE ${min(d.estimates.printed.mae)} (naive ${min(d.estimates.naive.mae)}) min`
  )
}

export function printSummary(g: GeneratedHall): string {
  const r = g.report
  const tickets = r.days.reduce((s, d) => s + d.tickets, 0)
  const e = r.estimates
  return [
    '',
    `${r.days.length} day(s), ${tickets} tickets, ${r.commands} commands in ${g.seconds.toFixed(1)} s → ${g.file}`,
    `wait estimate over ${e.compared} called tickets: printed MAE ${min(e.printed.mae)} min, ${pct(e.printed.within5)} within ±5 min; ` +
      `naive MAE ${min(e.naive.mae)} min, ${pct(e.naive.within5)} within ±5 min`,
    `staff: administrator "admin" PIN ${g.adminPin}; manager "m01" and clerks "k001"… PIN ${g.staffPin}`,
  ].join('\n')
}
