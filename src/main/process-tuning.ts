/**
 * The headless hub's memory, tuned for a program that runs for months on a small PC
 * (docs/decisions/019-hub-memory-tuning.md). Settings fixed when the process starts:
 *
 * - **glibc's mmap threshold** (Linux). Every PIN check is a scrypt hash with 16 MiB of scratch.
 *   glibc serves a block that large with mmap and, when it is freed, raises its mmap threshold to
 *   that size: from then on every block under 16 MiB comes from heaps glibc keeps rather than
 *   returns, in each of libuv's pool threads. `MALLOC_MMAP_THRESHOLD_` fixes the threshold (and
 *   turns the raising off); glibc reads it only at start.
 * - **V8's young generation.** Node's default lets the semi-spaces grow to 16 MiB each, and V8
 *   keeps what it has grown: 50 MB more heap than the hub ever has live. Commands allocate
 *   little, so 2 MiB semi-spaces cost a few more, shorter scavenges and nothing else.
 * - **V8's old generation.** The hub's live heap stays near 27 MB through a flagship day, but
 *   by default V8 lets the old generation grow to two or three times what it keeps before it
 *   collects, and a busy hall never goes quiet long enough for its memory reducer:
 *   `--optimize-for-size` makes V8 grow the heap in smaller steps and give pages back sooner
 *   (20–30 MB less after a flagship day; no measurable cost per command).
 *
 * On Linux the hub restarts itself once, in place (process.execve keeps the process id, open
 * descriptors and arguments), with all of them set; `npm run hub` passes the V8 flags everywhere.
 */

/** The environment glibc reads at start: blocks from 128 KiB up are mmapped and returned on free. */
export const TUNED_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' } as const
/** V8 flags for the hub (also in package.json's "hub" script, for systems without execve). */
export const HUB_V8_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size'] as const

/** The flag's name, so `--max-semi-space-size=8` or `--no-optimize-for-size` count as chosen. */
function flagName(arg: string): string {
  return arg.split('=')[0]!.replace(/^--no-/, '--')
}

export interface ProcessFacts {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  execPath: string
  execArgv: readonly string[]
  argv: readonly string[]
  canExecve: boolean
}

/**
 * The re-exec to make, or null: only on Linux and only when something is missing (so once);
 * never with HALLQ_TUNING=off (the memory benchmark's comparison). A threshold, semi-space
 * size or `--no-optimize-for-size` someone set themselves is kept.
 */
export function tunedExec(p: ProcessFacts): { file: string; args: string[]; env: NodeJS.ProcessEnv } | null {
  if (p.platform !== 'linux' || !p.canExecve || p.env.HALLQ_TUNING === 'off') return null
  const missingFlags = HUB_V8_FLAGS.filter((flag) => !p.execArgv.some((a) => flagName(a) === flagName(flag)))
  const missingEnv = p.env.MALLOC_MMAP_THRESHOLD_ === undefined
  if (missingFlags.length === 0 && !missingEnv) return null
  return {
    file: p.execPath,
    args: [p.execPath, ...missingFlags, ...p.execArgv, ...p.argv.slice(1)],
    env: missingEnv ? { ...p.env, ...TUNED_MALLOC_ENV } : { ...p.env },
  }
}

/** Replaces this process with itself, tuned, if it should be; otherwise (or if that fails) returns. */
export function restartTuned(): void {
  const exec = tunedExec({
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    canExecve: typeof process.execve === 'function',
  })
  if (!exec) return
  try {
    process.execve!(exec.file, exec.args, exec.env)
  } catch (err) {
    // Not worth refusing to open the hall over: it runs, with Node's and glibc's defaults.
    console.warn(`HallQ: could not restart with tuned memory settings (${(err as Error).message}); going on without them`)
  }
}

/**
 * The desktop app's main process gets the same tuning. Electron's main process takes V8 flags
 * only on its command line (`--js-flags`), so it starts again once with them:
 * - on Linux in place, as the hub does (`execve`: the same pid), with glibc's threshold too;
 * - elsewhere (Windows) with `app.relaunch`, and only in the packaged app: the development
 *   server must keep the process it started.
 */
export type ElectronRestart = { kind: 'execve'; file: string; args: string[]; env: NodeJS.ProcessEnv } | { kind: 'relaunch'; args: string[] }

export function electronTunedStart(p: ProcessFacts & { packaged: boolean }): ElectronRestart | null {
  if (p.env.HALLQ_TUNING === 'off') return null
  const jsFlags = `--js-flags=${HUB_V8_FLAGS.join(' ')}`
  const hasFlags = p.argv.some((a) => a.startsWith('--js-flags'))
  if (p.platform === 'linux') {
    if (!p.canExecve) return null
    const missingEnv = p.env.MALLOC_MMAP_THRESHOLD_ === undefined
    if (hasFlags && !missingEnv) return null
    return {
      kind: 'execve',
      file: p.execPath,
      args: [p.execPath, ...(hasFlags ? [] : [jsFlags]), ...p.argv.slice(1)],
      env: missingEnv ? { ...p.env, ...TUNED_MALLOC_ENV } : { ...p.env },
    }
  }
  if (hasFlags || !p.packaged) return null
  return { kind: 'relaunch', args: [...p.argv.slice(1), jsFlags] }
}
