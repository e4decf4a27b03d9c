#!/usr/bin/env node
/**
 * How long a newcomer waits: `npm run hub` on an empty data folder until the kiosk page is
 * served (the first start: build check, new database, first PIN), then the same again on that
 * folder (a restart). Prints both; `.ci/run` calls it after `npm ci` on a clean checkout, and
 * the first-start benchmark holds the targets (≤ 15 s, ≤ 2 s).
 *
 *   node scripts/first-page.mjs [--json]
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

/**
 * Runs `command args` and measures until GET url answers 200; then stops it (its whole process
 * group: npm and the hub under it). Returns milliseconds.
 */
export async function timeToPage({ command, args, cwd, env, url, timeoutMs = 120_000 }) {
  const started = performance.now()
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  let exited = false
  const closed = new Promise((ok) => child.on('close', () => ((exited = true), ok())))
  try {
    for (;;) {
      if (exited) throw new Error(`${command} ${args.join(' ')} exited before serving ${url}:\n${out}`)
      if (performance.now() - started > timeoutMs) throw new Error(`${url} not served within ${timeoutMs / 1000} s:\n${out}`)
      try {
        const res = await fetch(url)
        await res.arrayBuffer()
        if (res.status === 200) return performance.now() - started
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25))
    }
  } finally {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // gone already
      }
      await closed
    }
  }
}

/** The first start and a restart of `npm run hub` in `root`, on a fresh data folder. */
export async function firstPage(root) {
  const data = mkdtempSync(join(tmpdir(), 'hallq-first-page-'))
  try {
    const port = await freePort()
    const run = {
      command: 'npm',
      args: ['run', '--silent', 'hub', '--', '--data', data, '--port', String(port)],
      cwd: root,
      env: { ...process.env, HALLQ_ADMIN_PIN: '135790' },
      url: `http://127.0.0.1:${port}/kiosk`,
    }
    const firstMs = await timeToPage(run)
    const restartMs = await timeToPage(run)
    return { firstMs, restartMs }
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { firstMs, restartMs } = await firstPage(resolve(import.meta.dirname, '..'))
  if (process.argv.includes('--json')) console.log(JSON.stringify({ firstMs, restartMs }))
  else console.log(`npm run hub → first page: ${(firstMs / 1000).toFixed(1)} s on an empty data folder; restart → first page: ${(restartMs / 1000).toFixed(1)} s`)
}
