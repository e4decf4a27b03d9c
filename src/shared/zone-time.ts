/**
 * A time zone's offset from UTC at an instant: the one primitive the hall's calendar maths is
 * built on (business days, local hours, the clock on a ticket).
 *
 * Two ways to the same offset:
 * - **the process's own zone**, once the hub has pinned it to the hall's
 *   (`pinProcessTimeZone`, src/main/process-time-zone.ts): `Date`'s local-time methods, which read only ICU's time-zone rules;
 * - **any other zone**: `Intl.DateTimeFormat`. Its first use in a process makes ICU resolve its
 *   locale data, which keeps about 6–7 MB resident for the life of the process — most of what the
 *   hub's memory target has to spare (docs/performance.md, "Memory"). The browsers and the tests
 *   use this way; the results are the same (test/main/core/zone-time.test.ts compares the two in
 *   a process pinned to each of several zones).
 *
 * Offsets are whole minutes in every zone since 1970, and whole quarter hours (so an offset
 * never changes inside a 15-minute slot of UTC): the Intl way remembers offsets per slot.
 */

let pinned: string | null = null

/**
 * Records that the process's own zone is `timeZone` (null: read every zone through Intl). Only
 * src/main/process-time-zone.ts calls it, right after it has set the process's TZ.
 */
export function markProcessTimeZone(timeZone: string | null): void {
  pinned = timeZone
}

/** The zone the process was pinned to, or null. */
export function pinnedTimeZone(): string | null {
  return pinned
}

const SLOT_MS = 15 * 60_000
const MAX_SLOTS = 4096

interface IntlZone {
  format: Intl.DateTimeFormat
  slots: Map<number, number>
}
const intlZones = new Map<string, IntlZone>()

function intlOffset(at: number, timeZone: string): number {
  let zone = intlZones.get(timeZone)
  if (!zone) {
    zone = {
      format: new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      }),
      slots: new Map(),
    }
    intlZones.set(timeZone, zone)
  }
  const slot = Math.floor(at / SLOT_MS)
  let offset = zone.slots.get(slot)
  if (offset === undefined) {
    const start = slot * SLOT_MS
    const p: Record<string, number> = {}
    for (const part of zone.format.formatToParts(start)) if (part.type !== 'literal') p[part.type] = Number(part.value)
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!) - start
    if (zone.slots.size >= MAX_SLOTS) zone.slots.clear()
    zone.slots.set(slot, offset)
  }
  return offset
}

/** Milliseconds `timeZone` is ahead of UTC at `at` (local wall clock = at + offset). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  if (timeZone === pinned) {
    const minutes = new Date(at).getTimezoneOffset()
    // An instant outside Date's range has no offset: read as UTC, as Intl would refuse it.
    return Number.isNaN(minutes) ? 0 : -minutes * 60_000
  }
  return intlOffset(at, timeZone)
}

/** The wall clock of `at` in `timeZone`, as a Date whose UTC fields are the local ones. */
export function wallClock(at: number, timeZone: string): Date {
  return new Date(at + zoneOffsetMs(at, timeZone))
}

const two = (n: number) => String(n).padStart(2, '0')

/** 'YYYY-MM-DD' of a wall clock made by `wallClock`. */
export function wallDate(wall: Date): string {
  return `${String(wall.getUTCFullYear()).padStart(4, '0')}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`
}

/** 'HH:MM' of a wall clock made by `wallClock`. */
export function wallHhmm(wall: Date): string {
  return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`
}

let knownZones: Set<string> | null = null

/**
 * Whether `timeZone` is an IANA zone this runtime knows. The canonical names come from a list
 * that costs ICU little; only another spelling (an alias such as Asia/Chongqing) is tried on
 * Intl.DateTimeFormat.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  knownZones ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])
  if (knownZones.has(timeZone)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}
