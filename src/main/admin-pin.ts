/**
 * The first administrator's PIN for a new hall, without putting it on the command line (where
 * `ps` shows it to everyone on the PC): from HALLQ_ADMIN_PIN, else asked on the terminal, else a
 * random one the hub prints once. `--admin-pin` still works, with a warning.
 */
import { commandSchemas } from '../shared/commands'

export const ADMIN_PIN_ENV = 'HALLQ_ADMIN_PIN'
export const ARGV_PIN_WARNING =
  'Warning: --admin-pin is visible to every user of this PC (ps, the shell history). Set HALLQ_ADMIN_PIN instead, or leave both out and type the PIN when asked.'

export function isValidPin(pin: string): boolean {
  return commandSchemas.login.shape.pin.safeParse(pin).success
}

export interface AdminPinSources {
  /** --admin-pin, if given. */
  argv?: string | undefined
  env: NodeJS.ProcessEnv
  /** Whether this start creates the hall (no database yet): only then is a PIN needed. */
  newHall: boolean
  /** Asks on the terminal; null when there is none (a service, a pipe). An empty answer means "random". */
  ask: ((question: string) => Promise<string>) | null
  warn: (text: string) => void
}

/**
 * The PIN to seed the new hall with, or undefined for a random one (printed once by the hub).
 * Throws a one-line message when a given PIN is not 4–12 digits.
 */
export async function resolveAdminPin(s: AdminPinSources): Promise<string | undefined> {
  if (s.argv !== undefined) {
    s.warn(ARGV_PIN_WARNING)
    if (!isValidPin(s.argv)) throw new Error('--admin-pin must be 4 to 12 digits')
    return s.argv
  }
  const fromEnv = s.env[ADMIN_PIN_ENV]
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isValidPin(fromEnv)) throw new Error(`${ADMIN_PIN_ENV} must be 4 to 12 digits`)
    return fromEnv
  }
  if (!s.newHall || !s.ask) return undefined
  for (let tries = 0; tries < 3; tries++) {
    const answer = (await s.ask('管理员密码 Administrator PIN for the new hall (4-12 digits; Enter for a random one): ')).trim()
    if (answer === '') return undefined
    if (!isValidPin(answer)) {
      s.warn('The PIN must be 4 to 12 digits.')
      continue
    }
    const again = (await s.ask('再输入一次 Type it again: ')).trim()
    if (again === answer) return answer
    s.warn('The two PINs differ.')
  }
  throw new Error('no administrator PIN was set; start the hub again')
}

/**
 * Asks questions on a terminal without echoing the answers (a PIN). What was typed ahead of a
 * question (before the terminal went raw) answers it, line by line.
 */
export function askHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream): (question: string) => Promise<string> {
  let typed = ''
  return (question) =>
    new Promise((resolve, reject) => {
      output.write(question)
      const wasRaw = input.isRaw
      const finish = (err: Error | null, answer = '') => {
        input.off('data', onData)
        input.setRawMode(wasRaw)
        input.pause()
        output.write('\n')
        if (err) reject(err)
        else resolve(answer)
      }
      const take = (): boolean => {
        const cancel = typed.indexOf('\u0003')
        const end = typed.search(/[\r\n]/)
        if (cancel >= 0 && (end < 0 || cancel < end)) {
          finish(new Error('cancelled'))
          return true
        }
        if (end < 0) return false
        let answer = ''
        for (const ch of typed.slice(0, end)) {
          if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1)
          else if (ch >= ' ') answer += ch
        }
        typed = typed.slice(end + 1).replace(/^\n/, '')
        finish(null, answer)
        return true
      }
      const onData = (data: Buffer) => {
        typed += data.toString('utf8')
        take()
      }
      input.setRawMode(true)
      input.on('data', onData)
      input.resume()
      take()
    })
}
