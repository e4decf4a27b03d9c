/**
 * A transport that records what the screen sends and lets the test play the hub's side, and a
 * pure hall (decide + evolve, no store) to make real logged commands with.
 */
import { vi } from 'vitest'
import type { CommandInput, CommandName } from '../../src/shared/commands'
import type { Actor } from '../../src/shared/domain'
import type { LoggedCommand } from '../../src/shared/events'
import type { HallState } from '../../src/shared/hall-state'
import { isReportRead, type ExportJob, type ExportRequest, type ReportReadName } from '../../src/shared/reports'
import type { Terminal } from '../../src/shared/terminals'
import { HallError, type StreamSink, type Transport, type VoicePack } from '../../src/renderer/src/transport/transport'
import { PureHall, seededState } from '../support/pure-hall'

export const NINE = Date.parse('2026-11-28T09:00:00+08:00')

export class FakeTransport implements Transport {
  readonly kind = 'http' as const
  sink: StreamSink | null = null
  after: () => number | null = () => null
  sent: { name: string; payload: unknown; token: string | null }[] = []
  replies = new Map<string, (payload: any) => unknown>()
  resyncs = 0
  errors: unknown[] = []
  pack: VoicePack | null = null
  /** What the hub says this terminal is: a paired terminal, null (the hub's own screen), or an error code. */
  me: Terminal | null | 'TERMINAL_NOT_PAIRED' | 'OFFLINE' = null
  /** Pairing codes the fake hub accepts, and the terminal each one makes. */
  codes = new Map<string, Terminal>()
  asked: string[] = []

  async command<N extends CommandName>(name: N, payload: CommandInput<N>, options: { token?: string | null } = {}): Promise<any> {
    this.sent.push({ name, payload, token: options.token ?? null })
    const reply = this.replies.get(name)
    if (!reply) throw new HallError('INTERNAL', { unexpected: name })
    return reply(payload)
  }
  /** The hub's reads and actions (devices, terminals, backups …), asked and answered apart from commands. */
  hubAsked: { name: string; args: unknown; token: string | null }[] = []
  answers = new Map<string, (args: any) => unknown>()
  /** One read, as on the real transports: report reads go to readReplies, the hub's reads to answers. */
  async read(name: string, args: unknown, options: { token?: string | null } = {}): Promise<any> {
    if (isReportRead(name)) return this.readReport(name, args, options)
    return this.ask(name, args, options)
  }
  async act(name: string, args: unknown, options: { token?: string | null } = {}): Promise<any> {
    return this.ask(name, args, options)
  }
  private async ask(name: string, args: unknown, options: { token?: string | null }): Promise<any> {
    this.hubAsked.push({ name, args, token: options.token ?? null })
    const answer = this.answers.get(name)
    if (!answer) throw new HallError('INTERNAL', { unexpected: name })
    return answer(args)
  }
  async whoAmI(): Promise<Actor> {
    return { role: 'clerk', clerkId: 1, terminal: 't' }
  }
  async terminal(): Promise<Terminal | null> {
    this.asked.push('terminal')
    if (this.me === 'TERMINAL_NOT_PAIRED' || this.me === 'OFFLINE') throw new HallError(this.me)
    return this.me
  }
  async pair(code: string): Promise<Terminal> {
    this.asked.push(`pair ${code}`)
    const t = this.codes.get(code.replace('-', ''))
    if (!t) throw new HallError('PAIRING_CODE_INVALID')
    this.codes.delete(code.replace('-', ''))
    this.me = t
    return t
  }
  open(sink: StreamSink, after: () => number | null): void {
    this.asked.push('open')
    this.sink = sink
    this.after = after
  }
  resync = vi.fn(() => {
    this.resyncs += 1
  })
  close = vi.fn()
  async loadVoicePack(): Promise<VoicePack | null> {
    return this.pack
  }
  reportError(e: unknown): void {
    this.errors.push(e)
  }

  /** The hub's answers to report reads, by name; what was asked, in order. */
  readReplies = new Map<ReportReadName, (args: any) => unknown>()
  reads: { name: ReportReadName; args: unknown; token: string | null }[] = []
  exportReply: (request: ExportRequest) => ExportJob = () => {
    throw new HallError('INTERNAL', { unexpected: 'startExport' })
  }
  exportsStarted: { request: ExportRequest; token: string | null }[] = []
  saved: string[] = []
  printed: string[] = []
  fileUrls = true
  private async readReport(name: ReportReadName, args: unknown, options: { token?: string | null } = {}): Promise<any> {
    this.reads.push({ name, args, token: options.token ?? null })
    const reply = this.readReplies.get(name)
    if (!reply) throw new HallError('INTERNAL', { unexpected: name })
    return reply(args)
  }
  async startExport(request: ExportRequest, options: { token?: string | null } = {}): Promise<ExportJob> {
    this.exportsStarted.push({ request, token: options.token ?? null })
    return this.exportReply(request)
  }
  exportFileUrl(job: ExportJob): string | null {
    return this.fileUrls ? `http://hub/api/v1/reports/exports/${job.id}/file` : null
  }
  async saveExport(job: ExportJob): Promise<string | null> {
    this.saved.push(job.id)
    return `/home/manager/${job.fileName}`
  }
  async printPage(fileName: string): Promise<string | null> {
    this.printed.push(fileName)
    return null
  }

  /** The hub's side: the hall is reachable and this is where it stands. */
  connect(seq: number, state: HallState): void {
    this.sink!.status('online', { attempt: 0, clockOffsetMs: 0 })
    this.sink!.message({ type: 'snapshot', seq, state })
  }
  push(logged: LoggedCommand): void {
    this.sink!.message({ type: 'event', ...logged })
  }
}

/** A pure hall whose commands come out as logged commands, numbered like the hub's. */
export class ScriptedHall {
  readonly hall: PureHall
  seq = 10
  now = NINE
  constructor(state: HallState = seededState()) {
    this.hall = new PureHall(state)
  }
  get state(): HallState {
    return this.hall.state
  }
  run<N extends CommandName>(name: N, input: CommandInput<N>, clerkId: number | null = null): { logged: LoggedCommand; result: any } {
    const before = this.hall.events.length
    const actor: Actor = clerkId === null ? { role: 'system', clerkId: null, terminal: 'test' } : { role: 'clerk', clerkId, terminal: 'test' }
    const result = this.hall.apply(name, input, actor, this.now)
    this.seq += 1
    return { logged: { seq: this.seq, at: this.now, businessDay: this.state.businessDay, actor, command: name, events: this.hall.events.slice(before) }, result }
  }
}
