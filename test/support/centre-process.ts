/**
 * Starts the real centre in a child process, as `npm run central` does, and talks to it over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { ROOT } from './hub-process'

export interface CentreProcess {
  child: ChildProcess
  url: string
  output: () => string
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>
  stop(): Promise<void>
}

export async function startCentre(options: { db: string; adminPin: string; viaNpm?: boolean }): Promise<CentreProcess> {
  const args = ['--db', options.db, '--port', '0']
  const env = { ...process.env, HALLQ_ADMIN_PIN: options.adminPin }
  const child = options.viaNpm
    ? spawn('npm', ['run', '--silent', 'central', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env })
    : spawn(process.execPath, ['--import', 'tsx', 'src/main/central/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env })
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
      })
      return { status: res.status, body: await res.json() }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const closed = once(child, 'close')
      if (options.viaNpm) process.kill(-child.pid!, 'SIGTERM')
      else child.kill('SIGTERM')
      await closed
    },
  }
}
