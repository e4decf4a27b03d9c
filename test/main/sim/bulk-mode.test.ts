/**
 * Bulk mode (synchronous=OFF, a transaction per simulated day) is for generating history only.
 * The hub never reaches it: not through its imports, not at run time on a generated database.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { startHallApp } from '../../../src/main/app'
import { generateHall } from '../../../src/main/sim/generate'
import { loadProfile } from '../../../src/main/sim/profile'
import { openSimulatedHall } from '../../../src/main/sim/simulated-hall'
import { VirtualClock } from '../../../src/main/sim/virtual-clock'
import { openDatabase } from '../../../src/main/store/database'
import { tempDir } from '../../support/hall-fixture'

const SRC = resolve(import.meta.dirname, '../../../src')
const FULL = 2
const OFF = 0

/** Every file reachable from `entry` through relative imports. */
function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  const text = readFileSync(entry, 'utf8')
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2]!
    const base = resolve(dirname(entry), spec)
    const file = [base, `${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f) && !f.endsWith('/'))
    if (file && file.endsWith('.ts')) reachable(file, seen)
  }
  return seen
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

const cleanup: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

describe('bulk mode stays out of the hub', () => {
  it('the hub, the Electron shell and the app composition cannot reach the simulator', () => {
    for (const entry of ['main/hub.ts', 'main/index.ts', 'main/app.ts']) {
      const files = [...reachable(join(SRC, entry))]
      expect(files.length, entry).toBeGreaterThan(5)
      expect(files.filter((f) => f.includes('/main/sim/')), entry).toEqual([])
    }
  })

  it('only the simulator turns synchronous down; the store opens every database FULL', () => {
    const lowered = (f: string) => [...readFileSync(f, 'utf8').matchAll(/pragma\(\s*['"`]synchronous\s*=\s*(\w+)/gi)].some((m) => !/^(FULL|EXTRA|2|3)$/i.test(m[1]!))
    const setters = sourceFiles(SRC).filter(lowered)
    expect(setters.map((f) => f.slice(SRC.length + 1))).toEqual(['main/sim/simulated-hall.ts'])
    expect(readFileSync(join(SRC, 'main/store/database.ts'), 'utf8')).toMatch(/synchronous = FULL/)
  })

  it('a generating connection runs OFF; the same file opened afterwards is FULL again', async () => {
    const dir = tempDir('hallq-bulk-')
    cleanup.push(dir.remove)
    const file = join(dir.dir, 'hallq.db')
    const sim = await openSimulatedHall({ file, clock: new VirtualClock(Date.parse('2026-11-23T07:00:00+08:00')), adminPin: '111111', bulk: true })
    expect(sim.db.pragma('synchronous', { simple: true })).toBe(OFF)
    sim.close()
    const db = openDatabase(file)
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL)
    db.close()
  })

  it('the hub on a folder the demo generated: FULL, WAL, one transaction per command', async () => {
    const dir = tempDir('hallq-bulk-hub-')
    cleanup.push(dir.remove)
    await generateHall({ dataDir: dir.dir, bulk: true, profile: loadProfile('small'), days: 1, start: '2026-11-23', seed: 'b', dailyLogins: false, adminPin: '111111', staffPin: '2222' })
    const app = await startHallApp({ dataDir: dir.dir, port: 0, host: '127.0.0.1', version: 'test', logger: pino({ level: 'silent' }), extensions: [], clock: () => Date.parse('2026-11-24T09:00:00+08:00') })
    cleanup.push(() => app.close())
    expect(app.db.pragma('synchronous', { simple: true })).toBe(FULL)
    expect(app.db.pragma('journal_mode', { simple: true })).toBe('wal')
    const issued = await app.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true })
    expect(issued.ticket.businessDay).toBe('2026-11-24')
    expect(app.db.inTransaction).toBe(false)
  })
})
