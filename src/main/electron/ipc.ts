/**
 * Main's side of the Electron transport: the same hall.execute the HTTP API uses, reached
 * through two invoke channels, for senders we trust only.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Logger } from 'pino'
import { AppError, isAppError, type ErrorBody } from '../../shared/errors'
import { HUB_ACTIONS, HUB_READS, IPC, type IpcCommandRequest, type IpcQueries, type IpcQueryName, type IpcReply } from '../../shared/ipc'
import { errorMessage } from '../../shared/locales/index'
import type { ExtensionQuery } from '../app'
import type { Hall } from '../hall'
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

function failure(err: unknown, log: Logger): IpcReply<never> {
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
  /** The hub's in-process queries (HallApp.queries): devices, terminals and backups answer from the same code as over HTTP. */
  queries?: ReadonlyMap<string, ExtensionQuery>
}

/** Wires the channels; returns a function that unwires them. */
export function registerHallIpc({ ipcMain, hall, logger, rendererUrl, targets, voiceDirs = [], queries = new Map() }: HallIpcOptions): () => void {
  const forbidden = () => failure(new AppError('FORBIDDEN'), logger)

  ipcMain.handle(IPC.command, async (event, raw: unknown): Promise<IpcReply<unknown>> => {
    if (!trustedSender(event, rendererUrl)) return forbidden()
    if (!isObject(raw) || typeof raw.name !== 'string') return failure(new AppError('VALIDATION_FAILED'), logger)
    const request = raw as unknown as IpcCommandRequest
    try {
      const token = typeof request.token === 'string' ? request.token : undefined
      const idempotencyKey = typeof request.idempotencyKey === 'string' ? request.idempotencyKey : undefined
      const result = await hall.execute(request.name, request.payload, { token, terminal: 'desktop', local: true }, { idempotencyKey })
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
      // The hub's reads and actions: only the names the renderer may ask.
      const hub = ([...HUB_READS, ...HUB_ACTIONS] as readonly string[]).includes(name) ? queries.get(name) : undefined
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
    for (const target of targets()) if (!target.isDestroyed()) target.send(IPC.stream, logged)
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC.command)
    ipcMain.removeHandler(IPC.query)
    ipcMain.removeAllListeners(IPC.rendererError)
  }
}
