/**
 * The hub for the memory benchmark: the hall composed exactly as `npm run hub` composes it
 * (startHallApp: durable database, HTTP and WebSocket server, logger, extensions; its memory
 * tuning), but reading a
 * virtual clock so simulated days can be played through it. Prints `BENCH {json}` lines:
 * `listening` with the URL, then waits for "go" on stdin; `start` at once, `open` after 30 s of
 * waiting, then one after each day and `done`.
 *   node --import tsx bench/support/hub-memory.ts DATA_DIR DAYS [PROFILE START ADMIN_PIN STAFF_PIN]
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { startHallApp } from '../../src/main/app'
import { restartTuned } from '../../src/main/process-tuning'
import { loadProfile } from '../../src/main/sim/profile'
import { simulate } from '../../src/main/sim/simulator'
import { VirtualClock, localInstant } from '../../src/main/sim/virtual-clock'
import { HALL_TIME_ZONE } from './simulated-year'
import { rssMB } from './stats'
import { pinProcessTimeZone } from '../../src/main/process-time-zone'

// Tuned as `npm run hub` is (HALLQ_TUNING=off for Node's and glibc's defaults, to compare).
restartTuned()

const [dataDir, daysText, profileName = 'flagship', start = '2026-12-01', adminPin = '135790', staffPin = '2468'] = process.argv.slice(2)
const days = Number(daysText)
/** How long the hub waits, its clients connected, before its idle memory is read. */
const SETTLE_MS = 30_000
const say = (message: object) => process.stdout.write(`BENCH ${JSON.stringify(message)}\n`)
const memory = () => {
  const m = process.memoryUsage()
  return { rssMB: rssMB(), heapMB: m.heapUsed / 2 ** 20, heapTotalMB: m.heapTotal / 2 ** 20, externalMB: m.external / 2 ** 20, ...residentKinds() }
}

/** Resident memory by kind (Linux): anonymous (heaps), and file-backed (the node binary, libraries). */
function residentKinds(): { anonMB?: number; mallocMB?: number } {
  try {
    const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8')
    const anonMB = Number(/Anonymous:\s+(\d+)/.exec(rollup)?.[1]) / 1024
    // glibc's main arena is the [heap] mapping; other arenas and V8's pages are anonymous mappings.
    const smaps = readFileSync('/proc/self/smaps', 'utf8')
    const heap = /\[heap\]\n(?:.*\n)*?Rss:\s+(\d+)/.exec(smaps)
    return { anonMB, mallocMB: heap ? Number(heap[1]) / 1024 : 0 }
  } catch {
    return {}
  }
}

// The hub pins its process to the hall's zone (app.ts, pinTimeZone); the virtual clock reads it too.
pinProcessTimeZone(HALL_TIME_ZONE)
const clock = new VirtualClock(localInstant(start, 7 * 60, HALL_TIME_ZONE))
const app = await startHallApp({ dataDir: dataDir!, port: 0, host: '127.0.0.1', version: 'bench', adminPin, clock: clock.read, pinTimeZone: true })
say({ phase: 'listening', url: app.url, ...memory() })

await new Promise<void>((ok) => createInterface({ input: process.stdin }).once('line', () => ok()))
// Just after the clients connected, and again once the hub has waited: V8 collects what the
// start left behind within seconds of the hub going quiet (its memory reducer), and a waiting
// hub is what the idle figure is about.
say({ phase: 'start', ...memory() })
await new Promise((ok) => setTimeout(ok, SETTLE_MS))
say({ phase: 'open', ...memory() })
if (days > 0) {
  await simulate(app.hall, clock, {
    profile: loadProfile(profileName),
    days,
    start,
    seed: 'memory-bench',
    adminPin,
    staffPin,
    onDay: (d) => say({ phase: 'day', businessDay: d.businessDay, tickets: d.tickets, commands: d.commands, ...memory() }),
  })
}
say({ phase: 'done', ...memory(), peakRssMB: peakRss() })
await app.close()
process.exit(0)

function peakRss(): number {
  return process.resourceUsage().maxRSS / 1024
}
