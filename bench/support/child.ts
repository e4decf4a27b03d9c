/** Starting a benchmark's helper process and waiting for it to say where it listens. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')

export interface Child {
  process: ChildProcess
  url: string
  output: () => string
  stop(): Promise<void>
}

/**
 * Runs `node --import tsx <args>` from the project root (or plain `node <args>` for built
 * JavaScript, a `.mjs` file) until it prints `pattern` (group 1: the URL).
 */
export async function startChild(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}, startMs = 120_000): Promise<Child> {
  const loader = args[0]?.endsWith('.mjs') ? [] : ['--import', 'tsx']
  const child = spawn(process.execPath, [...loader, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start:\n${out}`)), startMs)
    const check = () => {
      const m = pattern.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`${args.join(' ')} exited with ${code}:\n${out}`))
    })
  })
  return {
    process: child,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}
