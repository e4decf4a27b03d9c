#!/usr/bin/env node
/**
 * Builds what `npm run hub` runs, when it is missing or older than its sources:
 *   - the hub: src/main/hub.ts, src/main/restore.ts and the centre (src/main/central/main.ts)
 *     bundled by esbuild into out/hub/*.mjs (plain JavaScript, about a second; node_modules stay
 *     outside the bundle);
 *   - the screens: `electron-vite build` into out/renderer (and the desktop app's out/main).
 * Runs as `prepare` (so `npm install` leaves a checkout ready to run), before `npm run hub`,
 * `npm run central` and `npm run restore` (where it only compares file times when nothing changed), and as
 * `npm run build` (--force). Plain JavaScript, so it needs no TypeScript loader.
 *
 *   node scripts/build.mjs [--force] [--only hub|screens] [--quiet]
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** What the screens are built from. */
export const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package-lock.json', 'tsconfig.web.json']
export const BUILT_MARKER = 'out/renderer/index.html'
/** What the hub bundle is built from, and the programs it holds (out/hub/<name>.mjs). */
export const HUB_SOURCES = ['src/main', 'src/shared', 'package-lock.json', 'scripts/build.mjs']
export const HUB_ENTRIES = { hub: 'src/main/hub.ts', restore: 'src/main/restore.ts', central: 'src/main/central/main.ts' }
export const HUB_MARKER = 'out/hub/hub.mjs'

/** Newest modification time under a file or folder (0 if missing). */
export function newestMtime(path) {
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

function buildState(root, marker, sources) {
  const built = newestMtime(join(root, marker))
  if (built === 0) return { stale: true, reason: 'no build yet' }
  for (const source of sources) {
    if (newestMtime(join(root, source)) > built) return { stale: true, reason: `${source} changed since the last build` }
  }
  return { stale: false, reason: 'up to date' }
}

/** @returns {{ stale: boolean, reason: string }} */
export function rendererBuildState(root) {
  return buildState(root, BUILT_MARKER, RENDERER_SOURCES)
}

/** @returns {{ stale: boolean, reason: string }} */
export function hubBuildState(root) {
  return buildState(root, HUB_MARKER, HUB_SOURCES)
}

/** Whether the build tools are installed (not after `npm ci --omit=dev`). */
export function buildToolsPresent(root) {
  return existsSync(join(root, 'node_modules', 'esbuild')) && existsSync(join(root, 'node_modules', 'electron-vite'))
}

/** The screens: electron-vite's build (also the desktop app's main and preload). Returns the exit status. */
export function buildRenderer(root) {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
  return result.status ?? 1
}

/**
 * Packages the hub bundle loads from node_modules (all are runtime dependencies, so a hub-only
 * PC keeps them with npm ci --omit=dev):
 * - native addons, which load their prebuilds from their package: better-sqlite3, serialport;
 * - packages the hub loads only when needed, which must not weigh on every start: the PostgreSQL
 *   driver (a centre link), ExcelJS (an export), selfsigned (the first HTTPS start);
 * - Fastify's schema compilers (Ajv and fast-json-stringify's), which the hub never loads: no
 *   route has a Fastify schema (server/app.ts gives Fastify compilers that refuse).
 */
export const HUB_EXTERNAL = [
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'pg',
  'pg-copy-streams',
  'pg-native',
  'exceljs',
  'selfsigned',
  'bufferutil',
  'utf-8-validate',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
]

/** The esbuild options for the hub's programs (exported for the benchmarks that build their own hub). */
export function hubBuildOptions(root, entryPoints, outdir = join(root, 'out', 'hub')) {
  return {
    absWorkingDir: root,
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22.12',
    // The packages are bundled in, whitespace and syntax minified (names kept, so a stack trace
    // still reads): about 2.5 MB in a few files instead of about 490 modules loaded one by one,
    // which spares the memory the module loader and its compiled code would hold — loading that
    // many made Node's path functions hot enough for V8's optimising compiler, whose code pages
    // then stayed resident (docs/performance.md, "Memory"). Those in HUB_EXTERNAL stay in
    // node_modules.
    external: HUB_EXTERNAL,
    minifyWhitespace: true,
    minifySyntax: true,
    // Bundled CommonJS packages require Node's own modules.
    banner: { js: "import { createRequire as __hallqRequire } from 'node:module'; const require = __hallqRequire(import.meta.url);" },
    // The entry loads the hall with import() after its restart (src/main/hub.ts): a chunk of its own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  }
}

/** The hub's programs, bundled. Returns 0 on success. */
export async function buildHub(root) {
  const { build } = await import('esbuild')
  try {
    await build(hubBuildOptions(root, { ...HUB_ENTRIES }))
    return 0
  } catch {
    return 1 // esbuild has printed what is wrong
  }
}

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`

/** Builds what is stale (or everything with force). Returns the exit status. */
export async function ensureBuilt(root, { force = false, only = null, quiet = false } = {}) {
  const say = (text) => quiet || console.log(text)
  const steps = [
    { name: 'hub', label: 'the hub (esbuild → out/hub)', state: hubBuildState, build: buildHub },
    { name: 'screens', label: 'the screens (electron-vite → out/renderer)', state: rendererBuildState, build: buildRenderer },
  ].filter((s) => only === null || s.name === only)
  const todo = steps.map((s) => ({ ...s, now: force ? { stale: true, reason: 'asked to' } : s.state(root) })).filter((s) => s.now.stale)
  if (todo.length === 0) return 0
  if (!buildToolsPresent(root)) {
    const missing = todo.filter((s) => s.now.reason === 'no build yet')
    if (missing.length > 0) {
      console.error(`HallQ: ${missing.map((s) => s.name).join(' and ')} not built, and the build tools are not installed: run \`npm install\` (with dev dependencies) and \`npm run build\`.`)
      return 1
    }
    say('HallQ: the build tools are not installed (npm ci --omit=dev); using the existing build.')
    return 0
  }
  for (const [i, step] of todo.entries()) {
    const started = performance.now()
    say(`[${i + 1}/${todo.length}] Building ${step.label} — ${step.now.reason}…`)
    const status = await step.build(root)
    if (status !== 0) {
      console.error(`Building ${step.name} failed (exit ${status}).`)
      return status
    }
    say(`[${i + 1}/${todo.length}] Built ${step.name} in ${seconds(started)}.`)
  }
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2)
  const onlyAt = args.indexOf('--only')
  const root = resolve(import.meta.dirname, '..')
  process.exitCode = await ensureBuilt(root, {
    force: args.includes('--force'),
    only: onlyAt >= 0 ? args[onlyAt + 1] : null,
    quiet: args.includes('--quiet'),
  })
}
