/**
 * What the built screens weigh (sizes are deterministic for a given source, so they are held
 * here, not in a benchmark): no JavaScript chunk over 500 kB; the join and setup pages (plain
 * Vue, no component library) under 100 kB of JavaScript gzip, everything they download counted
 * (scripts/page-weights.ts). That the report page shows its figures before ECharts loads is held
 * in reports-page.test.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
import { pageWeights } from '../../scripts/page-weights'
import { ROOT } from '../support/hub-process'

const KB = 1000

beforeAll(() => {
  if (rendererBuildState(ROOT).stale) expect(buildRenderer(ROOT)).toBe(0)
})

describe('built screens', () => {
  it('no JavaScript chunk is over 500 kB', () => {
    const assets = join(ROOT, 'out', 'renderer', 'assets')
    const chunks = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ f, bytes: statSync(join(assets, f)).size }))
    expect(chunks.length).toBeGreaterThan(10)
    expect(chunks.filter((c) => c.bytes > 500 * KB).map((c) => `${c.f} ${Math.round(c.bytes / KB)} kB`)).toEqual([])
  })

  it('the join and setup pages download under 100 kB of JavaScript, gzip; none of it Naive UI', () => {
    const weights = pageWeights(join(ROOT, 'out', 'renderer'))
    const assets = join(ROOT, 'out', 'renderer', 'assets')
    // A chunk with Naive UI's components in it: they are defined by name (ConfigProvider, Button, Input).
    const isNaive = (f: string) => f.endsWith('.js') && /name:["`'](?:ConfigProvider|Button|Input)["`']/.test(readFileSync(join(assets, f), 'utf8'))
    for (const view of ['JoinView', 'SetupView']) {
      const w = weights.find((x) => x.view === view)
      expect(w, view).toBeDefined()
      console.log(`${view}: ${(w!.scriptGzipBytes / 1024).toFixed(1)} kB gzip JavaScript in ${w!.files.length} files`)
      expect(w!.scriptGzipBytes, view).toBeLessThan(100 * 1024)
      expect(w!.files.filter(isNaive), view).toEqual([])
    }
    // The staff screens built with Naive UI do load it (the check above can see it).
    const counter = weights.find((x) => x.view === 'CounterView')!
    expect(counter.files.filter(isNaive).length).toBeGreaterThan(0)
  })
})
