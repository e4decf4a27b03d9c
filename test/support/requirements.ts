/**
 * What some tests need beyond Node (Chromium, socat, poppler-utils). A test whose program is
 * missing fails with one sentence saying what to install, not a stack trace from deep inside a
 * spawn. `npm run test:setup` installs them all.
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'

const SETUP = 'run `npm run test:setup`'

/** The Debian package and the reason, per program the tests run. */
const PROGRAMS: Record<string, { pkg: string; for: string }> = {
  chromium: { pkg: 'chromium', for: 'the browser tests' },
  socat: { pkg: 'socat', for: 'the serial device tests' },
  pdftoppm: { pkg: 'poppler-utils', for: 'reading the printed report back' },
  pdftotext: { pkg: 'poppler-utils', for: 'reading the printed report back' },
  postgresql: { pkg: 'postgresql', for: 'the central reporting tests' },
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The full path of `program` (absolute, or found on PATH), or null. */
export function findProgram(program: string, path = process.env.PATH ?? ''): string | null {
  if (isAbsolute(program)) return executable(program) ? program : null
  for (const dir of path.split(delimiter)) if (dir && executable(join(dir, program))) return join(dir, program)
  return null
}

/** The sentence a test fails with when `program` is missing. */
export function missingProgramMessage(program: string, lookedFor = program): string {
  const known = PROGRAMS[program] ?? { pkg: program, for: 'this test' }
  return `${lookedFor} is not installed, and ${known.for} need it: ${SETUP} (or install the ${known.pkg} package${program === 'chromium' ? ', or set CHROMIUM_PATH to a Chromium' : ''}).`
}

/** The error a test fails with when `program` is missing: the sentence alone. */
export function missingProgram(program: string, lookedFor = program): Error {
  return missing(missingProgramMessage(program, lookedFor))
}

/** An error that is its sentence: no stack from inside the helpers under it. */
function missing(message: string): Error {
  const err = new Error(message)
  err.stack = message
  return err
}

/** Throws the one-sentence message unless `program` can be run. */
export function requireProgram(program: string): string {
  const found = findProgram(program)
  if (!found) throw missing(missingProgramMessage(program))
  return found
}

/** Debian's Chromium, or CHROMIUM_PATH; throws the one-sentence message when it is missing. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!executable(path)) throw missing(missingProgramMessage('chromium', path))
  return path
}
