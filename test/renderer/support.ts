/**
 * A transport that records what the screen sends and lets the test play the hub's side, and a
 * pure hall (decide + evolve, no store) to make real logged commands with.
 */
import { vi } from 'vitest'
import type { CommandInput, CommandName } from '../../src/shared/commands'
import type { Actor } from '../../src/shared/domain'
import type { LoggedCommand } from '../../src/shared/events'
import type { HallState } from '../../src/shared/hall-state'
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

  async command<N extends CommandName>(name: N, payload: CommandInput<N>, options: { token?: string | null } = {}): Promise<any> {
    this.sent.push({ name, payload, token: options.token ?? null })
    const reply = this.replies.get(name)
    if (!reply) throw new HallError('INTERNAL', { unexpected: name })
    return reply(payload)
  }
  /** The hub's reads and actions (devices, terminals, backups …), asked and answered apart from commands. */
  asked: { name: string; args: unknown; token: string | null }[] = []
  answers = new Map<string, (args: any) => unknown>()
  async read(name: string, args: unknown, options: { token?: string | null } = {}): Promise<any> {
    return this.ask(name, args, options)
  }
  async act(name: string, args: unknown, options: { token?: string | null } = {}): Promise<any> {
    return this.ask(name, args, options)
  }
  private async ask(name: string, args: unknown, options: { token?: string | null }): Promise<any> {
    this.asked.push({ name, args, token: options.token ?? null })
    const answer = this.answers.get(name)
    if (!answer) throw new HallError('INTERNAL', { unexpected: name })
    return answer(args)
  }
  async whoAmI(): Promise<Actor> {
    return { role: 'clerk', clerkId: 1, terminal: 't' }
  }
  open(sink: StreamSink, after: () => number | null): void {
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
