/**
 * The simulator plays days through the real hall, and the same seed gives the same days byte for
 * byte: every table compared row by row, except the two columns that are random by design —
 * scrypt PIN hashes (a fresh salt each time) and session token hashes (fresh random tokens).
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { generateHall, type GeneratedHall } from '../../../src/main/sim/generate'
import { loadProfile } from '../../../src/main/sim/profile'
import { tempDir } from '../../support/hall-fixture'

const dirs: { remove(): void }[] = []
afterAll(() => dirs.forEach((d) => d.remove()))

/** Random by design, so left out of the comparison — and nothing else is. */
const RANDOM_COLUMNS: Record<string, string[]> = {
  clerks: ['pin_hash'],
  auth_sessions: ['token_hash'],
  phone_links: ['key_hash'],
  // Sealed text: a random nonce per value.
  complaint_cases: ['summary', 'solution', 'confirmation_note'],
  complaint_steps: ['remark'],
}
/** Tables without a rowid, in the order of a column that is not random. */
const ORDER_BY: Record<string, string> = { phone_links: 'ticket_id' }

async function run(seed: string, options: { bulk?: boolean } = {}): Promise<{ file: string; generated: GeneratedHall }> {
  const dir = tempDir('hallq-sim-')
  dirs.push(dir)
  const file = join(dir.dir, 'hallq.db')
  const generated = await generateHall({
    file,
    bulk: options.bulk ?? false,
    profile: loadProfile('small'),
    days: 2,
    start: '2026-11-27',
    seed,
    dailyLogins: true,
    adminPin: '111111',
    staffPin: '2222',
  })
  return { file, generated }
}

/** Every row of every table, in rowid order, with the random-by-design columns blanked. */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
    const out: Record<string, unknown[]> = {}
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY ${ORDER_BY[table] ?? 'rowid'}`).all() as Record<string, unknown>[]
      for (const row of rows) for (const column of RANDOM_COLUMNS[table] ?? []) row[column] = '(random by design)'
      out[table] = rows
    }
    return out
  } finally {
    db.close()
  }
}

describe('the simulator', async () => {
  const [first, second, other] = await Promise.all([run('same'), run('same', { bulk: true }), run('other')])

  it('gives the same days for the same seed, byte for byte, bulk mode or not', () => {
    const a = dump(first.file)
    const b = dump(second.file)
    expect(Object.keys(a)).toEqual(Object.keys(b))
    for (const table of Object.keys(a)) expect(b[table], table).toEqual(a[table])
    expect(a.event_log!.length).toBeGreaterThan(1000)
    const { seconds: _a, ...reportA } = first.generated
    const { seconds: _b, ...reportB } = second.generated
    expect({ ...reportB, file: '', bulk: false }).toEqual({ ...reportA, file: '', bulk: false })
  })

  it('leaves out only columns that really are random', () => {
    // Same clerks, same PINs, different salts: the hashes differ although the runs are the same.
    const hashes = (file: string) => {
      const db = new Database(file, { readonly: true })
      try {
        return db.prepare('SELECT pin_hash FROM clerks ORDER BY id').pluck().all() as string[]
      } finally {
        db.close()
      }
    }
    const [a, b] = [hashes(first.file), hashes(second.file)]
    expect(a).toHaveLength(b.length)
    a.forEach((hash, i) => expect(hash).not.toBe(b[i]))
  })

  it('gives other days for another seed', () => {
    const a = dump(first.file).event_log!
    const c = dump(other.file).event_log!
    expect(c).not.toEqual(a)
  })

  it('plays a real hall day: every kind of action, all through hall commands', () => {
    const db = new Database(first.file, { readonly: true })
    const commands = new Map((db.prepare('SELECT command, COUNT(*) AS n FROM event_log GROUP BY command').all() as { command: string; n: number }[]).map((r) => [r.command, r.n]))
    for (const c of ['issueTicket', 'login', 'logout', 'openCounter', 'closeCounter', 'callNext', 'recall', 'startService', 'finishService', 'noShow', 'reactivate', 'transfer', 'pauseCounter', 'resumeCounter', 'rateService', 'closeDay']) {
      expect(commands.get(c) ?? 0, c).toBeGreaterThan(0)
    }
    // Clerks log in and out every day; the evaluator rates as a device of the hub.
    expect(commands.get('login')).toBe(2 * 5 + 1)
    const raters = db.prepare("SELECT DISTINCT actor_role, terminal FROM event_log WHERE command = 'rateService'").all() as { actor_role: string; terminal: string }[]
    expect(raters.every((r) => r.actor_role === 'system' && /^evaluator-\d+$/.test(r.terminal))).toBe(true)
    const reasons = db.prepare("SELECT DISTINCT reason FROM activity_periods WHERE kind = 'pause'").pluck().all()
    expect(reasons).toContain('meal')
    // Each business day was closed by the duty manager, and nothing was left open.
    expect(db.prepare('SELECT business_day FROM day_closes ORDER BY business_day').pluck().all()).toEqual(['2026-11-27', '2026-11-28'])
    expect(db.prepare("SELECT COUNT(*) FROM counters WHERE status != 'closed'").pluck().get()).toBe(0)
    expect(db.prepare("SELECT COUNT(*) FROM tickets WHERE status IN ('waiting', 'called', 'serving')").pluck().get()).toBe(0)
    db.close()
  })

  it('reports each day as the hall recorded it', () => {
    const db = new Database(first.file, { readonly: true })
    for (const day of first.generated.report.days) {
      expect(day.tickets).toBe(db.prepare('SELECT COUNT(*) FROM tickets WHERE business_day = ?').pluck().get(day.businessDay))
      expect(day.served).toBe(db.prepare("SELECT COUNT(*) FROM service_records WHERE business_day = ? AND outcome IN ('completed', 'pending')").pluck().get(day.businessDay))
      expect(day.tickets).toBeGreaterThan(100)
    }
    db.close()
  })
})
