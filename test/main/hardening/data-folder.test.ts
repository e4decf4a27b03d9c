/**
 * A read-only or missing data folder at start (issue 12, point 13): the built hub says in one
 * sentence which folder and what to do, and exits — no stack trace, no SQLite error. Run as an
 * unprivileged user (root may write anywhere), as the hall's own service account would be.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
import { startHallApp } from '../../../src/main/app'
import { ensureHubBuilt } from '../../support/hub-process'
import { silentLogger, tempDir } from '../../support/hall-fixture'

const NOBODY = 65534
const root = process.getuid?.() === 0
let hub: string
const tmp = tempDir()

beforeAll(() => {
  hub = ensureHubBuilt()
  chmodSync(tmp.dir, 0o755)
})
afterAll(() => tmp.remove())

/** Starts the hub on `dataDir` as a user who may not write where root made things. */
function start(dataDir: string): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [hub, '--data', dataDir, '--port', '0'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HALLQ_ADMIN_PIN: '246810' },
    ...(root ? { uid: NOBODY, gid: NOBODY } : {}),
  })
  return { status: r.status, stderr: r.stderr, stdout: r.stdout }
}

/** A folder the hub's user cannot write: owned by root (when we are root), or without write permission. */
function readOnlyFolder(name: string): string {
  const dir = join(tmp.dir, name)
  mkdirSync(dir)
  chmodSync(dir, 0o555)
  return dir
}

function expectOneSentence(out: { status: number | null; stderr: string }, folder: string, what: RegExp): void {
  expect(out.status).not.toBe(0)
  const lines = out.stderr.trim().split('\n')
  expect(lines, out.stderr).toHaveLength(1)
  expect(lines[0]).toContain(folder)
  expect(lines[0]).toMatch(what)
  expect(lines[0]).toMatch(/--data/)
  expect(out.stderr).not.toMatch(/^\s+at |SQLITE|SqliteError/m)
}

describe('the hub started on a data folder it cannot use', () => {
  it('read-only folder: one sentence naming it and what to do', () => {
    const dir = readOnlyFolder('readonly')
    expectOneSentence(start(dir), dir, /cannot be written to.*write permission/)
  })

  it('missing folder that cannot be created: one sentence naming it and what to do', () => {
    const dir = join(readOnlyFolder('parent'), 'hall', 'data')
    expectOneSentence(start(dir), dir, /does not exist and cannot be created/)
  })

  it.skipIf(!root)('a database file it may not write: the same sentence, not an SQLite error', () => {
    const dir = join(tmp.dir, 'dbfile')
    mkdirSync(dir)
    chownSync(dir, NOBODY, NOBODY)
    writeFileSync(join(dir, 'hallq.db'), '')
    chmodSync(join(dir, 'hallq.db'), 0o644)
    expectOneSentence(start(dir), dir, /cannot be written to/)
  })
})

describe('the desktop app started on such a folder', () => {
  it('is told the same sentence by startHallApp', async () => {
    const file = join(tmp.dir, 'a-file')
    writeFileSync(file, '')
    const dir = join(file, 'data')
    await expect(startHallApp({ dataDir: dir, port: 0, host: '127.0.0.1', version: 't', logger: silentLogger, extensions: [] })).rejects.toThrow(
      new RegExp(`The data folder ${dir} does not exist and cannot be created \\(ENOTDIR\\)`),
    )
  })
})
