/**
 * The 总部 page at /hq: the screens' build (out/renderer/hq.html and its hashed assets), served by
 * the centre with the hub's page headers. Read on every request, so a new build is served at once.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

/** As the hall's screens: scripts and connections only from the centre itself, no frames. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const MISSING_BUILD = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>HallQ 总部</title></head><body style="font-family:sans-serif;max-width:720px;margin:10vh auto">
<h1>总部页面尚未构建 / The head office page is not built yet</h1>
<p>请在项目目录运行 <code>npm run build</code> 后刷新本页（<code>npm run central</code> 会在启动前自动构建）。</p>
<p>Run <code>npm run build</code> in the project folder and reload this page (<code>npm run central</code> builds it before it starts).</p>
</body></html>`

/** The checkout's out/renderer, found from the running code (src/main/central or out/hub). */
export function defaultRendererDir(): string {
  if (process.env.HALLQ_RENDERER_DIR) return process.env.HALLQ_RENDERER_DIR
  let dir = import.meta.dirname
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return join(dir, 'out', 'renderer')
}

export function hqPageRoutes(rendererDir: string) {
  const page = join(rendererDir, 'hq.html')
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyStatic, {
      root: join(rendererDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      suppressWarning: true,
      setHeaders: (res) => void res.header('x-content-type-options', 'nosniff'),
    })
    const send = async (_request: unknown, reply: FastifyReply) => {
      reply
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
      let html: string
      try {
        html = await readFile(page, 'utf8')
      } catch {
        return reply.status(503).send(MISSING_BUILD)
      }
      return reply.send(html.replaceAll('"./assets/', '"/assets/'))
    }
    app.get('/hq', send)
    app.get('/hq/*', send)
    app.get('/', async (_request, reply) => reply.redirect('/hq'))
  }
}
