/**
 * The hub applies each command's events to its one live state in place (applyInPlace) and keeps
 * the day's tickets and records as arrays (LiveDayLists). Both must mean exactly what evolve
 * means, undo must give back the state as it was, and nothing anyone holds may change under them.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { HallEvent } from '../../src/shared/events'
import { LiveDayLists, applyInPlace, dayLists, emptyHallState, evolve, type Changes, type HallState } from '../../src/shared/hall-state'
import { AppError } from '../../src/shared/errors'
import { waitingQueues, type QueueEntry, type WaitingQueues } from '../../src/shared/waiting-queues'
import { loadProfile } from '../../src/main/sim/profile'
import { generateHall } from '../../src/main/sim/generate'
import { openDatabase } from '../../src/main/store/database'
import { HallStore } from '../../src/main/store/hall-store'
import { clerkAtCounter, openHall, tempDir, type Fixture } from '../support/hall-fixture'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown
const changesOf = (c: Changes) => plain({ ...c, tickets: [...c.tickets], records: [...c.records], periods: [...c.periods], counters: [...c.counters], services: [...c.services], clerks: [...c.clerks] })

/** Who waits where, in call order; a service or counter nobody waits for is the same as none. */
function orderOf(q: WaitingQueues) {
  const ids = (list: readonly QueueEntry[]) => list.map((e) => `${e.ticket.number}@${e.key}`)
  const services = [...q.byService].map(([id, s]) => [id, ids(s.normal), ids(s.priority)] as const).filter(([, n, p]) => n.length + p.length > 0)
  const targeted = [...q.targeted].map(([id, list]) => [id, ids(list)] as const).filter(([, list]) => list.length > 0)
  return { services: services.sort(), targeted: targeted.sort() }
}

/** The event batches of a simulated small-hall day and the next morning, as the hub logged them. */
async function simulatedBatches(): Promise<HallEvent[][]> {
  const dir = tempDir('hallq-live-state-')
  try {
    const file = join(dir.dir, 'hallq.db')
    await generateHall({ file, bulk: true, profile: loadProfile('small'), days: 2, start: '2026-11-23', seed: 'live', dailyLogins: false, adminPin: '111111', staffPin: '2222' })
    const db = openDatabase(file)
    try {
      return new HallStore(db).logAfter(0, 100_000).map((l) => l.events)
    } finally {
      db.close()
    }
  } finally {
    dir.remove()
  }
}

describe('applyInPlace and LiveDayLists (with the waiting queues) against evolve, over two simulated days', async () => {
  const batches = await simulatedBatches()

  it('has a real day to check: calls, transfers, no-shows, pauses and a day close', () => {
    const types = new Set(batches.flat().map((e) => e.type))
    for (const t of ['ticketIssued', 'ticketCalled', 'serviceFinished', 'ticketTransferred', 'ticketNoShow', 'ticketReactivated', 'counterPaused', 'serviceRated', 'dayClosed']) {
      expect(types, t).toContain(t)
    }
  })

  it('gives the same state and the same changes as evolve after every batch', () => {
    let copied: HallState = emptyHallState('2026-11-23', DEFAULT_SETTINGS)
    const live: HallState = emptyHallState('2026-11-23', DEFAULT_SETTINGS)
    const lists = new LiveDayLists(live)
    for (const [i, events] of batches.entries()) {
      const expected = evolve(copied, events)
      const { changes } = applyInPlace(live, events)
      lists.update(live, changes)
      expect(changesOf(changes), `batch ${i}`).toEqual(changesOf(expected.changes))
      copied = expected.state
      if (i % 25 === 0 || events.some((e) => e.type === 'dayClosed')) {
        expect(plain(live), `batch ${i}`).toEqual(plain(copied))
        const fresh = dayLists(live)
        expect(lists.tickets, `batch ${i}`).toEqual(fresh.tickets)
        expect(lists.records, `batch ${i}`).toEqual(fresh.records)
        expect(orderOf(lists.queues), `batch ${i}`).toEqual(orderOf(waitingQueues(live.settings, fresh.tickets)))
      }
    }
    expect(plain(live)).toEqual(plain(copied))
  })

  it('undo gives back exactly the state before, and held tickets and records never change', () => {
    const live: HallState = emptyHallState('2026-11-23', DEFAULT_SETTINGS)
    for (const [i, events] of batches.entries()) {
      if (i % 9 === 4) {
        const before = JSON.stringify(live)
        const held = Object.values(live.tickets).slice(-5)
        const heldJson = JSON.stringify(held)
        const { undo } = applyInPlace(live, events)
        expect(JSON.stringify(held)).toBe(heldJson)
        undo()
        expect(JSON.stringify(live), `batch ${i}`).toBe(before)
      }
      applyInPlace(live, events)
    }
  })

  it('a batch that fails half-way leaves nothing applied', () => {
    const live: HallState = emptyHallState('2026-11-23', DEFAULT_SETTINGS)
    for (const events of batches.slice(0, 200)) applyInPlace(live, events)
    const before = JSON.stringify(live)
    const waiting = Object.values(live.tickets).at(-1)!
    const broken: HallEvent[] = [
      { type: 'ticketCancelled', at: 1, ticketId: waiting.id, counterId: null, recordId: null },
      { type: 'ticketRecalled', at: 2, ticketId: 999_999, counterId: 1, recordId: 999_999 },
    ]
    expect(() => applyInPlace(live, broken)).toThrow(/no ticket/)
    expect(JSON.stringify(live)).toBe(before)
  })
})

describe('the hall service with its state changed in place', () => {
  let f: Fixture
  afterEach(() => f.close())

  it('a commit that fails leaves memory as it was; the next command goes on from there', async () => {
    f = await openHall()
    const token = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    const before = JSON.stringify(f.hall.state)
    const commit = f.store.commit.bind(f.store)
    f.store.commit = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    }
    await expect(f.run('issueTicket', { serviceId: 'MOBILE' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'STORAGE_FULL')
    await expect(f.run('callNext', { counterId: 1 }, token)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'STORAGE_FULL')
    expect(JSON.stringify(f.hall.state)).toBe(before)
    f.store.commit = commit
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    expect((await f.run('callNext', { counterId: 1 }, token)).ticket.number).toBe('A001')
  })

  it('closeDay answers with the day it closed, though the state has moved on', async () => {
    f = await openHall()
    const manager = await f.clerk('m1', 'manager')
    const closed = await f.run('closeDay', {}, manager)
    expect(closed).toMatchObject({ businessDay: '2026-11-28', nextBusinessDay: '2026-11-29' })
    expect(f.hall.state.businessDay).toBe('2026-11-29')
  })
})
