/**
 * Plays simulated business days through the real hall into a data folder.
 *   npm run simulate -- --data DIR --days N [--counters C] [--seed S] [--profile PROFILE]
 *                       [--start YYYY-MM-DD] [--bulk] [--force] [--json FILE]
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DataFolderError } from './data-folder'
import { ProfileError, loadProfile } from './profile'
import { generateHall, printDay, printSummary, recentStart } from './generate'
import { SimulationError } from './simulator'

const USAGE = `usage: npm run simulate -- --data DIR --days N [options]

  --data DIR          data folder for the hall (created; refused if not empty unless --force)
  --days N            business days to play
  --counters C        counters to staff (default: the profile's); arrivals scale with C
  --profile NAME|FILE small, city (default) or flagship, or a profile JSON file
  --seed S            random seed (default: hallq); same seed and start, same days
  --start YYYY-MM-DD  first business day (default: the N days up to yesterday)
  --bulk              bulk mode: synchronous=OFF while generating (see docs/decisions/017-bulk-mode.md)
  --once-logins       clerks log in once for the whole run instead of every day
  --admin-pin PIN     the administrator's PIN (default: random, printed at the end)
  --staff-pin PIN     every simulated clerk's and the manager's PIN (default: random, printed)
  --force             replace the hall database in a folder that is not empty
  --json FILE         write the full report (per day, estimate accuracy) as JSON`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        days: { type: 'string' },
        counters: { type: 'string' },
        profile: { type: 'string', default: 'city' },
        seed: { type: 'string', default: 'hallq' },
        start: { type: 'string' },
        bulk: { type: 'boolean', default: false },
        'once-logins': { type: 'boolean', default: false },
        'admin-pin': { type: 'string' },
        'staff-pin': { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (err) {
    return usage((err as Error).message)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (!values.data) return usage('--data is required')
  const days = Number(values.days)
  if (!Number.isInteger(days) || days < 1 || days > 3660) return usage('--days must be a whole number from 1 to 3660')
  const counters = values.counters === undefined ? undefined : Number(values.counters)
  if (counters !== undefined && (!Number.isInteger(counters) || counters < 1 || counters > 999)) return usage('--counters must be a whole number from 1 to 999')
  if (values.start !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.start)) return usage('--start must be YYYY-MM-DD')

  const profile = loadProfile(values.profile)
  const start = values.start ?? recentStart(days)
  const generated = await generateHall({
    dataDir: resolve(values.data),
    force: values.force,
    bulk: values.bulk,
    profile,
    days,
    start,
    seed: values.seed,
    counters,
    dailyLogins: !values['once-logins'],
    adminPin: values['admin-pin'],
    staffPin: values['staff-pin'],
    onStart: (line) => console.log(line),
    onDay: (d) => console.log(printDay(d)),
  })
  console.log(printSummary(generated))
  if (values.json) writeFileSync(resolve(values.json), JSON.stringify(generated.report, null, 2))
}

function usage(message: string): void {
  console.error(`${message}\n\n${USAGE}`)
  process.exitCode = 2
}

main().catch((err: unknown) => {
  const known = err instanceof ProfileError || err instanceof DataFolderError || err instanceof SimulationError
  console.error(known ? (err as Error).message : err)
  process.exitCode = 1
})
