import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { formatLogLine, humanConsole, wantsColours } from '../../src/main/console-log'

/** Logs through pino into the human console, as the hub does, and returns what a person sees. */
function seen(log: (logger: pino.Logger) => void, colours = false): string[] {
  const lines: string[] = []
  const out = { write: (text: string) => void lines.push(text) }
  const logger = pino({ base: { app: 'hallq' } }, pino.multistream([{ stream: humanConsole(out, colours) }]))
  log(logger)
  return lines
}

describe('the console for a person', () => {
  it('prints one readable line per event: time, level, message, then the fields', () => {
    const lines = seen((l) => {
      l.info({ url: 'http://127.0.0.1:8080', businessDay: '2026-12-02' }, 'hall is open')
      l.warn({ device: 'printer-1', reason: 'no paper' }, 'printer offline')
    })
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}hall is open url=http:\/\/127\.0\.0\.1:8080 businessDay=2026-12-02\n$/)
    // A value with a space is quoted, so the line still reads as key=value pairs.
    expect(lines[1]).toMatch(/WARN {2}printer offline device=printer-1 reason="no paper"\n$/)
    for (const line of lines) expect(line).not.toMatch(/"level"|"pid"|"hostname"|app=/)
  })

  it('shows an error by its message on the one line; the stack is for the log file', () => {
    const [line] = seen((l) => l.error({ err: new Error('disk full\nsecond line') }, 'backup failed'))
    expect(line!.trimEnd().split('\n')).toHaveLength(1)
    expect(line).toContain('ERROR backup failed err="disk full\\nsecond line"')
    expect(line).not.toContain('at ')
  })

  it('colours the level on a terminal and never otherwise', () => {
    const [plain] = seen((l) => l.warn('careful'))
    const [coloured] = seen((l) => l.warn('careful'), true)
    expect(plain).not.toContain('\x1b[')
    expect(coloured).toContain('\x1b[33mWARN')
    expect(wantsColours({ isTTY: true }, {})).toBe(true)
    expect(wantsColours({ isTTY: false }, {})).toBe(false)
    expect(wantsColours({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(wantsColours({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
  })

  it('keeps a line that is not JSON as it is, and a newline inside a message does not split the event', () => {
    expect(formatLogLine('not json at all', false)).toBe('not json at all')
    expect(formatLogLine(JSON.stringify({ level: 30, time: 0, msg: 'a\nb' }), false)).toMatch(/INFO {2}a ⏎ b$/)
  })
})
