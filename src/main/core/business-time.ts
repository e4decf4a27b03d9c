/**
 * Calendar maths in the hall's time zone. Pure: the instant is always passed in.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface LocalTime {
  date: string
  hour: number
  minute: number
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(at))) parts[p.type] = p.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  }
}

/** The business day an instant belongs to: the local date, with the day turning at rolloverHour. */
export function businessDayOf(at: number, timeZone: string, rolloverHour: number): string {
  return localTime(at - rolloverHour * 3_600_000, timeZone).date
}

/** 'HH:MM' of an instant in the hall's zone. */
export function localHhmm(at: number, timeZone: string): string {
  const t = localTime(at, timeZone)
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** True when `at` falls in one of the windows [from, to) (local time); no windows means always. */
export function withinWindows(at: number, timeZone: string, windows: readonly { from: string; to: string }[]): boolean {
  if (windows.length === 0) return true
  const now = localHhmm(at, timeZone)
  return windows.some((w) => w.from <= now && now < w.to)
}
