/**
 * The hall's zone read two ways (src/shared/zone-time.ts): through Intl, and — once the hub has
 * pinned the process to the hall's zone — through Date's local time, which keeps ICU's locale
 * data out of the hub's memory. Each zone runs in a child process of its own (pinning sets TZ),
 * which reads every instant both ways; they must agree on every figure, across clock changes.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isKnownTimeZone, zoneOffsetMs } from '../../../src/shared/zone-time'

const ROOT = resolve(import.meta.dirname, '../../..')
const HOUR = 3_600_000

/** Zones with whole-hour, half-hour and 45-minute offsets, northern and southern clock changes, and a 30-minute change. */
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Asia/Tehran']

/** A seeded spread of instants from 1971 to 2037, and every quarter hour around each change of offset in 2024–2027. */
function instantsFor(zone: string): number[] {
  const out: number[] = []
  let seed = 20261202
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let i = 0; i < 300; i++) out.push(Math.floor(Date.UTC(1971, 0, 1) + next() * (Date.UTC(2037, 0, 1) - Date.UTC(1971, 0, 1))))
  let before = zoneOffsetMs(Date.UTC(2024, 0, 1), zone)
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += HOUR) {
    const now = zoneOffsetMs(t, zone)
    if (now !== before) for (let q = t - 3 * HOUR; q <= t + 3 * HOUR; q += 15 * 60_000) out.push(q, q + 59_999)
    before = now
  }
  return out
}

/** Every day of 2026 and the days around its changes. */
const DAYS = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 24 * HOUR).toISOString().slice(0, 10))

describe('the hall zone read without Intl, in a process pinned to it', () => {
  for (const zone of ZONES) {
    it(`${zone}: every offset, local time, hour, business day and day start equal to Intl's`, () => {
      const instants = instantsFor(zone)
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/zone-time-child.ts', zone, JSON.stringify(instants), JSON.stringify(DAYS)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC' },
        maxBuffer: 64 << 20,
      })
      expect(r.status, r.stderr).toBe(0)
      const out = JSON.parse(r.stdout) as { pinnedNow: boolean; viaIntl: { pinned: string | null }; viaDate: { pinned: string | null } }
      if (process.platform === 'linux') {
        expect(out.pinnedNow).toBe(true)
        expect(out.viaIntl.pinned).toBeNull()
        expect(out.viaDate.pinned).toBe(zone)
      }
      // Both ways, field for field; and the clock changes are really in the sample.
      expect({ ...out.viaDate, pinned: null }).toEqual({ ...out.viaIntl, pinned: null })
      const offsets = new Set((out.viaIntl as unknown as { at: { offset: number }[] }).at.map((a) => a.offset))
      if (zone !== 'Asia/Shanghai' && zone !== 'Asia/Kathmandu' && zone !== 'Asia/Tehran') expect(offsets.size).toBeGreaterThan(1)
    }, 60_000)
  }
})

describe('which time zones the settings accept', () => {
  it('canonical names, other spellings and UTC; nothing else', () => {
    for (const zone of ['Asia/Shanghai', 'Asia/Urumqi', 'Europe/Berlin', 'UTC', 'Asia/Chongqing', 'Asia/Kolkata']) expect(isKnownTimeZone(zone), zone).toBe(true)
    for (const zone of ['Asia/Beijing', 'Mars/Olympus', '', 'GMT+8:00:00']) expect(isKnownTimeZone(zone), zone).toBe(false)
  })
})
