/**
 * The Electron transport's contract: the channels preload may use and the one small API it
 * puts on `window.hallq`. Everything crossing IPC is plain JSON; errors travel as data.
 */
import type { StreamMessage } from './api'
import type { CentralLinkStatus } from './central-link'
import type { GroupConfigStatus } from './group-config'
import type { CommandName } from './commands'
import type { ComplaintDetail, ComplaintListRow } from './complaints'
import type { DeviceHealth, DeviceTestResult, SerialPortListing } from './devices'
import type { Actor } from './domain'
import type { ErrorBody } from './errors'
import type { LoggedCommand } from './events'
import type { HallState } from './hall-state'
import type { ExportJob, ExportRequest, ReportReadName, ReportReads } from './reports'
import type { Terminal } from './terminals'

export const IPC = {
  command: 'hallq:command',
  query: 'hallq:query',
  stream: 'hallq:stream',
  /** A window starts listening: main sends it the other parts' current state (device health), then their changes. */
  streamOpen: 'hallq:stream-open',
  rendererError: 'hallq:renderer-error',
  /** The report page printed to a PDF file the manager chooses (webContents.printToPDF). */
  printToPdf: 'hallq:print-pdf',
  /** A finished export saved where the manager chooses. */
  saveExport: 'hallq:save-export',
} as const

/** Channels the preload bridge may invoke or listen on; nothing else reaches main. */
export const IPC_ALLOW_LIST: readonly string[] = Object.values(IPC)

export type IpcReply<T> = { ok: true; result: T } | ({ ok: false } & ErrorBody)

export interface IpcCommandRequest {
  name: CommandName
  payload: unknown
  token?: string
  idempotencyKey?: string
  /** The window's terminal name (?terminal=), recorded like X-HallQ-Terminal (a kiosk's printer follows it). */
  terminal?: string
}

/** A query made for a logged-in manager carries the session token with its arguments. */
type WithToken<T> = T & { token?: string }

/**
 * The reports through IPC: the same reads a browser makes with HTTP GETs, and starting an
 * export job. Answered by the reports part of the hub (HallExtension.queries).
 */
export type ReportQueries = { [R in ReportReadName]: { args: WithToken<ReportReads[R]['args']>; result: ReportReads[R]['result'] } } & {
  exportStart: { args: WithToken<{ request: ExportRequest }>; result: ExportJob }
}
// Every report read (REPORT_READS in ./reports, kept literal here so the preload takes no schema
// code) and starting an export; test/main/electron/hub-queries.test.ts holds it to what the hub registers.
export const REPORT_QUERY_NAMES: readonly (keyof ReportQueries)[] = [
  'reportSummary',
  'reportDays',
  'reportAssessment',
  'reportVerify',
  'reportVisits',
  'reportPeriod',
  'exportJob',
  'exportStart',
]

export interface IpcQueries extends ReportQueries {
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
  /** GET /central-link (manager): the link to the centre, or `configured: false`. */
  centralLink: { args: { token?: string }; result: CentralLinkStatus }
  /** GET /group-config (manager): following the group configuration, the version applied and each field's standing. */
  groupConfig: { args: { token?: string }; result: GroupConfigStatus }
  /** POST /backups (admin): a backup now. */
  backupNow: { args: { token?: string }; result: BackupListing }
  /** GET /complaints (manager): the cases' facts, open and overdue first; each filter optional. */
  complaints: {
    args: { token?: string; status?: string; day?: string; channel?: string; category?: string }
    result: { asOf: number; complaints: ComplaintListRow[] }
  }
  /** GET /complaints/:id (a manager, or the clerk who owns or took it): the case with its text and history. */
  complaint: { args: { token?: string; id: number }; result: ComplaintDetail }
  /** GET /clerks/:id/photo (staff; an evaluator for the clerk at its counter): the photo's bytes, or NO_PHOTO. */
  clerkPhoto: { args: { token?: string; clerkId: number; version?: string }; result: { clerkId: number; version: string; type: 'image/jpeg' | 'image/png'; bytes: Uint8Array } }
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
export const HUB_READS = ['devices', 'devicePorts', 'terminals', 'backups', 'centralLink', 'groupConfig', 'complaints', 'complaint', 'clerkPhoto'] as const
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

/** Where a file went: the path the manager chose, or null when they cancelled the dialog. */
export interface SavedFile {
  path: string | null
}
export interface PrintToPdfRequest {
  /** Suggested file name, e.g. 日终考核_2026-11-28.pdf. */
  fileName: string
}
export interface SaveExportRequest {
  id: string
  token?: string
}

/** The same messages as the WebSocket stream: logged commands as `event`, and what other parts add (`devices`). */
export type IpcStreamMessage = StreamMessage

/** What preload exposes as `window.hallq`. */
export interface HallqBridge {
  command(request: IpcCommandRequest): Promise<IpcReply<unknown>>
  query<Q extends IpcQueryName>(name: Q, args: IpcQueries[Q]['args']): Promise<IpcReply<IpcQueries[Q]['result']>>
  /** Calls `listener` for every stream message (logged commands, device health …); returns the unsubscribe function. */
  onStream(listener: (message: IpcStreamMessage) => void): () => void
  reportError(error: { message: string; stack?: string; source?: string }): void
  /** Prints the calling page (its print layout, A4) to a PDF file chosen in a save dialog. */
  printToPdf(request: PrintToPdfRequest): Promise<IpcReply<SavedFile>>
  /** Saves a finished export job's file where the manager chooses. */
  saveExport(request: SaveExportRequest): Promise<IpcReply<SavedFile>>
}
