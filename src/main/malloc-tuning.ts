/**
 * The headless hub on Linux restarts itself once, in place, with glibc's malloc told to keep its
 * mmap threshold fixed (docs/decisions/019-malloc-threshold-for-the-hub.md).
 *
 * Every PIN check is a scrypt hash with 16 MiB of scratch. glibc serves a block that large with
 * mmap and, when it is freed, raises its mmap threshold to that size: from then on every block
 * under 16 MiB comes from heaps glibc keeps rather than returns, in each of libuv's pool threads,
 * and a hub that has seen a morning of logins holds 60–100 MB it no longer uses. A fixed
 * threshold (set through the environment, which glibc reads only at process start) turns the
 * dynamic one off. process.execve keeps the process id, open descriptors and arguments, so a
 * service manager, a log pipe or a `kill` see one process throughout.
 */

/** The environment glibc reads at start: blocks from 128 KiB up are mmapped and returned on free. */
export const TUNED_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' } as const

export interface ProcessFacts {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  execPath: string
  execArgv: readonly string[]
  argv: readonly string[]
  canExecve: boolean
}

/**
 * The re-exec to make, or null: only on Linux, only once (the variable is then set), never when
 * someone set the threshold themselves or asked for glibc's defaults with HALLQ_MALLOC=default.
 */
export function tunedMallocExec(p: ProcessFacts): { file: string; args: string[]; env: NodeJS.ProcessEnv } | null {
  if (p.platform !== 'linux' || !p.canExecve) return null
  if (p.env.MALLOC_MMAP_THRESHOLD_ !== undefined || p.env.HALLQ_MALLOC === 'default') return null
  return { file: p.execPath, args: [p.execPath, ...p.execArgv, ...p.argv.slice(1)], env: { ...p.env, ...TUNED_MALLOC_ENV } }
}

/** Replaces this process with itself under the tuned malloc, if it should; otherwise returns. */
export function restartWithTunedMalloc(): void {
  const exec = tunedMallocExec({
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    canExecve: typeof process.execve === 'function',
  })
  if (exec) process.execve!(exec.file, exec.args, exec.env)
}
