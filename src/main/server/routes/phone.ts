/**
 * The customer's phone: one ticket's view, its live stream and its rating, each opened only with
 * the key printed in the ticket's QR. Every failure to find the ticket is the same NOT_FOUND, and
 * each address is held to a pace (security/rate-limit.ts). The stream carries this ticket's view
 * and nothing of the hall's own stream.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { SATISFACTION_SCORES, type Ticket } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import { BUSINESS_DAY, PHONE_API_PREFIX, TICKET_NUMBER, type PhoneStreamMessage, type PhoneTicketView } from '../../../shared/phone'
import { TERMINAL_TOKEN_HEADER, TERMINAL_COOKIE } from '../../../shared/terminals'
import type { Hall } from '../../hall'
import { RateLimiter } from '../../security/rate-limit'
import { clientMessageType } from '../client-messages'
import { isGuest } from '../guest'
import { header, isLoopback } from '../request'

type PhoneRequest = FastifyRequest<{ Params: { day: string; number: string }; Querystring: { k?: string } }>

const MAX_BUFFERED = 256 * 1024

/** The view without its clock: what tells a phone something changed. */
const sameView = (a: PhoneTicketView | null, b: PhoneTicketView) => a !== null && JSON.stringify({ ...a, asOf: 0 }) === JSON.stringify({ ...b, asOf: 0 })

export function phoneRoutes(hall: Hall, limiter = new RateLimiter()) {
  /** The ticket the request's link opens, after the address's pace is checked. */
  const open = (request: PhoneRequest): Ticket => {
    const now = hall.now()
    if (!limiter.allow(request.ip, now)) throw new AppError('TOO_MANY_REQUESTS', { retryAfterSeconds: limiter.retryAfterSeconds(request.ip, now) })
    const { day, number } = request.params
    try {
      if (!BUSINESS_DAY.test(day) || !TICKET_NUMBER.test(number)) throw new AppError('NOT_FOUND')
      return hall.phoneTicket(day, number, request.query.k)
    } catch (err) {
      limiter.fail(request.ip, now)
      throw err
    }
  }

  return async (app: FastifyInstance): Promise<void> => {
    const base = `${PHONE_API_PREFIX}/:day/:number`

    app.get(base, async (request: PhoneRequest, reply) => {
      const ticket = open(request)
      reply.header('cache-control', 'no-store')
      return hall.phoneView(ticket)
    })

    app.post(`${base}/rating`, async (request: PhoneRequest, reply) => {
      const ticket = open(request)
      // A customer's rating, never one typed in at a staff device: a paired terminal, a clerk's
      // session or the hub PC's own screens are refused.
      const staffDevice =
        header(request, 'authorization') !== undefined ||
        header(request, TERMINAL_TOKEN_HEADER) !== undefined ||
        request.cookies?.[TERMINAL_COOKIE] !== undefined ||
        (isLoopback(request.ip) && !isGuest(request, hall.state.settings))
      if (staffDevice) throw new AppError('FORBIDDEN', { needs: 'customer' })
      const score = (request.body as { score?: unknown } | null)?.score
      if (!SATISFACTION_SCORES.includes(score as never)) throw new AppError('VALIDATION_FAILED', [{ path: ['score'], message: 'a score from 1 to 4' }])
      reply.header('cache-control', 'no-store')
      return hall.ratePhone(ticket, score as (typeof SATISFACTION_SCORES)[number], request.ip)
    })

    app.route<{ Params: { day: string; number: string }; Querystring: { k?: string } }>({
      method: 'GET',
      url: `${base}/stream`,
      preValidation: async (request) => void open(request),
      handler: async () => {
        throw new AppError('UPGRADE_REQUIRED')
      },
      wsHandler: (socket, request) => {
        streamTicket(socket, hall, hall.phoneTicket(request.params.day, request.params.number, request.query.k))
      },
    })
  }
}

/**
 * Sends the ticket's view, then again whenever a committed command changes it. Views are worked
 * out after the command's listeners have run (one task later), so a burst of commands costs one
 * recomputation.
 */
function streamTicket(socket: WebSocket, hall: Hall, ticket: Ticket): void {
  let last: PhoneTicketView | null = null
  let pending = false
  const send = (message: PhoneStreamMessage) => {
    if (socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > MAX_BUFFERED) return socket.close(4008, 'too slow; reconnect')
    socket.send(JSON.stringify(message))
  }
  const refresh = () => {
    pending = false
    if (hall.state.tickets[ticket.id]?.number !== ticket.number || hall.state.businessDay !== ticket.businessDay) {
      // The business day closed: the link opens nothing any more.
      send({ type: 'gone' })
      socket.close(4404, 'ticket gone')
      return
    }
    const view = hall.phoneView(ticket)
    if (sameView(last, view)) return
    last = view
    send({ type: 'ticket', ticket: view })
  }
  const unsubscribe = hall.subscribe(() => {
    if (pending) return
    pending = true
    setImmediate(refresh)
  })
  // The estimate moves with the clock too (a long service, a pause running out).
  const timer = setInterval(refresh, 30_000)
  socket.on('close', () => {
    unsubscribe()
    clearInterval(timer)
  })
  // A broken frame or connection is logged by the server, short and throttled (a guest's phone
  // must not be able to fill the log with stack traces).
  socket.on('message', (data, isBinary) => {
    if (clientMessageType(data, isBinary) === 'ping') send({ type: 'pong' })
  })
  refresh()
}
