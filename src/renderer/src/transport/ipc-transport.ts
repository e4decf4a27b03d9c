/**
 * The desktop app's way to the hall: `window.hallq`, the preload bridge (src/preload). The
 * hall runs in the same app, so "offline" only happens when main stops answering.
 */
import type { CommandInput, CommandName, CommandResult } from '../../../shared/commands'
import type { Actor } from '../../../shared/domain'
import { isErrorCode } from '../../../shared/errors'
import type { HallqBridge, HubActionName, HubRequestArgs, IpcQueries, IpcReply } from '../../../shared/ipc'
import type { ExportJob, ExportRequest } from '../../../shared/reports'
import type { Terminal } from '../../../shared/terminals'
import { backoffMs, HallError, type CommandOptions, type ReadArgs, type ReadName, type ReadResult, type StreamSink, type Transport, type VoicePack } from './transport'

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const
  private sink: StreamSink | null = null
  private after: () => number | null = () => null
  private unsubscribe: (() => void) | null = null
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false
  private readonly blobUrls: string[] = []

  constructor(
    private readonly bridge: HallqBridge,
    private readonly random: () => number = Math.random,
    /** This window's terminal name (?terminal=), for the audit log and the kiosk's printer. */
    private readonly terminalName?: string,
  ) {}

  async command<N extends CommandName>(name: N, payload: CommandInput<N>, options: CommandOptions = {}): Promise<CommandResult<N>> {
    const request = { name, payload, ...(options.token ? { token: options.token } : {}), ...(this.terminalName ? { terminal: this.terminalName } : {}) }
    const reply = await this.bridge.command(request).catch(() => {
      throw new HallError('OFFLINE')
    })
    return unwrap(reply) as CommandResult<N>
  }

  async whoAmI(token: string): Promise<Actor> {
    const reply = await this.bridge.query('me', { token }).catch(() => {
      throw new HallError('OFFLINE')
    })
    return unwrap(reply).actor
  }

  /** The desktop app's windows are the hub's own screens: nothing to pair. */
  async terminal(): Promise<Terminal | null> {
    return null
  }

  async pair(): Promise<Terminal> {
    throw new HallError('UNKNOWN_COMMAND')
  }

  open(sink: StreamSink, after: () => number | null): void {
    this.sink = sink
    this.after = after
    this.closed = false
    sink.status('connecting', { attempt: 0 })
    // Listen first, then read: whatever commits in between arrives twice at most, never zero
    // times; the hall store drops what it already has by sequence number. The other parts'
    // messages (device health) come on the same stream, each starting with its current state.
    this.unsubscribe ??= this.bridge.onStream((message) => this.sink?.message(message))
    void this.sync()
  }

  resync(): void {
    if (!this.closed) void this.sync()
  }

  close(): void {
    this.closed = true
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.retryTimer) clearTimeout(this.retryTimer)
    for (const url of this.blobUrls.splice(0)) URL.revokeObjectURL(url)
  }

  async loadVoicePack(lang: string): Promise<VoicePack | null> {
    try {
      const pack = unwrap(await this.bridge.query('voicePack', { lang }))
      if (!pack) return null
      const clips = new Map<string, string>()
      for (const [name, clip] of Object.entries(pack.clips)) {
        const url = URL.createObjectURL(new Blob([clip.bytes as Uint8Array<ArrayBuffer>], { type: clip.mime }))
        this.blobUrls.push(url)
        clips.set(name, url)
      }
      return clips.size > 0 ? { lang: pack.lang, clips } : null
    } catch {
      return null
    }
  }

  reportError(error: { message: string; stack?: string; source?: string }): void {
    this.bridge.reportError(error)
  }

  /** Report reads and the hub's reads are both IPC queries, with the token beside the arguments. */
  async read<N extends ReadName>(name: N, args: ReadArgs<N>, options: CommandOptions = {}): Promise<ReadResult<N>> {
    const query = this.bridge.query as (name: N, args: unknown) => Promise<IpcReply<ReadResult<N>>>
    const reply = await query(name, { ...args, ...(options.token ? { token: options.token } : {}) }).catch(offline)
    return unwrap(reply)
  }

  async startExport(request: ExportRequest, options: CommandOptions = {}): Promise<ExportJob> {
    const reply = await this.bridge.query('exportStart', { request, ...(options.token ? { token: options.token } : {}) }).catch(offline)
    return unwrap(reply)
  }

  /** No link: a file:// page cannot fetch from the hub; main saves the file (saveExport). */
  exportFileUrl(): null {
    return null
  }

  async saveExport(job: ExportJob, options: CommandOptions = {}): Promise<string | null> {
    const reply = await this.bridge.saveExport({ id: job.id, ...(options.token ? { token: options.token } : {}) }).catch(offline)
    return unwrap(reply).path
  }

  async printPage(fileName: string): Promise<string | null> {
    return unwrap(await this.bridge.printToPdf({ fileName }).catch(offline)).path
  }

  act<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions = {}): Promise<IpcQueries[Q]['result']> {
    return this.hubQuery(name, args, options)
  }

  private async hubQuery<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions): Promise<IpcQueries[Q]['result']> {
    const withToken = { ...args, ...(options.token ? { token: options.token } : {}) } as IpcQueries[Q]['args']
    const reply = await this.bridge.query(name, withToken).catch(offline)
    return unwrap(reply)
  }

  /** Catches up from the last sequence number, or takes a fresh snapshot. */
  private async sync(): Promise<void> {
    if (this.closed || !this.sink) return
    try {
      const after = this.after()
      if (after !== null) {
        const caught = unwrap(await this.bridge.query('eventsAfter', { after }))
        // More than one page behind: a snapshot is simpler than paging.
        if (caught.events.length > 0 && caught.lastSeq > caught.events.at(-1)!.seq) throw new Error('too far behind')
        for (const logged of caught.events) this.sink.message({ type: 'event', ...logged })
      } else {
        const snap = unwrap(await this.bridge.query('snapshot', {}))
        this.sink.message({ type: 'snapshot', seq: snap.seq, state: snap.state })
      }
      this.attempt = 0
      this.sink.status('online', { attempt: 0, clockOffsetMs: 0 })
    } catch (err) {
      if (err instanceof Error && err.message === 'too far behind') {
        const snap = unwrap(await this.bridge.query('snapshot', {}))
        this.sink.message({ type: 'snapshot', seq: snap.seq, state: snap.state })
        this.sink.status('online', { attempt: 0, clockOffsetMs: 0 })
        return
      }
      this.attempt += 1
      this.sink.status('offline', { attempt: this.attempt })
      this.retryTimer = setTimeout(() => void this.sync(), backoffMs(this.attempt, this.random))
    }
  }
}

function offline(): never {
  throw new HallError('OFFLINE')
}

function unwrap<T>(reply: IpcReply<T>): T {
  if (reply.ok) return reply.result
  const code = reply.error?.code
  throw new HallError(isErrorCode(code) ? code : 'BAD_REPLY', reply.error?.details, reply.error?.message)
}
