/**
 * What each screen downloads from the renderer build (out/renderer): the entry script and
 * style with what index.html preloads, plus the chunks Vite lists for that screen's view (and
 * for Naive UI's providers on the screens built with it, naive-screens.ts). The join page comes
 * with the entry. Prints raw and gzip kilobytes per screen, so a change can be checked for what
 * it adds to the kiosk or the hall display.
 *
 *   npx tsx scripts/page-weights.ts [out/renderer]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { WITH_NAIVE } from '../src/renderer/src/naive-screens'

export interface PageWeight {
  /** The view, e.g. KioskView. */
  view: string
  files: string[]
  bytes: number
  gzipBytes: number
  /** The JavaScript alone, gzip. */
  scriptGzipBytes: number
}

function weigh(assets: string, view: string, files: string[]): PageWeight {
  let bytes = 0
  let gzipBytes = 0
  let scriptGzipBytes = 0
  const unique = [...new Set(files)]
  for (const f of unique) {
    const content = readFileSync(join(assets, f))
    const gz = gzipSync(content, { level: 9 }).length
    bytes += content.length
    gzipBytes += gz
    if (f.endsWith('.js')) scriptGzipBytes += gz
  }
  return { view, files: unique, bytes, gzipBytes, scriptGzipBytes }
}

/** Reads the entry chunk's dependency map: which files each lazily loaded view pulls in. */
export function pageWeights(rendererDir: string): PageWeight[] {
  const assets = join(rendererDir, 'assets')
  const names = readdirSync(assets)
  const entry = names.find((n) => /^index-[\w-]+\.js$/.test(n))
  if (!entry) throw new Error(`no entry chunk in ${assets}`)
  const entryCss = names.filter((n) => /^index-[\w-]+\.css$/.test(n))
  // What index.html loads with the entry: the chunks it preloads and the stylesheets it links.
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const linked = [...html.matchAll(/<link rel="(?:modulepreload|stylesheet)"[^>]*href="\.?\/assets\/([\w.-]+)"/g)].map((m) => m[1]!)
  const base = [entry, ...entryCss, ...linked]
  const code = readFileSync(join(assets, entry), 'utf8')
  const mapMatch = /m\.f=\[([^\]]*)\]/.exec(code)
  if (!mapMatch) throw new Error('the entry chunk has no dependency map (__vite__mapDeps)')
  const deps = [...mapMatch[1]!.matchAll(/"\.\/([^"]+)"/g)].map((m) => m[1]!)
  const lazy = new Map<string, string[]>()
  // import("./KioskView-xxxx.js"),__vite__mapDeps([7,1,8]) — the view and the files it needs
  // (a minified build quotes the file name with backticks, and may pick an export with .then).
  for (const m of code.matchAll(/import\(["`]\.\/((\w+)-[\w-]+\.js)["`]\)(?:\.then\(\w+=>\w+\.\w+\))?(?:\s*,\s*__vite__mapDeps\(\[([\d,]*)\]\))?/g)) {
    const listed = (m[3] ?? '').split(',').filter(Boolean).map((i) => deps[Number(i)]!)
    lazy.set(m[2]!, [m[1]!, ...listed])
  }
  const shell = lazy.get('NaiveShell')
  if (!shell) throw new Error('the entry chunk does not load NaiveShell')
  const weights: PageWeight[] = [weigh(assets, 'JoinView', base)]
  for (const [view, files] of lazy) {
    if (!view.endsWith('View')) continue
    const screen = view.slice(0, -'View'.length).toLowerCase()
    const withNaive = (WITH_NAIVE as readonly string[]).includes(screen)
    weights.push(weigh(assets, view, [...base, ...files, ...(withNaive ? shell : [])]))
  }
  return weights
}

/**
 * The customer's phone page (phone.html, its own entry): the files its HTML links. Its
 * JavaScript must stay under 50 kB gzip (a phone on a busy guest Wi-Fi).
 */
export function phonePageWeight(rendererDir: string): PageWeight {
  const html = readFileSync(join(rendererDir, 'phone.html'), 'utf8')
  const files = [...new Set([...html.matchAll(/"\.?\/assets\/([\w.-]+)"/g)].map((m) => m[1]!))]
  return weigh(join(rendererDir, 'assets'), 'PhonePage', files)
}

const kb = (n: number) => (n / 1024).toFixed(1).padStart(8)

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'out', 'renderer'))
  console.log('page                   kB    gzip kB  JS gzip kB  files')
  for (const w of [...pageWeights(dir), phonePageWeight(dir)]) console.log(`${w.view.padEnd(16)}${kb(w.bytes)}  ${kb(w.gzipBytes)}  ${kb(w.scriptGzipBytes)}    ${w.files.length}`)
}
