/**
 * The hub's console, for the person who started it: one readable line per log event
 * (`09:02:11 WARN  printer offline device=printer-1`), in colour on a terminal. The JSON log with
 * every field goes to the log file (DATA/logs/hallq.log) as before; this is only what the
 * console shows of the same events.
 */

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '\x1b[90m' },
  20: { name: 'DEBUG', colour: '\x1b[90m' },
  30: { name: 'INFO', colour: '\x1b[32m' },
  40: { name: 'WARN', colour: '\x1b[33m' },
  50: { name: 'ERROR', colour: '\x1b[31m' },
  60: { name: 'FATAL', colour: '\x1b[41m\x1b[97m' },
}
const RESET = '\x1b[0m'
const DIM = '\x1b[2m'
/** Fields every line has, or that say nothing to a person reading the console. */
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'v'])

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    // pino's serialised error: its message says it; the stack stays in the log file.
    if (typeof o.message === 'string' && (typeof o.type === 'string' || typeof o.stack === 'string')) return JSON.stringify(o.message)
    return JSON.stringify(v)
  }
  return String(v)
}

function clock(ms: number): string {
  const d = new Date(ms)
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
}

/** One JSON log line → one readable line (without the newline). A line that is not JSON is kept as it is. */
export function formatLogLine(json: string, colours: boolean): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json.trimEnd()
  }
  const level = LEVELS[Number(record.level)] ?? { name: String(record.level), colour: '' }
  const time = typeof record.time === 'number' ? clock(record.time) : ''
  const fields = Object.entries(record)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ')
  const name = level.name.padEnd(5)
  // One event, one line: a message or field with a newline in it would break that.
  const msg = (typeof record.msg === 'string' ? record.msg : '').replace(/\r?\n/g, ' ⏎ ')
  const rest = fields.replace(/\r?\n/g, ' ⏎ ')
  if (!colours) return `${time} ${name} ${[msg, rest].filter(Boolean).join(' ')}`
  return `${DIM}${time}${RESET} ${level.colour}${name}${RESET} ${[msg, rest ? `${DIM}${rest}${RESET}` : ''].filter(Boolean).join(' ')}`
}

/** Whether a stream should get colours: a terminal, and NO_COLOR not set (FORCE_COLOR forces them). */
export function wantsColours(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}

/** A destination for pino (anything with `write`) that prints each line readably to `out`. */
export function humanConsole(out: { write(text: string): unknown; isTTY?: boolean } = process.stdout, colours = wantsColours(out)): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) out.write(`${formatLogLine(line, colours)}\n`)
    },
  }
}
