/**
 * The WebSocket event stream: a snapshot (or what a reconnecting client missed), then every
 * logged command as it commits.
 */
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { API_PATHS, MAX_CATCH_UP, STREAM_CLOSE, type StreamMessage } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { LoggedCommand } from '../../../shared/events'
import { errorMessage } from '../../../shared/locales/index'
import type { CallingTerminal, Hall, Revocation } from '../../hall'
import { hashToken } from '../../security/secrets'
import { isComplaintEvent } from '../../../shared/complaints'
import { hasRank } from '../../core/decide'
import { clientMessageType } from '../client-messages'
import { credentials, requireTerminal } from '../request'
import { screenViewOf, type ScreenView } from '../screen-view'
import { ThrottledLog } from '../throttled-log'

/** A client further behind than this many bytes of unsent events is dropped; it will resync. */
const MAX_BUFFERED = 4 * 1024 * 1024

/** Another part of the hub that streams its own messages: subscribes one client, returns the unsubscribe. */
export type StreamSource = (send: (message: StreamMessage) => void) => () => void

export function streamRoutes(hall: Hall, log: Logger, sources: StreamSource[] = []) {
  const refusals = new ThrottledLog(log, 'event stream refused')
  return async (app: FastifyInstance): Promise<void> => {
    // An unpaired client is refused before the upgrade, with the usual JSON error; a plain
    // HTTP request (no upgrade) is told what it should have done.
    app.route<{ Querystring: { after?: string } }>({
      method: 'GET',
      url: API_PATHS.stream,
      preValidation: async (request) => {
        try {
          requireTerminal(hall, request)
          // A program may open the stream with a clerk's token; a wrong one is refused here.
          hall.authenticate(credentials(request, hall))
        } catch (err) {
          refusals.line({ address: request.ip, code: (err as { code?: string }).code ?? 'INTERNAL' })
          throw err
        }
      },
      handler: async () => {
        throw new AppError('UPGRADE_REQUIRED')
      },
      wsHandler: (socket, request) => {
        const creds = credentials(request, hall)
        let access: StreamAccess
        try {
          const actor = hall.authenticate(creds)
          access = {
            calling: hall.terminalOf(creds),
            clerkId: actor.clerkId,
            tokenHash: creds.token ? hashToken(creds.token) : null,
            complaints: actor.clerkId !== null && hasRank(actor, 'manager'),
          }
        } catch {
          // Revoked between the check and the upgrade.
          socket.close(STREAM_CLOSE.terminalRevoked, 'access ended')
          return
        }
        streamTo(socket, hall, request.query.after, sources, access)
      },
    })
  }
}

/** What a stream was opened with: when it ends, the stream ends. */
interface StreamAccess {
  calling: CallingTerminal
  clerkId: number | null
  tokenHash: string | null
  /** A manager or above is logged in: the complaint cases' facts are sent too. */
  complaints: boolean
}

/**
 * What a viewer receives of a logged command: complaint cases go only to staff who handle them
 * (a manager or above); everyone else gets the command with those events left out, so sequence
 * numbers stay whole.
 */
export function forViewer(logged: LoggedCommand, complaints: boolean): LoggedCommand {
  if (complaints || !logged.events.some(isComplaintEvent)) return logged
  return { ...logged, events: logged.events.filter((e) => !isComplaintEvent(e)) }
}

/** The close code for a stream whose access `r` ended, or null when it is not this one's. */
function endedBy(r: Revocation, a: StreamAccess): number | null {
  if (r.kind === 'terminal') return a.calling.kind === 'paired' && a.calling.terminal.id === r.terminalId ? STREAM_CLOSE.terminalRevoked : null
  if (r.kind === 'clerk') return a.clerkId === r.clerkId ? STREAM_CLOSE.sessionEnded : null
  return a.tokenHash === r.tokenHash ? STREAM_CLOSE.sessionEnded : null
}

/**
 * A committed event as it goes on the wire, made once per view and shared by every client of that
 * view: a hall's dozen screens would otherwise each serialise and encode the same event, which
 * cost more than the rest of the publish (docs/performance.md, call-next over HTTP).
 */
const frames = new WeakMap<LoggedCommand, Map<ScreenView, Buffer>>()
const hidingComplaints = new WeakMap<ScreenView, ScreenView>()

/** `view` without the complaint cases' events; one object per view, so frames are still made once. */
function complaintsHidden(view: ScreenView): ScreenView {
  let hidden = hidingComplaints.get(view)
  if (!hidden) {
    hidden = { state: view.state, logged: (l) => forViewer(view.logged(l), false) }
    hidingComplaints.set(view, hidden)
  }
  return hidden
}

function eventFrame(logged: LoggedCommand, view: ScreenView): Buffer {
  let byView = frames.get(logged)
  if (!byView) {
    byView = new Map()
    frames.set(logged, byView)
  }
  let frame = byView.get(view)
  if (!frame) {
    const message: StreamMessage = { type: 'event', ...view.logged(logged) }
    frame = Buffer.from(JSON.stringify(message))
    byView.set(view, frame)
  }
  return frame
}

/** Sends what the client missed (or a snapshot), then every new logged command as it commits. */
function streamTo(socket: WebSocket, hall: Hall, afterParam: string | undefined, sources: StreamSource[], access: StreamAccess): void {
  /** A text frame: a message, or an event already on the wire's terms (UTF-8 JSON). */
  const sendText = (text: string | Buffer) => {
    if (socket.readyState !== socket.OPEN) return
    if (socket.bufferedAmount > MAX_BUFFERED) {
      socket.close(STREAM_CLOSE.tooSlow, 'too slow; reconnect to resync')
      return
    }
    socket.send(text, { binary: false })
  }
  const send = (message: StreamMessage) => sendText(JSON.stringify(message))
  // Revoked or logged out: closed at once; `send` sends nothing on a closing socket.
  const stopWatching = hall.onRevoked((r) => {
    const code = endedBy(r, access)
    if (code !== null) socket.close(code, code === STREAM_CLOSE.terminalRevoked ? 'terminal revoked' : 'session ended')
  })
  socket.on('close', stopWatching)
  // Everything below runs without awaiting, so no command can commit between the catch-up
  // and the subscription: the client sees every sequence number exactly once.
  const view = access.complaints ? screenViewOf(access.calling) : complaintsHidden(screenViewOf(access.calling))
  // The frame is made now, the send in the event loop's next turn: the command's own HTTP answer
  // goes out first, instead of waiting for a dozen socket writes (order per client is kept).
  const unsubscribe = hall.subscribe((logged: LoggedCommand) => {
    const frame = eventFrame(logged, view)
    setImmediate(() => sendText(frame))
  })
  socket.on('close', unsubscribe)
  // A socket's errors (garbage frames, a broken connection) are logged by the server, short and throttled.
  socket.on('message', (data, isBinary) => {
    if (clientMessageType(data, isBinary) === 'ping') send({ type: 'pong' })
    else send({ type: 'error', error: { code: 'VALIDATION_FAILED', message: errorMessage('VALIDATION_FAILED') } })
  })

  const { seq, state } = hall.snapshot()
  const after = afterParam !== undefined && /^\d{1,15}$/.test(afterParam) ? Number(afterParam) : null
  if (after === null || after > seq || seq - after > MAX_CATCH_UP) send({ type: 'snapshot', seq, state: view.state(state) })
  else for (const logged of hall.eventsAfter(after, MAX_CATCH_UP)) sendText(eventFrame(logged, view))
  // After the hall's own catch-up: each source starts with its current state (device health).
  for (const source of sources) socket.on('close', source(send))
}
