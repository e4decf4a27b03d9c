import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../support/hall-fixture'
import { chromiumPath, findProgram, requireProgram } from '../../support/requirements'

describe('what the tests need beyond Node', () => {
  it('a missing program fails with one sentence naming what to install', () => {
    const saved = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      let err: Error | undefined
      try {
        requireProgram('socat')
      } catch (e) {
        err = e as Error
      }
      expect(err?.message).toBe('socat is not installed, and the serial device tests need it: run `npm run test:setup` (or install the socat package).')
      // The sentence is the whole report: no stack from inside the helpers.
      expect(err?.stack).toBe(err?.message)
      expect(() => requireProgram('pdftoppm')).toThrow(/install the poppler-utils package/)
    } finally {
      process.env.PATH = saved
    }
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      '/nonexistent/chromium is not installed, and the browser tests need it: run `npm run test:setup` (or install the chromium package, or set CHROMIUM_PATH to a Chromium).',
    )
  })

  it('finds a program on PATH only when it can be run', () => {
    const d = tempDir('hallq-req-')
    try {
      const bin = join(d.dir, 'bin')
      mkdirSync(bin)
      writeFileSync(join(bin, 'socat'), '#!/bin/sh\n')
      expect(findProgram('socat', bin)).toBeNull()
      chmodSync(join(bin, 'socat'), 0o755)
      expect(findProgram('socat', bin)).toBe(join(bin, 'socat'))
    } finally {
      d.remove()
    }
  })
})
