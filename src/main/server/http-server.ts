/**
 * The hall's LAN face under /api/v1. Every answer is JSON; every failure is
 * `{ error: { code, message, details? } }` with a stable code and a 4xx status, unless the hub
 * itself is at fault. Routes live in ./routes; the composition (app.ts) adds its own.
 */
import cookie from '@fastify/cookie'
import websocket from '@fastify/websocket'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { AppError, ERROR_STATUS, isAppError, type ErrorBody, type ErrorCode } from '../../shared/errors'
import { storageProblem } from '../store/storage-errors'
import { errorMessage, localeFromAcceptLanguage } from '../../shared/locales/index'
import type { Hall } from '../hall'
import { HostPolicy, hostOf } from './host-policy'
import { hallRoutes } from './routes/hall'
import { streamRoutes, type StreamSource } from './routes/stream'
import { terminalRoutes } from './routes/terminals'
import { phoneRoutes } from './routes/phone'
import { complaintRoutes } from './routes/complaints'
import { clerkPhotoRoutes } from './routes/clerk-photos'
import { ThrottledLog, shortReason } from './throttled-log'
import { guestHostNames, guestMayReach, isGuest, type GuestPaths } from './guest'

export type Routes = (app: FastifyInstance) => Promise<void>

export interface ServerOptions {
  hall: Hall
  logger: Logger
  version: string
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number
  /** Further route sets (devices, reports, the screens), registered after the hall's own. */
  routes?: Routes[]
  /** Serve HTTPS with this key and certificate (terminal cookies are then marked Secure). */
  https?: { key: string; cert: string }
  /** Further messages on the event stream (device health, print jobs). */
  streams?: StreamSource[]
  /** The phone page's assets a guest may fetch (guest.ts). */
  guestPaths?: GuestPaths[]
  /** Further names the hub answers to, besides its own and `security.hostNames` (read per request). */
  hostNames?: Array<() => readonly string[]>
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { hall } = options
  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // The hall is usually reached by IP on a LAN; nothing sits in front of the hub.
    trustProxy: false,
    // Requests are validated with the shared zod schemas and answers are plain JSON, so no route
    // has a Fastify schema: without these, Fastify loads Ajv and fast-json-stringify at start
    // for nothing (about 130 modules). A route given a schema fails to register, saying so.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
  })
  // Hostile JSON: nesting is bounded before anything recurses over it, and text must be
  // well-formed UTF-16 (no lone surrogates) — both refused as 400 VALIDATION_FAILED.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    if (nestingOf(text) > MAX_JSON_DEPTH) {
      done(new AppError('VALIDATION_FAILED', [{ path: [], message: `JSON nested deeper than ${MAX_JSON_DEPTH}` }]), undefined)
      return
    }
    parseJson(request, text, (err, value) => {
      if (err) done(err, undefined)
      else if (!wellFormed(value)) done(new AppError('VALIDATION_FAILED', [{ path: [], message: 'text with a lone UTF-16 surrogate' }]), undefined)
      else done(null, value)
    })
  })
  await app.register(cookie)
  // A broken frame or connection on the event stream is the client's doing: a short line, throttled.
  const badStreams = new ThrottledLog(options.logger, 'event stream connection dropped: bad frame or broken connection')
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    errorHandler: (err, socket, request) => {
      badStreams.line({ address: request.ip, reason: shortReason(err) })
      socket.terminate()
    },
  })
  // After the WebSocket plugin's own hook, which marks an upgrade so a refused one is closed.
  // DNS rebinding and cross-site requests: only the hub's own names in Host, only its own sites
  // in Origin (browsers send it on WebSocket upgrades and on cross-site requests).
  // The guest Wi-Fi address (settings.phone.guestUrl) is one of the hub's own names too.
  const hosts = new HostPolicy(() => [
    ...hall.state.settings.security.hostNames,
    ...guestHostNames(hall.state.settings).map(hostOf),
    ...(options.hostNames ?? []).flatMap((names) => names()),
  ])
  app.addHook('onRequest', async (request) => {
    const host = hostOf(request.headers.host ?? '')
    if (!hosts.allows(host)) throw new AppError('HOST_NOT_ALLOWED', { host: host.slice(0, 100) })
    const origin = request.headers.origin
    if (origin !== undefined && !hosts.allowsOrigin(origin)) throw new AppError('ORIGIN_NOT_ALLOWED')
  })

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, details } = classify(err)
    if (status >= 500) request.log.error({ err, url: request.url }, 'request failed')
    return sendError(reply, request, status, code, details)
  })
  app.setNotFoundHandler((request, reply) => sendError(reply, request, 404, 'NOT_FOUND', { path: request.url.split('?')[0] }))

  // Phones on the guest Wi-Fi reach the phone page and nothing else (guest.ts).
  app.addHook('onRequest', async (request) => {
    if (isGuest(request, hall.state.settings) && !guestMayReach(request.method, request.url, options.guestPaths)) throw new AppError('TERMINAL_NOT_PAIRED')
  })

  await app.register(hallRoutes(hall, options.version))
  await app.register(streamRoutes(hall, options.logger, options.streams))
  await app.register(terminalRoutes(hall, { secure: options.https !== undefined }))
  await app.register(phoneRoutes(hall))
  await app.register(complaintRoutes(hall))
  await app.register(clerkPhotoRoutes(hall))
  for (const routes of options.routes ?? []) await app.register(routes)
  return app
}

/** Fastify's schema compilers, for a hub whose routes have none (validation is zod's). */
function noRouteSchemas(): never {
  throw new Error('HallQ routes validate with the shared zod schemas: a Fastify route schema is not compiled')
}

/** Deepest JSON nesting a request may have (settings are 5 deep). */
export const MAX_JSON_DEPTH = 32

/** How deep `[` and `{` nest in JSON text, outside strings. One pass, no recursion. */
function nestingOf(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) max = Math.max(max, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return max
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Every string (and key) in a parsed value is well-formed UTF-16. Depth is bounded already. */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value)
  if (Array.isArray(value)) return value.every(wellFormed)
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([k, v]) => !LONE_SURROGATE.test(k) && wellFormed(v))
  return true
}

function classify(err: FastifyError | AppError): { status: number; code: ErrorCode; details?: unknown } {
  if (isAppError(err)) return { status: err.status, code: err.code, details: err.details }
  // A read (or a best-effort write) that met a locked or full database outside a command.
  const problem = storageProblem(err)
  if (problem) return { status: ERROR_STATUS[problem], code: problem }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }
  }
  // Malformed JSON, poisoned prototypes, bad headers: the client's fault, say so plainly.
  const status = err.statusCode ?? 500
  if (status >= 400 && status < 500) return { status: 400, code: 'VALIDATION_FAILED', details: [{ path: [], message: err.message }] }
  return { status: 500, code: 'INTERNAL' }
}

function sendError(reply: FastifyReply, request: FastifyRequest, status: number, code: ErrorCode, details?: unknown) {
  const body: ErrorBody = { error: { code, message: errorMessage(code, localeFromAcceptLanguage(request.headers['accept-language'])) } }
  if (details !== undefined) body.error.details = details
  const retryAfter = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  if (status === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter))
  return reply.status(status).type('application/json; charset=utf-8').send(body)
}
