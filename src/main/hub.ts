/**
 * `npm run hub`: the headless hub's entry. Before anything heavy is loaded it restarts itself
 * with the hub's memory tuning (process-tuning.ts; on Linux, once, in place) and turns on Node's
 * compile cache, so a restart reuses the compiled code of the hub and its packages; then it
 * loads and runs the hub (hub-main.ts).
 *   npm run hub -- --data DIR --port N [--host H] [--tls] [--central postgres://… --hall-code CODE]
 */
import { enableCompileCache } from 'node:module'
import { restartTuned } from './process-tuning'

restartTuned()
try {
  // Node's own folder under the system's temporary folder; NODE_COMPILE_CACHE chooses another.
  enableCompileCache?.()
} catch {
  // Only a slower start without it.
}

import('./hub-main')
  .then(({ main }) => main())
  .catch((err: unknown) => {
    console.error(`HallQ hub could not start: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
