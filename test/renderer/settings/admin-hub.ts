/**
 * The hub's side for the settings tests: the hall's real rules (decide + evolve) answer the
 * admin's commands, and what they change reaches the screen only as logged commands on the
 * stream — when the test lets it (`hold` keeps them back, to show nothing is patched by hand).
 */
import type { CommandName } from '../../../src/shared/commands'
import type { Actor } from '../../../src/shared/domain'
import { isAppError } from '../../../src/shared/errors'
import type { LoggedCommand } from '../../../src/shared/events'
import { evolve, type HallState } from '../../../src/shared/hall-state'
import { decideResetPin, decideSaveClerk } from '../../../src/main/core/decide'
import { sessionKey, useSessionStore } from '../../../src/renderer/src/stores/session'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { seededState } from '../../support/pure-hall'
import { ScriptedHall, type FakeTransport } from '../support'

export const ADMIN = { id: 99, staffCode: 'admin', name: '管理员', role: 'admin' as const, active: true }

export function adminState(): HallState {
  return evolve(seededState({ clerks: 3 }), [{ type: 'clerkSaved', at: 0, clerk: ADMIN }]).state
}

export class AdminHub {
  readonly scripted: ScriptedHall
  /** Logged commands not yet sent to the screen. */
  held: LoggedCommand[] = []
  hold = false

  constructor(
    readonly transport: FakeTransport,
    state: HallState = adminState(),
  ) {
    this.scripted = new ScriptedHall(state)
    this.scripted.now = Date.now()
    for (const name of ['saveService', 'saveCounter', 'updateSettings', 'setNotice'] as const) {
      transport.replies.set(name, (p) => this.answer(() => this.scripted.run(name, p, ADMIN.id)))
    }
    transport.replies.set('saveClerk', (p) => this.answer(() => this.decided('saveClerk', p, (s, ctx) => decideSaveClerk(s, { ...p, hasPin: p.pin !== undefined }, ctx))))
    transport.replies.set('resetClerkPin', (p) => this.answer(() => this.decided('resetClerkPin', { clerkId: p.clerkId, pin: '***' }, (s, ctx) => decideResetPin(s, p.clerkId, ctx))))
  }

  get state(): HallState {
    return this.scripted.state
  }

  /** Connects the screen and logs the admin in on it. */
  connect(): void {
    this.transport.connect(this.scripted.seq, this.scripted.state)
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'atok', clerk: ADMIN }))
    useSessionStore().configure(sessionKey('t1', 'manager'), localStorage)
  }

  /** A command that changes no hall state (createPairingCode, revokeTerminal), as the hub logs it. */
  logged(command: string): LoggedCommand {
    const logged = { seq: ++this.scripted.seq, at: this.scripted.now, businessDay: this.state.businessDay, actor: { role: 'admin', clerkId: ADMIN.id, terminal: 't1' } as Actor, command, events: [] }
    this.deliver(logged)
    return logged
  }

  release(): void {
    for (const l of this.held.splice(0)) this.transport.push(l)
  }

  private deliver(logged: LoggedCommand): void {
    if (this.hold) this.held.push(logged)
    else this.transport.push(logged)
  }

  private decided(command: CommandName, payload: unknown, decideWith: (s: HallState, ctx: { actor: Actor; now: number }) => { events: any[]; reply: (s: HallState) => unknown }) {
    const actor: Actor = { role: 'admin', clerkId: ADMIN.id, terminal: 't1' }
    const d = decideWith(this.scripted.state, { actor, now: this.scripted.now })
    this.scripted.hall.state = evolve(this.scripted.state, d.events).state
    const logged = { seq: ++this.scripted.seq, at: this.scripted.now, businessDay: this.state.businessDay, actor, command, events: d.events }
    return { logged, result: d.reply(this.scripted.state), payload }
  }

  /** Runs the hub's side; a refusal comes back as the transport would give it. */
  private answer(run: () => { logged: LoggedCommand; result: unknown }): unknown {
    try {
      const { logged, result } = run()
      this.deliver(logged)
      return result
    } catch (err) {
      if (isAppError(err)) throw new HallError(err.code, err.details)
      throw err
    }
  }
}
