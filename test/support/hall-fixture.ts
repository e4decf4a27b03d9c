/**
 * A real hall on a real (in-memory or temp-file) database through the production migrations,
 * with a clock the test moves by hand.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { CommandInput, CommandName, CommandResult } from '../../src/shared/commands'
import { Hall } from '../../src/main/hall'
import { openDatabase, type Db } from '../../src/main/store/database'
import { HallStore } from '../../src/main/store/hall-store'
import { attachTextSeal, TextSeal } from '../../src/main/security/text-seal'

export const ADMIN_PIN = '246810'
/** 2026-11-28 09:00 in Shanghai. */
export const NINE_AM = Date.parse('2026-11-28T09:00:00+08:00')
export const MINUTE = 60_000

export const silentLogger = pino({ level: 'silent' })

export class TestClock {
  constructor(public now: number = NINE_AM) {}
  readonly read = (): number => this.now
  advance(ms: number): number {
    this.now += ms
    return this.now
  }
  minutes(n: number): number {
    return this.advance(n * MINUTE)
  }
}

export interface Fixture {
  hall: Hall
  db: Db
  store: HallStore
  clock: TestClock
  file: string
  /** Runs a command as the given token (or anonymously). */
  run<N extends CommandName>(name: N, payload: CommandInput<N>, token?: string): Promise<CommandResult<N>>
  login(staffCode: string, pin: string): Promise<string>
  /** Creates a clerk through the admin and logs them in; returns the token. */
  clerk(staffCode: string, role?: 'clerk' | 'manager' | 'admin'): Promise<string>
  adminToken: string
  reopen(): Promise<Fixture>
  close(): void
}

export function tempDir(prefix = 'hallq-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** One key per test process: a reopened hall must read what the first one sealed. */
export const CONTACT_KEY = randomBytes(32)

export async function openHall(options: { file?: string; clock?: TestClock; busyTimeoutMs?: number; sealText?: boolean } = {}): Promise<Fixture> {
  const file = options.file ?? ':memory:'
  const clock = options.clock ?? new TestClock()
  const db = openDatabase(file, { busyTimeoutMs: options.busyTimeoutMs })
  // As the hub does (app.ts): free text sealed with the contact key.
  if (options.sealText ?? true) attachTextSeal(db, new TextSeal(CONTACT_KEY))
  const store = new HallStore(db)
  const { hall } = await Hall.open({ store, clock: clock.read, logger: silentLogger, adminPin: ADMIN_PIN, contactKey: CONTACT_KEY })
  // Wrong-PIN delays are tested on their own; here they would only slow the suite down.
  hall.sleep = async () => undefined
  const run = <N extends CommandName>(name: N, payload: CommandInput<N>, token?: string) =>
    hall.execute(name, payload, { token, terminal: 'test', local: true })
  const login = async (staffCode: string, pin: string) => (await run('login', { staffCode, pin })).token
  const adminToken = await login('admin', ADMIN_PIN)
  const fixture: Fixture = {
    hall,
    db,
    store,
    clock,
    file,
    run,
    login,
    adminToken,
    async clerk(staffCode, role = 'clerk') {
      await run('saveClerk', { staffCode, name: `营业员${staffCode}`, role, active: true, pin: '1234' }, adminToken)
      return login(staffCode, '1234')
    },
    async reopen() {
      db.close()
      return openHall({ file, clock, sealText: options.sealText })
    },
    close() {
      if (db.open) db.close()
    },
  }
  return fixture
}

/** Logs a new clerk in and opens the counter for them. */
export async function clerkAtCounter(f: Fixture, staffCode: string, counterId: number): Promise<string> {
  const token = await f.clerk(staffCode)
  await f.run('openCounter', { counterId }, token)
  return token
}
