/**
 * How a screen reaches the hall. Two implementations — IPC through the preload bridge in the
 * desktop app, HTTP + WebSocket in a browser — and the views never know which one they have.
 */
import type { CommandInput, CommandName, CommandResult } from '../../../shared/commands'
import type { Actor } from '../../../shared/domain'
import type { ErrorCode } from '../../../shared/errors'
import type { ExportJob, ExportRequest, ReportReadName, ReportReads } from '../../../shared/reports'
import type { Terminal } from '../../../shared/terminals'
import type { HubActionName, HubReadName, HubRequestArgs, IpcQueries } from '../../../shared/ipc'
import type { VoicePackIndex } from '../../../shared/voice'
import type { ClientErrorCode } from '../locales'

export type ConnectionStatus = 'connecting' | 'online' | 'offline'

/** What the stream delivers: the hub's stream messages (snapshot, event, and kinds added later). */
export interface StreamSink {
  /** A raw stream message; the hall store checks it and ignores types it does not know. */
  message(message: unknown): void
  /**
   * The connection changed. `attempt` counts reconnection attempts since the last success;
   * `clockOffsetMs` is local clock minus hub clock, when the transport could measure it.
   */
  status(status: ConnectionStatus, info: { attempt: number; clockOffsetMs?: number }): void
  /**
   * The hub will not stream to this terminal (its token was revoked, or it never paired): the
   * transport stops reconnecting until it is opened again.
   */
  refused?(code: ErrorCode): void
}

export interface CommandOptions {
  token?: string | null
}

/** A voice pack as the display can use it: clip name → a URL an <audio> element can play. */
export interface VoicePack {
  lang: string
  clips: Map<string, string>
}

/** Every read a screen may ask beyond the stream: the report reads and the hub's reads. */
export type ReadName = ReportReadName | HubReadName
export type ReadArgs<N extends ReadName> = N extends ReportReadName ? ReportReads[N]['args'] : N extends HubReadName ? HubRequestArgs<N> : never
export type ReadResult<N extends ReadName> = N extends ReportReadName
  ? ReportReads[N]['result']
  : N extends HubReadName
    ? IpcQueries[N]['result']
    : never

export interface Transport {
  readonly kind: 'ipc' | 'http'
  /** Runs a command; rejects with a HallError carrying the hall's error code. */
  command<N extends CommandName>(name: N, payload: CommandInput<N>, options?: CommandOptions): Promise<CommandResult<N>>
  /** Who a token belongs to; rejects with UNAUTHENTICATED for a stale one. */
  whoAmI(token: string): Promise<Actor>
  /**
   * This terminal as the hub knows it: the paired terminal (role, counter), or null for the
   * hub's own screens (the desktop app, loopback). Rejects with TERMINAL_NOT_PAIRED before
   * pairing, OFFLINE when the hub cannot be reached. Asks for nothing of the hall itself.
   */
  terminal(): Promise<Terminal | null>
  /** Joins the hall with a pairing code from the duty manager (browsers; the desktop app needs none). */
  pair(code: string): Promise<Terminal>
  /**
   * The evaluator pairing this browser's customer-facing rating screen holds beside the PC's own
   * pairing (a counter PC's second screen), or null. Absent: the transport has none (the desktop app).
   */
  ratingTerminal?(): Promise<Terminal | null>
  /**
   * Starts the event stream. `after` is asked on every (re)connection for the last sequence
   * number the screen holds (null: send a snapshot). Reconnects by itself until closed.
   */
  open(sink: StreamSink, after: () => number | null): void
  /** Drop the stream and connect again, e.g. after a gap in sequence numbers. */
  resync(): void
  close(): void
  loadVoicePack(lang: string): Promise<VoicePack | null>
  /**
   * One of the hub's reads beyond the stream — the reports, devices, serial ports, terminals,
   * backups: a GET in a browser, an IPC query in the desktop app. Rejects with a HallError like a
   * command.
   */
  read<N extends ReadName>(name: N, args: ReadArgs<N>, options?: CommandOptions): Promise<ReadResult<N>>
  /** One of the hub's actions that are not commands (a test print, a backup now); never retried. */
  act<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>, options?: CommandOptions): Promise<IpcQueries[Q]['result']>
  reportError(error: { message: string; stack?: string; source?: string }): void
  /** Starts an export job (docs/decisions/008-exports-as-jobs.md); poll it with read('exportJob'). */
  startExport(request: ExportRequest, options?: CommandOptions): Promise<ExportJob>
  /** A plain download link for a finished export in a browser; null in the desktop app, which saves through main. */
  exportFileUrl(job: ExportJob): string | null
  /** Saves a finished export where the person chooses: the file's path, or null when they cancelled (or the browser's download took it). */
  saveExport(job: ExportJob, options?: CommandOptions): Promise<string | null>
  /** Prints the page's print layout: the browser's print dialog, or a PDF file in the desktop app (its path; null when cancelled or in a browser). */
  printPage(fileName: string): Promise<string | null>
}

/** A failure a screen can show: a code from the hall (src/shared/errors.ts) or from the screen itself. */
export class HallError extends Error {
  readonly code: ErrorCode | ClientErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode | ClientErrorCode, details?: unknown, message?: string) {
    super(message ?? code)
    this.name = 'HallError'
    this.code = code
    this.details = details
  }
}

export function isHallError(value: unknown): value is HallError {
  return value instanceof HallError
}

/** Delay before reconnection attempt `attempt` (1, 2, …): doubling from 0.5 s to 10 s, with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

/** Unique enough for an Idempotency-Key; works without a secure context (LAN over plain HTTP). */
export function randomKey(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export type { VoicePackIndex }
