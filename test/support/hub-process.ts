/**
 * Starts the real headless hub in a child process, as `npm run hub` does, and talks to it
 * over HTTP like any terminal would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')

export interface HubProcess {
  child: ChildProcess
  url: string
  output: () => string
  /** POSTs a command; resolves with status and JSON body (never throws on 4xx). */
  command(name: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>
  get(path: string, token?: string): Promise<{ status: number; body: any }>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface StartOptions {
  dataDir: string
  /** A fixed port, so a restarted hub is found where terminals left it. */
  port?: number
  adminPin?: string
  /** Run through `npm run hub` (the documented command) instead of node directly. */
  viaNpm?: boolean
  /** Further command-line options (e.g. --central … --hall-code …). */
  args?: string[]
  /** Further environment for the hub. */
  env?: NodeJS.ProcessEnv
}

/**
 * The hub as `npm run hub` runs it: the built bundle (out/hub/hub.mjs), rebuilt first when a
 * source is newer (scripts/build.mjs, about a second).
 */
export function ensureHubBuilt(): string {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'hub', '--quiet'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('building the hub failed')
  return resolve(ROOT, 'out/hub/hub.mjs')
}

/** The longest one HTTP request to a test's hub may take. */
export const REQUEST_TIMEOUT_MS = 30_000

export async function startHub(options: StartOptions): Promise<HubProcess> {
  const args = ['--data', options.dataDir, '--port', String(options.port ?? 0), ...(options.args ?? [])]
  // The first PIN as a person would give it: from the environment, not on the command line.
  const env = { ...process.env, ...(options.adminPin ? { HALLQ_ADMIN_PIN: options.adminPin } : {}), ...options.env }
  const child = options.viaNpm
    ? spawn('npm', ['run', '--silent', 'hub', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env })
    : spawn(process.execPath, [ensureHubBuilt(), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 60_000)
    const check = () => {
      const m = /HallQ hub listening on (http:\/\/[\d.:]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}:\n${out}`))
    })
  })
  const call = async (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A request never waits for ever: a hub that stops answering fails the test with a reason.
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    return { status: res.status, body: await res.json() }
  }
  return {
    child,
    url,
    output: () => out,
    command: (name, body, token, headers) => call('POST', `/api/v1/commands/${name}`, body, token, headers),
    get: (path, token) => call('GET', path, undefined, token),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      // 'close', not 'exit': under npm the hub shares npm's output pipe and may still be writing
      // its last lines ("hall closed") after npm itself has exited.
      const exited = once(child, 'close')
      if (options.viaNpm) process.kill(-child.pid!, signal)
      else child.kill(signal)
      const [code] = (await exited) as [number | null]
      return code
    },
  }
}
