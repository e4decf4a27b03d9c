/**
 * Local hour of an instant in the hall's time zone, for the per-hour figures. Intl is slow
 * for a year of records, so hours are remembered per 15-minute slot: every time zone's offset
 * is a whole number of quarter hours, so the local hour never changes inside a slot.
 */
const SLOT_MS = 15 * 60_000

export type LocalHour = (at: number) => number

export function localHourIn(timeZone: string): LocalHour {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })
  const slots = new Map<number, number>()
  return (at) => {
    const slot = Math.floor(at / SLOT_MS)
    let hour = slots.get(slot)
    if (hour === undefined) {
      const part = format.formatToParts(new Date(slot * SLOT_MS)).find((p) => p.type === 'hour')
      hour = Number(part?.value ?? 0) % 24
      slots.set(slot, hour)
    }
    return hour
  }
}

/** The hours of a business day in order: from the rollover hour round to the hour before it. */
export function businessHours(rolloverHour: number): number[] {
  return Array.from({ length: 24 }, (_, i) => (rolloverHour + i) % 24)
}

/**
 * The hall's wall-clock time of an instant, as epoch milliseconds read in UTC: the number a
 * spreadsheet shows as local date and time. Offsets are remembered per 15-minute slot.
 */
export function wallClockIn(timeZone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  const offsets = new Map<number, number>()
  return (at) => {
    const slot = Math.floor(at / SLOT_MS)
    let offset = offsets.get(slot)
    if (offset === undefined) {
      const start = slot * SLOT_MS
      const p: Record<string, number> = {}
      for (const part of format.formatToParts(new Date(start))) if (part.type !== 'literal') p[part.type] = Number(part.value)
      offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - start
      offsets.set(slot, offset)
    }
    return at + offset
  }
}
