#!/usr/bin/env node
/**
 * `npm run test:setup`: installs what the tests need beyond Node — Chromium and CJK fonts for the
 * browser tests, socat for the serial PTYs, poppler-utils (pdftoppm, pdftotext) to read the
 * printed report back, PostgreSQL for the central reporting tests. With apt-get (Debian, Ubuntu) it installs what is missing (through sudo
 * when not root); elsewhere it says what to install. Plain JavaScript with no dependencies, so a
 * clean machine can run it before `npm ci` (.ci/run does).
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** What the tests use, the Debian package that has it, and how to tell it is there. */
export const NEEDS = [
  { pkg: 'chromium', what: 'the browser for the end-to-end screen tests', found: () => onPath('chromium') || onPath('chromium-browser') || exists(process.env.CHROMIUM_PATH) },
  { pkg: 'fonts-noto-cjk', what: 'Chinese fonts for the screenshots', found: () => dpkgHas('fonts-noto-cjk') ?? fcHasChinese() },
  { pkg: 'socat', what: 'pseudo-terminal pairs for the serial device tests', found: () => onPath('socat') },
  { pkg: 'poppler-utils', what: 'pdftoppm and pdftotext to read the printed report back', found: () => onPath('pdftoppm') && onPath('pdftotext') },
  // The central reporting tests start their own server with initdb (the package's service is not used).
  { pkg: 'postgresql', what: 'a throw-away PostgreSQL server for the central reporting tests', found: () => postgresInstalled() },
]

function postgresInstalled() {
  try {
    return readdirSync('/usr/lib/postgresql').some((major) => exists(join('/usr/lib/postgresql', major, 'bin', 'initdb')))
  } catch {
    return onPath('initdb')
  }
}

function exists(path) {
  if (!path) return false
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(program) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && exists(join(dir, program)))
}

function dpkgHas(pkg) {
  if (!onPath('dpkg-query')) return null
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.includes('install ok installed')
}

function fcHasChinese() {
  if (!onPath('fc-list')) return false
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim() !== ''
}

function run(command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`)
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  return r.status === 0
}

const missing = NEEDS.filter((n) => !n.found())
if (missing.length === 0) {
  console.log(`test:setup: everything the tests need is installed (${NEEDS.map((n) => n.pkg).join(', ')}).`)
  process.exit(0)
}
for (const n of missing) console.log(`test:setup: missing ${n.pkg} — ${n.what}`)
const packages = missing.map((n) => n.pkg)

if (process.platform === 'linux' && onPath('apt-get')) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const sudo = root ? [] : onPath('sudo') ? ['sudo'] : null
  if (sudo) {
    const [cmd, ...pre] = sudo.length ? [...sudo, 'apt-get'] : ['apt-get']
    const ok = run(cmd, [...pre, 'update', '-qq']) && run(cmd, [...pre, 'install', '-y', '-qq', '--no-install-recommends', ...packages])
    if (ok) {
      const still = NEEDS.filter((n) => !n.found())
      if (still.length === 0) {
        console.log('test:setup: done.')
        process.exit(0)
      }
      console.error(`test:setup: still missing after apt-get: ${still.map((n) => n.pkg).join(', ')}.`)
      process.exit(1)
    }
    console.error(`test:setup: apt-get failed; install these yourself: ${packages.join(' ')}`)
    process.exit(1)
  }
  console.error(`test:setup: as root, run: apt-get install ${packages.join(' ')}`)
  process.exit(1)
}

// No apt-get: say what to install, in this system's words.
const hints = {
  win32: 'On Windows the browser tests need Chromium (set CHROMIUM_PATH to its chrome.exe); the serial tests need socat and the report read-back needs poppler (pdftoppm, pdftotext), which exist for Windows only through WSL — run the tests in WSL (Debian or Ubuntu) and `npm run test:setup` there.',
  darwin: 'On macOS: brew install chromium socat poppler postgresql, and set CHROMIUM_PATH to the browser inside Chromium.app.',
}
console.error(
  hints[process.platform] ??
    `Install with your system's package manager: Chromium (set CHROMIUM_PATH if it is not on PATH as chromium), Noto CJK fonts, socat, poppler (pdftoppm, pdftotext) and PostgreSQL.`,
)
process.exit(1)
