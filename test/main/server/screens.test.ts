import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { CONTENT_SECURITY_POLICY, screensRoutes } from '../../../src/main/server/routes/screens'
import { openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'

const INDEX = '<!doctype html><html><head><script type="module" crossorigin src="./assets/index-abc.js"></script></head><body><div id="app"></div></body></html>'

let f: Fixture
let dir: { dir: string; remove(): void }
let app: FastifyInstance

async function serve(rendererDir: string) {
  app = await buildServer({
    hall: f.hall,
    logger: silentLogger,
    version: 't',
    routes: [screensRoutes({ rendererDir, voiceDirs: [join(dir.dir, 'data-voice'), join(dir.dir, 'app-voice')] })],
  })
}

beforeEach(async () => {
  f = await openHall()
  dir = tempDir('hallq-screens-')
  const out = join(dir.dir, 'renderer')
  mkdirSync(join(out, 'assets'), { recursive: true })
  writeFileSync(join(out, 'index.html'), INDEX)
  writeFileSync(join(out, 'assets', 'index-abc.js'), 'console.log(1)')
  mkdirSync(join(dir.dir, 'app-voice', 'zh-CN'), { recursive: true })
  for (const clip of ['请.wav', 'A.wav', 'chime.mp3', 'readme.txt']) writeFileSync(join(dir.dir, 'app-voice', 'zh-CN', clip), 'RIFF')
  writeFileSync(join(dir.dir, 'secret.txt'), 'TOP-SECRET-CONTENT')
  await serve(out)
})
afterEach(async () => {
  await app.close()
  f.close()
  dir.remove()
})

describe('the screens for browsers', () => {
  it('answers every role path with the page, a strict CSP and assets linked from the root', async () => {
    for (const path of ['/', '/kiosk', '/counter', '/rating', '/display', '/manager', '/settings', '/counter/3', '/display/tv-1', '/reports']) {
      const res = await app.inject({ method: 'GET', url: path })
      expect(res.statusCode, path).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.body).toContain('src="/assets/index-abc.js"')
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/)
  })

  it('serves the hashed assets for good, and leaves the API its JSON 404', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toContain('immutable')
    expect(asset.body).toBe('console.log(1)')
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await app.inject({ method: 'GET', url: '/assets/../../secret.txt' })).body).not.toContain('TOP-SECRET')
  })

  it('says how to build the screens when the build is missing', async () => {
    await app.close()
    await serve(join(dir.dir, 'nowhere'))
    const res = await app.inject({ method: 'GET', url: '/kiosk' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(res.body).toContain('npm run build')
    expect(res.body).toContain('屏幕页面尚未构建')
  })

  it('lists and serves the voice pack, and nothing else from its folder or above', async () => {
    const index = await app.inject({ method: 'GET', url: '/voice/zh-CN/index.json' })
    expect(index.json()).toEqual({ lang: 'zh-CN', clips: { A: 'A.wav', chime: 'chime.mp3', 请: '请.wav' } })
    const clip = await app.inject({ method: 'GET', url: `/voice/zh-CN/${encodeURIComponent('请.wav')}` })
    expect(clip.statusCode).toBe(200)
    expect(clip.headers['content-type']).toContain('audio/wav')
    for (const url of ['/voice/zh-CN/readme.txt', '/voice/zh-CN/..%2F..%2Fsecret.txt', '/voice/..%2Fsecret/index.json', '/voice/en-US/index.json']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(404)
    }
  })

  it("a pack in the hall's data folder comes before the one shipped with the app", async () => {
    mkdirSync(join(dir.dir, 'data-voice', 'zh-CN'), { recursive: true })
    writeFileSync(join(dir.dir, 'data-voice', 'zh-CN', '到.ogg'), 'OggS')
    expect((await app.inject({ method: 'GET', url: '/voice/zh-CN/index.json' })).json()).toEqual({ lang: 'zh-CN', clips: { 到: '到.ogg' } })
  })
})
