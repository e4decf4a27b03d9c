/**
 * The Electron shell's entry: the desktop app (electron/desktop.ts) — a hub PC running the hall
 * with one window per role, or a terminal PC showing a hub's pages. Everything else lives in
 * plain-Node modules. It first restarts itself once with the hub's memory tuning
 * (process-tuning.ts, docs/decisions/019-hub-memory-tuning.md).
 */
import { app } from 'electron'
import { startDesktop } from './electron/desktop'
import { electronTunedStart } from './process-tuning'

function restartTunedDesktop(): boolean {
  const restart = electronTunedStart({
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    canExecve: typeof process.execve === 'function',
    packaged: app.isPackaged,
  })
  if (!restart) return false
  try {
    if (restart.kind === 'execve') {
      process.execve!(restart.file, restart.args, restart.env)
    } else {
      app.relaunch({ args: restart.args })
      app.exit(0)
      return true
    }
  } catch (err) {
    console.warn(`HallQ: could not restart with tuned memory settings (${(err as Error).message}); going on without them`)
  }
  return false
}

if (!restartTunedDesktop()) {
  void startDesktop({
    mainDir: import.meta.dirname,
    port: Number(process.env.HALLQ_PORT ?? 8080),
    host: process.env.HALLQ_HOST ?? '0.0.0.0',
  })
}
