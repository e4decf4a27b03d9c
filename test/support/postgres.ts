/**
 * A throw-away PostgreSQL server for tests: Debian's binaries, `initdb` into a temporary folder,
 * started on a free loopback port and stopped (and the folder removed) afterwards. It never
 * touches a server already running on the machine.
 *
 * PostgreSQL refuses to run as root, and tests and CI do run as root: then the server runs as an
 * unprivileged system user (`postgres` when the package created it, else `hallq-pg`, created
 * once), and the folder is handed to that user.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { missingProgram } from './requirements'

const BIN_ROOT = '/usr/lib/postgresql'

/** Hook timeout for starting a server: initdb takes seconds, more on a busy machine. */
export const PG_START_MS = 120_000

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string {
  const env = process.env.HALLQ_PG_BIN
  if (env) return env
  if (!existsSync(BIN_ROOT)) throw missingProgram('postgresql', 'PostgreSQL')
  const majors = readdirSync(BIN_ROOT)
    .filter((d) => existsSync(join(BIN_ROOT, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  if (majors.length === 0) throw missingProgram('postgresql', `PostgreSQL (initdb under ${BIN_ROOT})`)
  return join(BIN_ROOT, majors[0]!, 'bin')
}

interface RunAs {
  uid: number
  gid: number
  name: string
}

const SERVICE_USER = 'hallq-pg'

/** Who the server runs as: ourselves, unless we are root. */
function serverUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null
  for (const name of ['postgres', SERVICE_USER]) {
    const found = spawnSync('id', ['-u', name], { encoding: 'utf8' })
    if (found.status === 0) {
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim())
      return { uid: Number(found.stdout.trim()), gid, name }
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER])
  return serverUser()
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface TestPostgres {
  /** postgres://hallq@127.0.0.1:PORT/DB — trust authentication on loopback only. */
  url(database?: string): string
  port: number
  dir: string
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  stop(): void
  /** Starts it again on the same port and data. */
  start(): void
  /** Stops it for good and removes its folder. */
  destroy(): void
  running(): boolean
  /**
   * CPU seconds the server has used so far (Linux /proc: the postmaster, its live backends and
   * those that ended), for benchmarks on a shared machine where wall time depends on the load.
   */
  cpuSeconds(): number
}

/** utime + stime (+ the reaped children's with `children`) of a process, in clock ticks. */
function ticksOf(pid: number, children: boolean): { ppid: number; ticks: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const own = Number(f[11]) + Number(f[12])
  return { ppid: Number(f[1]), ticks: children ? own + Number(f[13]) + Number(f[14]) : own }
}

export function serverCpuSeconds(data: string): number {
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
  let ticks = ticksOf(pid, true).ticks
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const p = ticksOf(Number(entry), false)
      if (p.ppid === pid) ticks += p.ticks
    } catch {
      // The process ended meanwhile: its time is in the postmaster's children's now.
    }
  }
  // Linux counts in USER_HZ, 100 a second on every architecture it runs on.
  return ticks / 100
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin()
  const user = serverUser()
  const dir = mkdtempSync(join(tmpdir(), 'hallq-pg-'))
  if (user) chownSync(dir, user.uid, user.gid)
  const data = join(dir, 'data')
  const port = await freePort()
  // execFileSync with uid/gid drops privileges for the child only (setuid in the spawned process).
  const asServer = (cmd: string, args: string[]) =>
    execFileSync(join(bin, cmd), args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    })
  asServer('initdb', ['-D', data, '-U', 'hallq', '--auth=trust', '--encoding=UTF8', '--no-sync'])
  // Server options on the command line (initdb -c needs PostgreSQL 16; Debian 12 has 15).
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`
  let up = false
  const start = () => {
    asServer('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])
    up = true
  }
  const stop = () => {
    if (!up) return
    asServer('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    up = false
  }
  start()
  const url = (database = 'postgres') => `postgres://hallq@127.0.0.1:${port}/${database}`
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    stop,
    start,
    running: () => up,
    cpuSeconds: () => serverCpuSeconds(data),
    destroy() {
      try {
        stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
