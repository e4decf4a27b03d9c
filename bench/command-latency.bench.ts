/**
 * Command latency at a flagship hall's peak: issue / call-next / finish through the hall service
 * with its durable commit (synchronous=FULL, one transaction per command), on a database holding
 * a simulated year, with 30 counters open and 2,000 customers waiting — against a bare
 * better-sqlite3 insert + commit on the same database file with the same pragmas, measured
 * alternately in the same run. Targets: median ≤ 1.5×, p99 ≤ 3×.
 */
import pino from 'pino'
import type { PriorityClass } from '../src/shared/domain'
import { Hall } from '../src/main/hall'
import { loadProfile } from '../src/main/sim/profile'
import { Random } from '../src/main/sim/random'
import { VirtualClock, localInstant } from '../src/main/sim/virtual-clock'
import { openDatabase } from '../src/main/store/database'
import { HallStore } from '../src/main/store/hall-store'
import { figure, finish, type Figure } from './support/report'
import { HALL_TIME_ZONE, copyOfYear, simulatedYear } from './support/simulated-year'
import { median, microsSince, p99 } from './support/stats'

const WAITING = 2000
const SERVED_THIS_MORNING = 1200
const ROUNDS = 2060
const WARM_UP = 60

const started = performance.now()
const year = await simulatedYear()
const work = copyOfYear(year, 'command-latency')
try {
  const figures = await measure()
  finish(
    'command-latency',
    `Command latency — flagship peak (${year.meta.counters} counters, ${WAITING} waiting, ${year.meta.days} simulated days of history)`,
    figures,
    [
      `history: ${year.meta.tickets.toLocaleString('en')} tickets, ${year.meta.records.toLocaleString('en')} service records, ${year.meta.databaseMB} MB (generated ${year.meta.generatedAt.slice(0, 10)})`,
      `${ROUNDS - WARM_UP} rounds of issue → call-next → start → finish, each command timed with a bare insert + commit (a database beside the hall's, WAL, synchronous=FULL) just before it`,
    ],
    started,
  )
} finally {
  work.remove()
}

async function measure(): Promise<Figure[]> {
  const profile = loadProfile(year.meta.profile)
  const db = openDatabase(work.file)
  const clock = new VirtualClock(localInstant(year.meta.nextDay, 8 * 60 + 20, HALL_TIME_ZONE))
  const { hall } = await Hall.open({ store: new HallStore(db), clock: clock.read, logger: pino({ level: 'silent' }) })

  // The baseline: a database file of its own beside the hall's, opened the same way (WAL, FULL,
  // foreign keys). Not the hall's file: a second writer there would make the hall's connection
  // drop its page cache before every command, which never happens on the hub.
  const bare = openDatabase(`${work.file}.baseline`)
  bare.exec('CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL) STRICT')
  const insert = bare.prepare('INSERT INTO bench_baseline (at, body) VALUES (?, ?)')
  const body = 'x'.repeat(300)
  const bareCommit = bare.transaction((at: number) => insert.run(at, body))
  const baseline: number[] = []
  const timeBaseline = () => {
    const t = process.hrtime.bigint()
    bareCommit.immediate(clock.now)
    baseline.push(microsSince(t))
  }

  const kiosk = { terminal: 'kiosk-1', local: true }
  const run = (name: string, payload: unknown, token?: string) => hall.execute(name, payload, { token, terminal: 'bench', local: true })
  const admin = (await run('login', { staffCode: 'admin', pin: year.meta.adminPin })) as { token: string }
  void admin
  const tokens: string[] = []
  for (let id = 1; id <= year.meta.counters; id++) {
    const { token } = (await run('login', { staffCode: `k${String(id).padStart(3, '0')}`, pin: year.meta.staffPin })) as { token: string }
    await run('openCounter', { counterId: id }, token)
    tokens.push(token)
  }

  // The morning until the peak: customers arrive faster than 30 counters serve them.
  const rng = new Random('command-latency')
  const mix = Object.fromEntries(Object.entries(profile.services).map(([id, s]) => [id, s.share]))
  const customer = (): { serviceId: string; priority: PriorityClass } => {
    const u = rng.next()
    const { vip, care, appointment } = profile.priority
    return { serviceId: rng.weighted(mix), priority: u < vip ? 'vip' : u < vip + care ? 'care' : u < vip + care + appointment ? 'appointment' : 'normal' }
  }
  const serve = async (i: number) => {
    const counterId = (i % year.meta.counters) + 1
    const token = tokens[counterId - 1]!
    await run('callNext', { counterId }, token)
    await run('startService', { counterId }, token)
    await run('finishService', { counterId }, token)
  }
  let served = 0
  for (let i = 0; i < WAITING + SERVED_THIS_MORNING; i++) {
    clock.moveTo(clock.now + 4_000)
    await hall.execute('issueTicket', customer(), kiosk)
    // The first customers of the day are served once a queue has formed at every counter.
    if (i >= 300 && i % 8 < 3 && served < SERVED_THIS_MORNING) await serve(served++)
  }
  while (served < SERVED_THIS_MORNING) await serve(served++)
  const waiting = () => Object.values(hall.state.tickets).filter((t) => t.status === 'waiting').length
  const waitingAtPeak = waiting()

  const timings = { issueTicket: [] as number[], callNext: [] as number[], finishService: [] as number[] }
  const timed = async (name: keyof typeof timings, f: () => Promise<unknown>, keep: boolean) => {
    // Each command is its own request on the hub: the event loop turns between two, and what
    // the hall defers to a free turn (its WAL checkpoint) runs there, as it does on the hub.
    await new Promise<void>((r) => setImmediate(r))
    timeBaseline()
    const t = process.hrtime.bigint()
    await f()
    const us = microsSince(t)
    if (keep) timings[name].push(us)
    else baseline.pop()
  }
  for (let i = 0; i < ROUNDS; i++) {
    const keep = i >= WARM_UP
    const counterId = (i % year.meta.counters) + 1
    const token = tokens[counterId - 1]!
    clock.moveTo(clock.now + 3_000)
    await timed('issueTicket', () => hall.execute('issueTicket', customer(), kiosk), keep)
    clock.moveTo(clock.now + 3_000)
    await timed('callNext', () => run('callNext', { counterId }, token), keep)
    await run('startService', { counterId }, token)
    clock.moveTo(clock.now + 3_000)
    await timed('finishService', () => run('finishService', { counterId }, token), keep)
  }
  const waitingAtEnd = waiting()
  bare.close()
  db.close()
  if (waitingAtPeak < WAITING || waitingAtEnd < WAITING) throw new Error(`expected ${WAITING} waiting, had ${waitingAtPeak} / ${waitingAtEnd}`)

  const base = { median: median(baseline), p99: p99(baseline) }
  const figures: Figure[] = []
  for (const [name, samples] of Object.entries(timings)) {
    figures.push(figure(`${name} median`, median(samples), 'µs', { baseline: { name: 'bare commit median', value: base.median }, max: 1.5 }))
    figures.push(figure(`${name} p99`, p99(samples), 'µs', { baseline: { name: 'bare commit p99', value: base.p99 }, max: 3 }))
  }
  return figures
}
