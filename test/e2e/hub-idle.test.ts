/**
 * What a quiet hub loads: the built hub on an empty data folder, listening, before any request.
 * The libraries it needs only for something a hall does now and then are loaded when that
 * happens, so they cost nothing while it waits (docs/performance.md, Memory).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/hall-fixture'
import { ROOT, startHub, type HubProcess } from '../support/hub-process'

let hub: HubProcess
let data: { dir: string; remove(): void }
let modules: string[]

/** The npm packages among the loaded modules, by name. */
function packagesOf(urls: string[]): Set<string> {
  const names = new Set<string>()
  for (const url of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
    if (m) names.add(m[1]!)
  }
  return names
}

beforeAll(async () => {
  data = tempDir('hallq-e2e-idle-')
  const log = join(data.dir, 'modules.txt')
  hub = await startHub({
    dataDir: join(data.dir, 'hall'),
    adminPin: '135790',
    env: { NODE_OPTIONS: `--import=${resolve(ROOT, 'test/support/module-log-hook.mjs')}`, HALLQ_TEST_MODULE_LOG: log },
  })
  modules = readFileSync(log, 'utf8').split('\n').filter(Boolean)
})
afterAll(async () => {
  await hub?.stop()
  data?.remove()
})

describe('the hub waiting on an empty data folder', () => {
  it('has loaded what serves the hall: its own bundle, and from node_modules only what stays outside it', () => {
    const loaded = packagesOf(modules)
    // The native SQLite addon stays in its package (scripts/build.mjs, HUB_EXTERNAL).
    expect(loaded).toContain('better-sqlite3')
    // Fastify, Zod, pino, ws and the rest are in the bundle: about 490 modules were loaded one by
    // one before, and the loader's work and compiled code stayed resident.
    for (const name of ['fastify', 'zod', 'pino', 'ws', '@fastify/static', 'find-my-way']) expect(loaded, name).not.toContain(name)
    expect(modules.some((url) => /\/out\/hub\/chunks\/hub-main-[\w-]+\.mjs$/.test(url))).toBe(true)
    const fromPackages = new Set(modules.filter((url) => url.includes('/node_modules/')))
    expect(fromPackages.size).toBeLessThan(30)
  })

  it('has not loaded what only an export, a device, the centre or a route schema would need', () => {
    const loaded = packagesOf(modules)
    // Fastify's schema compilers (Ajv, and fast-json-stringify's compiler): unused, requests are
    // validated with zod. Fastify's own error serializer keeps a small part of fast-json-stringify.
    const unused = ['ajv', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'exceljs', 'serialport', 'pg', 'selfsigned']
    for (const name of unused) expect(loaded, name).not.toContain(name)
  })
})
