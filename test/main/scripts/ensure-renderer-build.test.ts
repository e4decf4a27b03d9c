import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rendererBuildState } from '../../../scripts/ensure-renderer-build'
import { tempDir } from '../../support/hall-fixture'

let root: { dir: string; remove(): void }
const at = (path: string, seconds: number) => utimesSync(join(root.dir, path), seconds, seconds)

beforeEach(() => {
  root = tempDir('hallq-prehub-')
  for (const d of ['src/renderer/src', 'src/shared', 'out/renderer']) mkdirSync(join(root.dir, d), { recursive: true })
  writeFileSync(join(root.dir, 'src/renderer/src/App.vue'), '')
  writeFileSync(join(root.dir, 'src/shared/domain.ts'), '')
  writeFileSync(join(root.dir, 'package-lock.json'), '{}')
})
afterEach(() => root.remove())

describe('npm run hub builds the screens only when needed', () => {
  it('builds when there is no build, or a source is newer; not when up to date', () => {
    expect(rendererBuildState(root.dir)).toEqual({ stale: true, reason: 'no build yet' })
    for (const p of ['src/renderer/src/App.vue', 'src/renderer/src', 'src/renderer', 'src/shared/domain.ts', 'src/shared', 'package-lock.json']) at(p, 1000)
    writeFileSync(join(root.dir, 'out/renderer/index.html'), '')
    at('out/renderer/index.html', 2000)
    expect(rendererBuildState(root.dir)).toEqual({ stale: false, reason: 'up to date' })
    at('src/shared/domain.ts', 3000)
    expect(rendererBuildState(root.dir)).toEqual({ stale: true, reason: 'src/shared changed since the last build' })
  })
})
