/**
 * A lived-in hall for a newcomer: a week of a city hall in ./data, then `npm run hub`.
 *   npm run demo -- [--data DIR] [--force] [--seed S] [--days N] [--profile NAME]
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DataFolderError } from './data-folder'
import { generateHall, printDay, recentStart } from './generate'
import { ProfileError, loadProfile } from './profile'
import { SimulationError } from './simulator'

const USAGE = `usage: npm run demo -- [--data DIR] [--force] [--seed S] [--days N] [--profile NAME]

Fills a data folder (default ./data, where npm run hub looks) with the last week of a
simulated city hall — tickets, services, ratings, pauses, the days closed by the manager —
so the hub opens on a lived-in hall. A folder that is not empty is left alone unless --force.`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string', default: './data' },
        force: { type: 'boolean', default: false },
        seed: { type: 'string', default: 'demo' },
        days: { type: 'string', default: '7' },
        profile: { type: 'string', default: 'city' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const days = Number(values.days)
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    console.error(`--days must be a whole number from 1 to 366\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  const dataDir = resolve(values.data)
  const generated = await generateHall({
    dataDir,
    force: values.force,
    // Generation only: synchronous=OFF and a transaction per day, FULL again on close (decision 017).
    bulk: true,
    profile: loadProfile(values.profile),
    days,
    start: recentStart(days),
    seed: values.seed,
    onStart: (line) => console.log(line),
    onDay: (d) => console.log(printDay(d)),
  })
  const r = generated.report
  const tickets = r.days.reduce((s, d) => s + d.tickets, 0)
  console.log(
    [
      '',
      `演示数据已生成 / Demo hall ready: ${r.days.length} days, ${tickets} tickets, ${r.commands} commands in ${generated.seconds.toFixed(1)} s`,
      `  data:  ${dataDir}`,
      `  admin: staff code admin, PIN ${generated.adminPin}`,
      `  staff: duty manager m01, clerks k001–k${String(r.counters).padStart(3, '0')}, PIN ${generated.staffPin}`,
      '',
      `Now start the hall:  npm run hub${values.data === './data' ? '' : ` -- --data ${values.data}`}`,
    ].join('\n'),
  )
}

main().catch((err: unknown) => {
  const known = err instanceof ProfileError || err instanceof DataFolderError || err instanceof SimulationError
  console.error(known ? (err as Error).message : err)
  process.exitCode = 1
})
