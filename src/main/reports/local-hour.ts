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
