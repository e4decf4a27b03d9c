/**
 * The WebSocket event stream: a snapshot (or what a reconnecting client missed), then every
 * logged command as it commits.
 */
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { API_PATHS, MAX_CATCH_UP, type StreamMessage } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { LoggedCommand } from '../../../shared/events'
import { errorMessage } from '../../../shared/locales/index'
import type { Hall } from '../../hall'
import { requireTerminal } from '../request'

/** A client further behind than this many bytes of unsent events is dropped; it will resync. */
const MAX_BUFFERED = 4 * 1024 * 1024

/** Another part of the hub that streams its own messages: subscribes one client, returns the unsubscribe. */
export type StreamSource = (send: (message: StreamMessage) => void) => () => void

export function streamRoutes(hall: Hall, log: Logger, sources: StreamSource[] = []) {
  return async (app: FastifyInstance): Promise<void> => {
    // An unpaired client is refused before the upgrade, with the usual JSON error; a plain
    // HTTP request (no upgrade) is told what it should have done.
    app.route<{ Querystring: { after?: string } }>({
      method: 'GET',
      url: API_PATHS.stream,
      preValidation: async (request) => requireTerminal(hall, request),
      handler: async () => {
        throw new AppError('UPGRADE_REQUIRED')
      },
      wsHandler: (socket, request) => {
        streamTo(socket, hall, request.query.after, log, sources)
      },
    })
  }
}

/** Sends what the client missed (or a snapshot), then every new logged command as it commits. */
function streamTo(socket: WebSocket, hall: Hall, afterParam: string | undefined, log: Logger, sources: StreamSource[]): void {
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
  if (after === null || after > seq || seq - after > MAX_CATCH_UP) send({ type: 'snapshot', seq, state })
  else for (const logged of hall.eventsAfter(after, MAX_CATCH_UP)) send({ type: 'event', ...logged })
  // After the hall's own catch-up: each source starts with its current state (device health).
  for (const source of sources) socket.on('close', source(send))
}
