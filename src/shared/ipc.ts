/**
 * The Electron transport's contract: the channels preload may use and the one small API it
 * puts on `window.hallq`. Everything crossing IPC is plain JSON; errors travel as data.
 */
import type { CommandName } from './commands'
import type { DeviceHealth, DeviceTestResult, SerialPortListing } from './devices'
import type { Actor } from './domain'
import type { ErrorBody } from './errors'
import type { LoggedCommand } from './events'
import type { HallState } from './hall-state'
import type { Terminal } from './terminals'

export const IPC = {
  command: 'hallq:command',
  query: 'hallq:query',
  stream: 'hallq:stream',
  rendererError: 'hallq:renderer-error',
} as const

/** Channels the preload bridge may invoke or listen on; nothing else reaches main. */
export const IPC_ALLOW_LIST: readonly string[] = Object.values(IPC)

export type IpcReply<T> = { ok: true; result: T } | ({ ok: false } & ErrorBody)

export interface IpcCommandRequest {
  name: CommandName
  payload: unknown
  token?: string
  idempotencyKey?: string
}

export interface IpcQueries {
  snapshot: { args: Record<string, never>; result: { seq: number; state: HallState } }
  eventsAfter: { args: { after: number }; result: { events: LoggedCommand[]; lastSeq: number } }
  /** Who a token belongs to (GET /me over HTTP); a stale token is UNAUTHENTICATED. */
  me: { args: { token?: string }; result: { actor: Actor } }
  /** The recorded voice clips for a language (resources/voice/<lang>/), or null when none. */
  voicePack: { args: { lang: string }; result: VoicePackFiles | null }
  // The hub's reads and actions outside the command log (HUB_REQUESTS): the same functions
  // answer the HTTP routes; `token` is the caller's clerk token, as with `me`.
  /** GET /devices (manager). */
  devices: { args: { token?: string }; result: { devices: DeviceHealth[] } }
  /** GET /devices/ports (manager). */
  devicePorts: { args: { token?: string }; result: SerialPortListing }
  /** POST /devices/:id/test (admin): a test print or test display, answered with how it went. */
  deviceTest: { args: { token?: string; id: string; text?: string; address?: number }; result: DeviceTestResult }
  /** GET /terminals (admin), with the fingerprint of the hub's TLS certificate (null without TLS). */
  terminals: { args: { token?: string }; result: { terminals: Terminal[]; tlsFingerprint: string | null } }
  /** GET /backups (admin), newest first. */
  backups: { args: { token?: string }; result: { backups: BackupListing[] } }
  /** POST /backups (admin): a backup now. */
  backupNow: { args: { token?: string }; result: BackupListing }
}

export interface BackupListing {
  name: string
  bytes: number
  at: number
}

/**
 * Queries that are the hub's HTTP reads (GET) and actions (POST) beyond commands and the
 * stream; parts of the hub (devices, backups, terminals) answer them with one function each.
 */
export const HUB_READS = ['devices', 'devicePorts', 'terminals', 'backups'] as const
export const HUB_ACTIONS = ['deviceTest', 'backupNow'] as const
export type HubReadName = (typeof HUB_READS)[number]
export type HubActionName = (typeof HUB_ACTIONS)[number]
export type HubRequestName = HubReadName | HubActionName
/** What a caller passes besides its token. */
export type HubRequestArgs<Q extends HubRequestName> = Omit<IpcQueries[Q]['args'], 'token'>

/** One recorded clip: what it says (the file name without extension) and its bytes. */
export interface VoiceClipFile {
  file: string
  mime: string
  bytes: Uint8Array
}
export interface VoicePackFiles {
  lang: string
  clips: Record<string, VoiceClipFile>
}
export type IpcQueryName = keyof IpcQueries

export type IpcStreamMessage = LoggedCommand

/** What preload exposes as `window.hallq`. */
export interface HallqBridge {
  command(request: IpcCommandRequest): Promise<IpcReply<unknown>>
  query<Q extends IpcQueryName>(name: Q, args: IpcQueries[Q]['args']): Promise<IpcReply<IpcQueries[Q]['result']>>
  /** Calls `listener` for every logged command; returns the unsubscribe function. */
  onStream(listener: (message: IpcStreamMessage) => void): () => void
  reportError(error: { message: string; stack?: string; source?: string }): void
}
