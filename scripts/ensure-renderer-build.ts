/**
 * Runs before `npm run hub`: builds the screens (electron-vite build → out/renderer) when the
 * build is missing or older than its sources, so a newcomer's `npm install && npm run hub`
 * serves working pages. When the build is up to date it only compares file times.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the renderer build is made from. */
export const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package-lock.json', 'tsconfig.web.json']
export const BUILT_MARKER = 'out/renderer/index.html'

/** Newest modification time under a file or folder (0 if missing). */
export function newestMtime(path: string): number {
  let stat
  try {
    stat = statSync(path)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

export function rendererBuildState(root: string): { stale: boolean; reason: string } {
  const built = newestMtime(join(root, BUILT_MARKER))
  if (built === 0) return { stale: true, reason: 'no build yet' }
  for (const source of RENDERER_SOURCES) {
    if (newestMtime(join(root, source)) > built) return { stale: true, reason: `${source} changed since the last build` }
  }
  return { stale: false, reason: 'up to date' }
}

export function buildRenderer(root: string): number {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
  return result.status ?? 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(import.meta.dirname, '..')
  const state = rendererBuildState(root)
  if (state.stale) {
    console.log(`Building the screens (${state.reason})…`)
    process.exitCode = buildRenderer(root)
  }
}
