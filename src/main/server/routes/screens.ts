/**
 * The screens for browsers on the LAN: the renderer build (out/renderer) at /, /kiosk,
 * /counter, /rating, /display, /manager, /reports, /complaints and /settings (and anything below them: the page decides), the
 * hashed assets under /assets/, and the voice packs under /voice/<lang>/. Every page goes out
 * with a strict Content-Security-Policy. When the build is missing, the pages say how to make it.
 */
import { readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { AppError } from '../../../shared/errors'
import { VOICE_LANG } from '../../../shared/voice'
import type { GuestPaths } from '../guest'
import { appRoot, clipMime, findVoicePack, voiceDirs } from '../voice-files'

export const SCREEN_PATHS = ['kiosk', 'counter', 'rating', 'display', 'manager', 'reports', 'complaints', 'settings'] as const

/**
 * Scripts only from the hub itself; styles also inline (Naive UI writes its styles at run
 * time); sound from the hub or blob: URLs; connections only back to the hub (WebSocket
 * included); no frames, no plugins, no forms posting elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export interface ScreensOptions {
  /** The renderer build: index.html and assets/. */
  rendererDir: string
  /** Folders searched for voice packs, in order (see voice-files.ts). */
  voiceDirs: string[]
}

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-cache')
}

const MISSING_BUILD = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>HallQ</title>
<style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:720px;margin:10vh auto;padding:0 24px;line-height:1.7;color:#14191f}code{background:#eef1f5;padding:2px 6px;border-radius:4px}</style>
</head><body>
<h1>屏幕页面尚未构建 / The screens are not built yet</h1>
<p>营业厅服务已在运行，但找不到界面文件。请在项目目录运行 <code>npm run build</code> 后刷新本页（<code>npm run hub</code> 会在启动前自动构建）。</p>
<p>The hall is running, but the screens' files are missing. Run <code>npm run build</code> in the project folder and reload this page (<code>npm run hub</code> builds them before it starts).</p>
</body></html>`

export function screensRoutes(options: ScreensOptions) {
  const indexFile = join(options.rendererDir, 'index.html')
  // The customer's phone page: its own small entry, not the staff screens' app.
  const phoneFile = join(options.rendererDir, 'phone.html')

  return async (app: FastifyInstance): Promise<void> => {
    // Hashed file names: a new build has new names, so these can be cached for good.
    await app.register(fastifyStatic, {
      root: join(options.rendererDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      suppressWarning: true,
      setHeaders: (res) => void res.header('x-content-type-options', 'nosniff'),
    })

    // Read on every request: a build made while the hub runs is served at once.
    const sendFile = (file: string) => async (_request: unknown, reply: FastifyReply) => {
      let html: string
      try {
        html = await readFile(file, 'utf8')
      } catch {
        return pageHeaders(reply).status(503).type('text/html; charset=utf-8').send(MISSING_BUILD)
      }
      // The build links its assets relatively (./assets/, right for the desktop app's file://);
      // from /counter/… a browser needs them from the root.
      return pageHeaders(reply).type('text/html; charset=utf-8').send(html.replaceAll('"./assets/', '"/assets/'))
    }
    const sendPage = sendFile(indexFile)
    app.get('/t/*', sendFile(phoneFile))
    app.get('/', sendPage)
    app.get('/index.html', sendPage)
    for (const screen of SCREEN_PATHS) {
      app.get(`/${screen}`, sendPage)
      app.get(`/${screen}/*`, sendPage)
    }

    app.get<{ Params: { lang: string } }>('/voice/:lang/index.json', async (request) => {
      const pack = VOICE_LANG.test(request.params.lang) ? findVoicePack(options.voiceDirs, request.params.lang) : null
      if (!pack) throw new AppError('NOT_FOUND', { voice: request.params.lang })
      return pack.index
    })

    app.get<{ Params: { lang: string; file: string } }>('/voice/:lang/:file', async (request, reply) => {
      const { lang, file } = request.params
      const pack = VOICE_LANG.test(lang) ? findVoicePack(options.voiceDirs, lang) : null
      // Only a file the pack lists: nothing else in (or above) the folder can be asked for.
      if (!pack || !Object.values(pack.index.clips).includes(file)) throw new AppError('NOT_FOUND', { voice: `${lang}/${file}` })
      return reply.header('cache-control', 'no-cache').type(clipMime(file)).sendFile(file, pack.dir)
    })
  }
}

/**
 * The screens as a part of the hub (app.ts EXTENSIONS): the build next to the code, voice packs
 * from the data folder or the app's resources. HALLQ_RENDERER_DIR and HALLQ_VOICE_DIR override.
 */
export function screensExtension({ dataDir }: { dataDir: string }): { routes: ((app: FastifyInstance) => Promise<void>)[]; guestPaths: GuestPaths } {
  const root = appRoot(import.meta.dirname)
  const rendererDir = process.env.HALLQ_RENDERER_DIR ?? join(root, 'out', 'renderer')
  return { routes: [screensRoutes({ rendererDir, voiceDirs: voiceDirs(dataDir, root) })], guestPaths: phoneAssets(rendererDir) }
}

/**
 * The assets the phone page's build links (its script, style and the chunks it preloads): the
 * only files a guest may fetch. Read again when a new build replaces phone.html.
 */
export function phoneAssets(rendererDir: string): GuestPaths {
  const file = join(rendererDir, 'phone.html')
  let seen = { mtimeMs: -1, paths: new Set<string>() }
  return (path) => {
    if (!path.startsWith('/assets/')) return false
    const stat = statSync(file, { throwIfNoEntry: false })
    if (!stat) return false
    if (stat.mtimeMs !== seen.mtimeMs) {
      const html = readFileSync(file, 'utf8')
      seen = { mtimeMs: stat.mtimeMs, paths: new Set([...html.matchAll(/"\.?\/assets\/([\w.-]+)"/g)].map((m) => `/assets/${m[1]}`)) }
    }
    return seen.paths.has(path)
  }
}
