/**
 * The documented commands: `npm run simulate` into a data folder (and its refusal to touch a
 * folder that is not empty), and `npm run demo && npm run hub` giving a lived-in hall.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'

const dirs: { remove(): void }[] = []
let hub: HubProcess | undefined
afterAll(async () => {
  await hub?.stop()
  dirs.forEach((d) => d.remove())
})

function npm(script: string, args: string[]) {
  const r = spawnSync('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number
  } finally {
    db.close()
  }
}

describe('npm run simulate', () => {
  const data = tempDir('hallq-e2e-sim-')
  dirs.push(data)
  const args = ['--data', data.dir, '--days', '1', '--profile', 'small', '--start', '2026-11-23', '--seed', 'cli', '--bulk']

  it('plays a day into an empty folder and says what it did', () => {
    const r = npm('simulate', args)
    expect(r.status, r.out).toBe(0)
    expect(r.out).toMatch(/2026-11-23 Mon {2}tickets \d+ {2}served \d+/)
    expect(r.out).toMatch(/wait estimate over \d+ called tickets: printed MAE [\d.]+ min/)
    expect(r.out).toMatch(/administrator "admin" PIN \d{6}/)
    expect(count(join(data.dir, 'hallq.db'), 'tickets')).toBeGreaterThan(100)
  })

  it('leaves a folder that is not empty alone, unless --force', () => {
    const file = join(data.dir, 'hallq.db')
    const before = statSync(file).mtimeMs
    const refused = npm('simulate', args)
    expect(refused.status).toBe(1)
    expect(refused.out).toMatch(/is not empty .*--force/s)
    expect(statSync(file).mtimeMs).toBe(before)
    writeFileSync(join(data.dir, 'notes.txt'), 'keep me')
    const forced = npm('simulate', [...args, '--force', '--seed', 'other'])
    expect(forced.status, forced.out).toBe(0)
    expect(existsSync(join(data.dir, 'notes.txt'))).toBe(true)
  })

  it('refuses bad arguments with the usage', () => {
    const r = npm('simulate', ['--data', data.dir, '--days', '0'])
    expect(r.status).toBe(2)
    expect(r.out).toMatch(/--days must be a whole number.*usage: npm run simulate/s)
    expect(npm('simulate', ['--data', data.dir, '--days', '1', '--profile', 'village']).out).toMatch(/no hall profile at .*village\.json/)
  })
})

describe('npm run demo, then npm run hub', () => {
  it('opens on a lived-in hall', async () => {
    const data = tempDir('hallq-e2e-demo-')
    dirs.push(data)
    const r = npm('demo', ['--data', data.dir, '--days', '2'])
    expect(r.status, r.out).toBe(0)
    expect(r.out).toMatch(/Now start the hall: {2}npm run hub -- --data /)
    const pin = /admin: staff code admin, PIN (\d{6})/.exec(r.out)![1]!
    const days = [...r.out.matchAll(/^(\d{4}-\d{2}-\d{2}) \w{3} {2}tickets (\d+)/gm)].map((m) => ({ day: m[1]!, tickets: Number(m[2]) }))
    expect(days).toHaveLength(2)
    expect(npm('demo', ['--data', data.dir]).status).toBe(1)

    hub = await startHub({ dataDir: data.dir })
    const login = await hub.command('login', { staffCode: 'admin', pin })
    expect(login.status).toBe(200)
    const records = await hub.get(`/api/v1/days/${days[1]!.day}/records`, login.body.token)
    expect(records.status).toBe(200)
    expect(records.body.tickets).toHaveLength(days[1]!.tickets)
    expect(records.body.records.filter((x: { rating: number | null }) => x.rating !== null).length).toBeGreaterThan(50)
    expect(records.body.periods.some((p: { kind: string; reason: string }) => p.kind === 'pause' && p.reason === 'meal')).toBe(true)
  })
})
