import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { emptyHallState, evolve, type HallState } from '../../../src/shared/hall-state'
import { clerkAtCounter, openHall, tempDir, type Fixture } from '../../support/hall-fixture'
import { DEFAULT_SETTINGS } from '../../../src/shared/settings'

const cleanup: (() => void)[] = []
afterEach(() => cleanup.splice(0).forEach((c) => c()))

async function busyHall(): Promise<Fixture> {
  const d = tempDir()
  const f = await openHall({ file: join(d.dir, 'hallq.db') })
  cleanup.push(() => f.close(), d.remove)
  const t1 = await clerkAtCounter(f, 'c1', 1)
  const t2 = await clerkAtCounter(f, 'c2', 2)
  await clerkAtCounter(f, 'c3', 3)
  for (const s of ['MOBILE', 'MOBILE', 'BROADBAND', 'PAYMENT', 'MOBILE', 'FIXED']) {
    await f.run('issueTicket', { serviceId: s, priority: s === 'FIXED' ? 'care' : 'normal' })
    f.clock.minutes(1)
  }
  await f.run('callNext', { counterId: 1 }, t1)
  await f.run('startService', { counterId: 1 }, t1)
  await f.run('callNext', { counterId: 2 }, t2)
  await f.run('noShow', { counterId: 2 }, t2)
  await f.run('callNext', { counterId: 2 }, t2)
  await f.run('pauseCounter', { counterId: 3, reason: 'training' }, await f.login('c3', '1234'))
  f.clock.minutes(5)
  return f
}

/** Plain JSON so that key order and undefined-vs-missing do not matter. */
const plain = (s: HallState) => JSON.parse(JSON.stringify(s)) as unknown

describe('restart', () => {
  it('resumes exactly: waiting order, called tickets, paused counters, numbering', async () => {
    const f = await busyHall()
    const before = plain(f.hall.state)
    const g = await f.reopen()
    cleanup.push(() => g.close())
    expect(plain(g.hall.state)).toEqual(before)
    // Numbering goes on where it stopped.
    expect((await g.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A004')
  })

  it('replaying the event log rebuilds the same hall (the log is enough)', async () => {
    const f = await busyHall()
    const log = f.store.logAfter(0, 10_000)
    expect(log[0]!.command).toBe('bootstrap')
    const replayed = log.reduce<HallState>((s, entry) => evolve(s, entry.events).state, emptyHallState(f.hall.state.businessDay, DEFAULT_SETTINGS))
    expect(plain(replayed)).toEqual(plain(f.hall.state))
  })

  it('every logged command names its actor and terminal, and sequence numbers have no gaps', async () => {
    const f = await busyHall()
    const log = f.store.logAfter(0, 10_000)
    expect(log.map((l) => l.seq)).toEqual(log.map((_, i) => i + 1))
    const calls = log.filter((l) => l.command === 'callNext')
    expect(calls.every((l) => l.actor.role === 'clerk' && l.actor.clerkId !== null && l.actor.terminal === 'test')).toBe(true)
  })
})
