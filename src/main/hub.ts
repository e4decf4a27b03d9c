/**
 * `npm run hub`: the headless hub's entry. Before anything heavy is loaded it restarts itself
 * with the hub's memory tuning (process-tuning.ts; on Linux, once, in place); then it loads and
 * runs the hub (hub-main.ts). Node's compile cache is not turned on: with the packages bundled
 * into one file a start takes as long without it, and it held 2–3 MB for the life of the
 * process (docs/performance.md, "Memory").
 *   npm run hub -- --data DIR --port N [--host H] [--tls] [--central postgres://… --hall-code CODE]
 */
import { restartTuned } from './process-tuning'

restartTuned()

import('./hub-main')
  .then(({ main }) => main())
  .catch((err: unknown) => {
    console.error(`HallQ hub could not start: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
