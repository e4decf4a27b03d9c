/**
 * WAL checkpoints between commands: none inside a commit, one once the event loop is free after
 * every CHECKPOINT_EVERY commits; SQLite's own stays only as a backstop; and the records of
 * service are found by day without the (clerk, day) index migration 7 dropped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WAL_BACKSTOP_PAGES } from '../../../src/main/store/database'
import { CHECKPOINT_EVERY } from '../../../src/main/store/hall-store'
import { openHall, type Fixture } from '../../support/hall-fixture'

let f: Fixture | null = null
afterEach(() => {
  f?.close()
  f = null
})
const nextTurn = () => new Promise<void>((r) => setImmediate(r))

describe('WAL checkpoints', () => {
  it('run after every CHECKPOINT_EVERY commits, once the event loop is free, never inside a command', async () => {
    f = await openHall()
    expect(f.db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_BACKSTOP_PAGES)
    const pragma = vi.spyOn(f.db, 'pragma')
    const checkpoints = () => pragma.mock.calls.filter(([sql]) => sql === 'wal_checkpoint(PASSIVE)').length
    // Commands back to back, as fast as they come: the checkpoint waits for a free turn.
    let commits = 0
    while (commits < CHECKPOINT_EVERY + 5) {
      await f.run('issueTicket', { serviceId: 'MOBILE' })
      commits++
      expect(checkpoints()).toBe(0)
    }
    await nextTurn()
    expect(checkpoints()).toBe(1)
    // And not again until another CHECKPOINT_EVERY commits.
    for (let i = 0; i < CHECKPOINT_EVERY - 1; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
    await nextTurn()
    expect(checkpoints()).toBe(1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await nextTurn()
    expect(checkpoints()).toBe(2)
    pragma.mockRestore()
  })

  it('service records are found by day through the day index', async () => {
    f = await openHall()
    const indexes = f.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'service_records' AND sql IS NOT NULL").pluck().all()
    expect(indexes).toEqual(['service_records_day'])
    const plan = f.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM service_records WHERE business_day = ? ORDER BY id').all('2026-11-28') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX service_records_day/)
  })
})
