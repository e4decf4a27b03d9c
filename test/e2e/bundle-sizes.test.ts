/**
 * What the built screens weigh (sizes are deterministic for a given source, so they are held
 * here, not in a benchmark): no JavaScript chunk over 500 kB. That the report page shows its
 * figures before ECharts loads is held in reports-page.test.ts.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildRenderer, rendererBuildState } from '../../scripts/ensure-renderer-build'
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
})
