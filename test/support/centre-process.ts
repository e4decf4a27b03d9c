/**
 * Starts the real centre in a child process — its built bundle (out/hub/central.mjs), as
 * `npm run central` runs it — and talks to it over HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { REQUEST_TIMEOUT_MS, ROOT } from './hub-process'

export interface CentreProcess {
  child: ChildProcess
  url: string
  output: () => string
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>
  stop(): Promise<void>
}

/**
 * The centre's bundle and the /hq page, built first when a source is newer (scripts/build.mjs):
 * the screens take a minute on a busy machine, which is not the centre's start.
 */
export function ensureCentreBuilt(): string {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('building the centre and its page failed')
  return join(ROOT, 'out', 'hub', 'central.mjs')
}

export async function startCentre(options: { db: string; adminPin: string; viaNpm?: boolean }): Promise<CentreProcess> {
  const args = ['--db', options.db, '--port', '0']
  const env = { ...process.env, HALLQ_ADMIN_PIN: options.adminPin }
  const bundle = ensureCentreBuilt()
  const child = options.viaNpm
    ? spawn('npm', ['run', '--silent', 'central', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env })
    : spawn(process.execPath, [bundle, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`centre did not start:\n${out}`)), 60_000)
    child.stdout!.on('data', () => {
      const m = /HallQ centre listening on (http:\/\/[\d.:]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`centre exited with ${code}:\n${out}`))
    })
  })
  return {
    child,
    url,
    output: () => out,
    async call(method, path, body, token) {
      const res = await fetch(url + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      return { status: res.status, body: await res.json() }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const closed = once(child, 'close')
      if (options.viaNpm) process.kill(-child.pid!, 'SIGTERM')
      else child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 30_000)))
      const outcome = await Promise.race([closed, late])
      clearTimeout(timer)
      if (outcome === 'late') {
        if (options.viaNpm) process.kill(-child.pid!, 'SIGKILL')
        else child.kill('SIGKILL')
        throw new Error(`the centre did not stop within 30 s of SIGTERM:\n${out}`)
      }
    },
  }
}
