/**
 * Main's side of the Electron transport: the same hall.execute the HTTP API uses, reached
 * through two invoke channels, for senders we trust only.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Logger } from 'pino'
import { AppError, isAppError, type ErrorBody } from '../../shared/errors'
import { HUB_ACTIONS, HUB_READS, IPC, REPORT_QUERY_NAMES, type IpcCommandRequest, type IpcQueries, type IpcQueryName, type IpcReply, type IpcStreamMessage } from '../../shared/ipc'
import { errorMessage } from '../../shared/locales/index'
import type { ExtensionQuery } from '../app'
import type { Hall } from '../hall'
import type { StreamSource } from '../server/routes/stream'
import { readVoicePack } from '../server/voice-files'

/** All the trust check needs of an IPC event: the URL of the frame that sent it. */
type Sender = { senderFrame: { url: string } | null } | Pick<IpcMainInvokeEvent, 'senderFrame'> | Pick<IpcMainEvent, 'senderFrame'>

/** A frame is trusted when it shows our own renderer: the packaged file or the dev server. */
export function trustedSender(event: Sender, rendererUrl: string): boolean {
  const url = event.senderFrame?.url
  if (!url) return false
  try {
    const frame = new URL(url)
    const ours = new URL(rendererUrl)
    if (ours.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname.startsWith(ours.pathname.replace(/[^/]*$/, ''))
    return frame.origin === ours.origin
  } catch {
    return false
  }
}

/** An error as IPC answers it: the code, the sentence, the details; anything unexpected is INTERNAL and logged. */
export function failure(err: unknown, log: Logger): IpcReply<never> {
  const e = isAppError(err) ? err : new AppError('INTERNAL')
  if (!isAppError(err)) log.error({ err }, 'IPC request failed')
  const body: ErrorBody = { error: { code: e.code, message: errorMessage(e.code) } }
  if (e.details !== undefined) body.error.details = e.details
  return { ok: false, ...body }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface HallIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>
  hall: Hall
  logger: Logger
  rendererUrl: string
  /** Windows that receive the event stream. */
  targets: () => WebContents[]
  /** Folders searched for voice packs (server/voice-files.ts); none means no recorded voice. */
  voiceDirs?: string[]
  /** The hub's in-process queries (HallApp.queries): the reports, devices, terminals and backups answer from the same code as over HTTP. */
  queries?: ReadonlyMap<string, ExtensionQuery>
  /** What the hall's parts add to the stream (device health, print jobs): the same sources the WebSocket has. */
  streams?: StreamSource[]
}

/** The window's own name for the audit log and its kiosk printer, as X-HallQ-Terminal is over HTTP. */
function callerTerminal(raw: unknown): string {
  return typeof raw === 'string' && /^[\w.:-]{1,40}$/.test(raw) ? `${raw}@desktop` : 'desktop'
}

/** Wires the channels; returns a function that unwires them. */
export function registerHallIpc({ ipcMain, hall, logger, rendererUrl, targets, voiceDirs = [], queries = new Map(), streams = [] }: HallIpcOptions): () => void {
  const forbidden = () => failure(new AppError('FORBIDDEN'), logger)

  ipcMain.handle(IPC.command, async (event, raw: unknown): Promise<IpcReply<unknown>> => {
    if (!trustedSender(event, rendererUrl)) return forbidden()
    if (!isObject(raw) || typeof raw.name !== 'string') return failure(new AppError('VALIDATION_FAILED'), logger)
    const request = raw as unknown as IpcCommandRequest
    try {
      const token = typeof request.token === 'string' ? request.token : undefined
      const idempotencyKey = typeof request.idempotencyKey === 'string' ? request.idempotencyKey : undefined
      const result = await hall.execute(request.name, request.payload, { token, terminal: callerTerminal(request.terminal), local: true, address: 'desktop' }, { idempotencyKey })
      return { ok: true, result }
    } catch (err) {
      return failure(err, logger)
    }
  })

  ipcMain.handle(IPC.query, async (event, raw: unknown): Promise<IpcReply<unknown>> => {
    if (!trustedSender(event, rendererUrl)) return forbidden()
    if (!isObject(raw)) return failure(new AppError('VALIDATION_FAILED'), logger)
    const name = raw.name as IpcQueryName
    const args = isObject(raw.args) ? raw.args : {}
    try {
      if (name === 'snapshot') return { ok: true, result: hall.snapshot() satisfies IpcQueries['snapshot']['result'] }
      if (name === 'eventsAfter') {
        const after = typeof args.after === 'number' && Number.isInteger(args.after) && args.after >= 0 ? args.after : null
        if (after === null) throw new AppError('VALIDATION_FAILED', [{ path: ['after'], message: 'non-negative integer' }])
        return { ok: true, result: { events: hall.eventsAfter(after), lastSeq: hall.snapshot().seq } satisfies IpcQueries['eventsAfter']['result'] }
      }
      if (name === 'me') {
        const token = typeof args.token === 'string' && args.token ? args.token : undefined
        return { ok: true, result: { actor: hall.authenticate({ token, terminal: 'desktop', local: true }) } satisfies IpcQueries['me']['result'] }
      }
      if (name === 'voicePack') {
        const lang = typeof args.lang === 'string' ? args.lang : ''
        return { ok: true, result: readVoicePack(voiceDirs, lang) satisfies IpcQueries['voicePack']['result'] }
      }
      // The hub's reads and actions (reports, devices, terminals, backups): only the names the
      // renderer may ask, never main's own (the export file's path).
      const allowed: readonly string[] = [...REPORT_QUERY_NAMES, ...HUB_READS, ...HUB_ACTIONS]
      const hub = allowed.includes(name) ? queries.get(name) : undefined
      if (hub) {
        const { token, ...rest } = args
        const caller = { token: typeof token === 'string' && token ? token : undefined, terminal: 'desktop', local: true }
        return { ok: true, result: await hub(rest, caller) }
      }
      throw new AppError('UNKNOWN_COMMAND', { query: String(name) })
    } catch (err) {
      return failure(err, logger)
    }
  })

  ipcMain.on(IPC.rendererError, (event, raw: unknown) => {
    if (!trustedSender(event, rendererUrl) || !isObject(raw)) return
    logger.error({ renderer: { message: String(raw.message ?? ''), stack: String(raw.stack ?? ''), source: String(raw.source ?? '') } }, 'renderer error')
  })

  const unsubscribe = hall.subscribe((logged) => {
    const message: IpcStreamMessage = { type: 'event', ...logged }
    for (const target of targets()) if (!target.isDestroyed()) target.send(IPC.stream, message)
  })

  // The parts' messages go to each window that opened the stream, starting with their current
  // state, exactly as each WebSocket client gets them; a window that opens again starts afresh.
  const opened = new Map<number, () => void>()
  const close = (id: number) => {
    opened.get(id)?.()
    opened.delete(id)
  }
  ipcMain.on(IPC.streamOpen, (event) => {
    if (!trustedSender(event, rendererUrl)) return
    const target = (event as IpcMainEvent).sender
    const first = !opened.has(target.id)
    close(target.id)
    const send = (message: IpcStreamMessage) => {
      if (!target.isDestroyed()) target.send(IPC.stream, message)
    }
    const stops = streams.map((source) => source(send))
    opened.set(target.id, () => stops.forEach((stop) => stop()))
    if (first) target.once('destroyed', () => close(target.id))
  })

  return () => {
    unsubscribe()
    for (const id of [...opened.keys()]) close(id)
    ipcMain.removeHandler(IPC.command)
    ipcMain.removeHandler(IPC.query)
    ipcMain.removeAllListeners(IPC.rendererError)
    ipcMain.removeAllListeners(IPC.streamOpen)
  }
}
