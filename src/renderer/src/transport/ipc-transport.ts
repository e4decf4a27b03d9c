/**
 * The desktop app's way to the hall: `window.hallq`, the preload bridge (src/preload). The
 * hall runs in the same app, so "offline" only happens when main stops answering.
 */
import type { CommandInput, CommandName, CommandResult } from '../../../shared/commands'
import type { Actor } from '../../../shared/domain'
import { isErrorCode } from '../../../shared/errors'
import type { HallqBridge, HubActionName, HubReadName, HubRequestArgs, IpcQueries, IpcReply } from '../../../shared/ipc'
import { backoffMs, HallError, type CommandOptions, type StreamSink, type Transport, type VoicePack } from './transport'

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
  ) {}

  async command<N extends CommandName>(name: N, payload: CommandInput<N>, options: CommandOptions = {}): Promise<CommandResult<N>> {
    const reply = await this.bridge.command({ name, payload, ...(options.token ? { token: options.token } : {}) }).catch(() => {
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

  open(sink: StreamSink, after: () => number | null): void {
    this.sink = sink
    this.after = after
    this.closed = false
    sink.status('connecting', { attempt: 0 })
    // Listen first, then read: whatever commits in between arrives twice at most, never zero
    // times; the hall store drops what it already has by sequence number.
    this.unsubscribe ??= this.bridge.onStream((logged) => this.sink?.message({ type: 'event', ...logged }))
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

  read<Q extends HubReadName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions = {}): Promise<IpcQueries[Q]['result']> {
    return this.hubQuery(name, args, options)
  }

  act<Q extends HubActionName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions = {}): Promise<IpcQueries[Q]['result']> {
    return this.hubQuery(name, args, options)
  }

  private async hubQuery<Q extends HubReadName | HubActionName>(name: Q, args: HubRequestArgs<Q>, options: CommandOptions): Promise<IpcQueries[Q]['result']> {
    const withToken = { ...args, ...(options.token ? { token: options.token } : {}) } as IpcQueries[Q]['args']
    const reply = await this.bridge.query(name, withToken).catch(() => {
      throw new HallError('OFFLINE')
    })
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

function unwrap<T>(reply: IpcReply<T>): T {
  if (reply.ok) return reply.result
  const code = reply.error?.code
  throw new HallError(isErrorCode(code) ? code : 'BAD_REPLY', reply.error?.details, reply.error?.message)
}
