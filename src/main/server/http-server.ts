/**
 * The hall's LAN face: the HTTP command API and the WebSocket event stream under /api/v1.
 * Every answer is JSON; every failure is `{ error: { code, message, details? } }` with a
 * stable code and a 4xx status, unless the hub itself is at fault.
 */
import websocket from '@fastify/websocket'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { API_PATHS, API_PREFIX, IDEMPOTENCY_HEADER, MAX_CATCH_UP, TERMINAL_HEADER, type Health, type StreamMessage } from '../../shared/api'
import { AppError, isAppError, type ErrorBody, type ErrorCode } from '../../shared/errors'
import type { LoggedCommand } from '../../shared/events'
import { errorMessage, localeFromAcceptLanguage } from '../../shared/locales/index'
import { hasRank } from '../core/decide'
import type { Credentials, Hall } from '../hall'

export interface ServerOptions {
  hall: Hall
  logger: Logger
  version: string
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
/** A client further behind than this many bytes of unsent events is dropped; it will resync. */
const MAX_BUFFERED = 4 * 1024 * 1024

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { hall } = options
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // The hall is usually reached by IP on a LAN; nothing sits in front of the hub.
    trustProxy: false,
  })
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, details } = classify(err)
    if (status >= 500) request.log.error({ err, url: request.url }, 'request failed')
    return sendError(reply, request, status, code, details)
  })
  app.setNotFoundHandler((request, reply) => sendError(reply, request, 404, 'NOT_FOUND', { path: request.url.split('?')[0] }))

  app.get(API_PATHS.health, async (): Promise<Health> => {
    const { seq, state } = hall.snapshot()
    return { ok: true, name: 'hallq', version: options.version, businessDay: state.businessDay, seq }
  })

  app.post<{ Params: { name: string } }>(`${API_PREFIX}/commands/:name`, async (request) => {
    const key = header(request, IDEMPOTENCY_HEADER)
    if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
      throw new AppError('VALIDATION_FAILED', [{ path: ['Idempotency-Key'], message: '8-100 characters: letters, digits, _ . : -' }])
    }
    return hall.execute(request.params.name, request.body, credentials(request), { idempotencyKey: key })
  })

  app.get(API_PATHS.snapshot, async () => hall.snapshot())

  app.get(API_PATHS.me, async (request) => ({ actor: hall.authenticate(credentials(request)) }))

  app.get<{ Querystring: { after?: string; limit?: string } }>(API_PATHS.events, async (request) => {
    const after = intParam(request.query.after ?? '0', 'after', 0)
    const limit = intParam(request.query.limit ?? String(MAX_CATCH_UP), 'limit', 1, MAX_CATCH_UP)
    return { events: hall.eventsAfter(after, limit), lastSeq: hall.snapshot().seq }
  })

  app.get<{ Params: { day: string } }>(`${API_PREFIX}/days/:day/records`, async (request) => {
    requireManager(hall, request)
    return hall.dayRecords(dayParam(request.params.day))
  })

  app.get<{ Params: { day: string } }>(`${API_PREFIX}/days/:day/log`, async (request) => {
    requireManager(hall, request)
    return { businessDay: request.params.day, log: hall.logOfDay(dayParam(request.params.day)) }
  })

  app.get<{ Querystring: { after?: string } }>(API_PATHS.stream, { websocket: true }, (socket, request) => {
    streamTo(socket, hall, request.query.after, options.logger)
  })

  return app
}

/** Sends what the client missed (or a snapshot), then every new logged command as it commits. */
function streamTo(socket: WebSocket, hall: Hall, afterParam: string | undefined, log: Logger): void {
  const send = (message: StreamMessage) => {
    if (socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > MAX_BUFFERED) {
      socket.close(4008, 'too slow; reconnect to resync')
      return
    }
    socket.send(JSON.stringify(message))
  }
  // Everything below runs without awaiting, so no command can commit between the catch-up
  // and the subscription: the client sees every sequence number exactly once.
  const unsubscribe = hall.subscribe((logged: LoggedCommand) => send({ type: 'event', ...logged }))
  socket.on('close', unsubscribe)
  socket.on('error', (err) => log.warn({ err }, 'event stream socket error'))
  socket.on('message', (data, isBinary) => {
    let type: unknown
    try {
      type = isBinary ? undefined : (JSON.parse(String(data)) as { type?: unknown }).type
    } catch {
      type = undefined
    }
    if (type === 'ping') send({ type: 'pong' })
    else send({ type: 'error', error: { code: 'VALIDATION_FAILED', message: errorMessage('VALIDATION_FAILED') } })
  })

  const { seq, state } = hall.snapshot()
  const after = afterParam !== undefined && /^\d{1,15}$/.test(afterParam) ? Number(afterParam) : null
  if (after === null || after > seq || seq - after > MAX_CATCH_UP) {
    send({ type: 'snapshot', seq, state })
    return
  }
  for (const logged of hall.eventsAfter(after, MAX_CATCH_UP)) send({ type: 'event', ...logged })
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function credentials(request: FastifyRequest): Credentials {
  const auth = header(request, 'authorization')
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined
  const named = header(request, TERMINAL_HEADER)?.trim()
  const terminal = named && /^[\w.:-]{1,40}$/.test(named) ? `${named}@${request.ip}` : request.ip
  return { token: token || undefined, terminal }
}

function requireManager(hall: Hall, request: FastifyRequest): void {
  const actor = hall.authenticate(credentials(request))
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED')
  if (!hasRank(actor, 'manager')) throw new AppError('FORBIDDEN', { needs: 'manager' })
}

function intParam(raw: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new AppError('VALIDATION_FAILED', [{ path: [name], message: `integer from ${min} to ${max}` }])
  }
  return Number(raw)
}

function dayParam(day: string): string {
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new AppError('VALIDATION_FAILED', [{ path: ['day'], message: 'business day as YYYY-MM-DD' }])
  }
  return day
}

function classify(err: FastifyError | AppError): { status: number; code: ErrorCode; details?: unknown } {
  if (isAppError(err)) return { status: err.status, code: err.code, details: err.details }
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
  return reply.status(status).type('application/json; charset=utf-8').send(body)
}
