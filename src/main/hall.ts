/**
 * The hall service: every command from every transport goes through `execute`:
 * authenticate → validate (shared zod schema) → authorise → decide (core rules) → evolve →
 * one transaction → swap the live state → publish. Between reading the state and swapping it
 * nothing awaits, so two counters calling at the same moment can never get the same customer.
 */
import type { Logger } from 'pino'
import { COMMAND_ACCESS, commandSchemas, isCommandName, type CommandName, type CommandPayload, type CommandResult } from '../shared/commands'
import type { Actor, ActivityPeriod, ServiceRecord, Ticket } from '../shared/domain'
import { AppError, isAppError } from '../shared/errors'
import type { HallEvent, LoggedCommand } from '../shared/events'
import { emptyHallState, evolve, type HallState } from '../shared/hall-state'
import { DEFAULT_SETTINGS } from '../shared/settings'
import { businessDayOf } from './core/business-time'
import { decide, decideLogin, decideLogout, decideResetPin, decideSaveClerk, hasRank, type Context, type Decision } from './core/decide'
import { DEFAULT_COUNTERS, DEFAULT_SERVICES } from './core/default-catalogue'
import { ReportArchive } from './reports/archive'
import { hashPin, hashToken, newToken, randomPin, verifyPin } from './security/secrets'
import type { HallStore } from './store/hall-store'

export type Clock = () => number

/** Who is calling, as the transport saw it. */
export interface Credentials {
  token?: string | undefined
  terminal: string
}

export interface ExecuteOptions {
  /** A retried command with the same key is answered from the log instead of applied again. */
  idempotencyKey?: string | undefined
}

export type Listener = (logged: LoggedCommand) => void

export interface HallOptions {
  store: HallStore
  clock: Clock
  logger: Logger
}

export interface DayRecords {
  businessDay: string
  tickets: Ticket[]
  records: ServiceRecord[]
  periods: ActivityPeriod[]
}

const SYSTEM: Actor = { role: 'system', clerkId: null, terminal: 'hub' }
const SECRET_KEYS = new Set(['pin'])

export class Hall {
  private current: HallState
  private readonly listeners = new Set<Listener>()
  private readonly store: HallStore
  private readonly clock: Clock
  private readonly log: Logger
  /** Counts a day for the reports when it closes (日结), in the closing transaction. */
  private readonly archive: ReportArchive

  private constructor(options: HallOptions, state: HallState) {
    this.store = options.store
    this.clock = options.clock
    this.log = options.logger
    this.current = state
    this.archive = new ReportArchive(options.store.db)
  }

  /** The hall's clock: the instant a command would be stamped with now. */
  now(): number {
    return this.clock()
  }

  /**
   * Opens the hall stored in `store`. An empty store is seeded with the default catalogue and
   * one administrator (staff code `admin`); `adminPin` is returned so it can be shown once.
   */
  static async open(options: HallOptions & { adminPin?: string | undefined }): Promise<{ hall: Hall; createdAdminPin: string | null }> {
    const loaded = options.store.loadState()
    if (loaded) return { hall: new Hall(options, loaded), createdAdminPin: null }

    const now = options.clock()
    const pin = options.adminPin ?? randomPin()
    commandSchemas.login.shape.pin.parse(pin)
    const pinHash = await hashPin(pin)
    const settings = DEFAULT_SETTINGS
    const day = businessDayOf(now, settings.hall.timeZone, settings.hall.rolloverHour)
    const events: HallEvent[] = [
      { type: 'settingsSaved', at: now, settings },
      ...DEFAULT_SERVICES.map((service): HallEvent => ({ type: 'serviceSaved', at: now, service })),
      ...DEFAULT_COUNTERS.map((counter): HallEvent => ({ type: 'counterSaved', at: now, counter })),
      { type: 'clerkSaved', at: now, clerk: { id: 1, staffCode: 'admin', name: '管理员', role: 'admin', active: true } },
    ]
    const { state, changes } = evolve(emptyHallState(day, settings), events)
    changes.businessDay = day
    options.store.commit(
      { at: now, businessDay: day, actor: SYSTEM, command: 'bootstrap', payload: {}, result: {}, events, idempotencyKey: null },
      changes,
      () => options.store.setPin(1, pinHash),
    )
    options.logger.info({ businessDay: day }, 'new hall database seeded with the default catalogue')
    return { hall: new Hall(options, state), createdAdminPin: options.adminPin ? null : pin }
  }

  get state(): HallState {
    return this.current
  }

  /** The live hall and the sequence number it corresponds to. */
  snapshot(): { seq: number; state: HallState } {
    return { seq: this.store.lastLoggedSeq(), state: this.current }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Logged commands after `seq`, for a client catching up. */
  eventsAfter(seq: number, limit = 1000): LoggedCommand[] {
    return this.store.logAfter(seq, limit)
  }

  /** Who the credentials belong to; a missing token is the anonymous kiosk. */
  authenticate(credentials: Credentials): Actor {
    if (!credentials.token) return { role: 'anonymous', clerkId: null, terminal: credentials.terminal }
    const tokenHash = hashToken(credentials.token)
    const session = this.store.session(tokenHash)
    const clerk = session ? this.current.clerks[session.clerkId] : undefined
    if (!session || !clerk || !clerk.active) throw new AppError('UNAUTHENTICATED')
    return { role: clerk.role, clerkId: clerk.id, terminal: credentials.terminal }
  }

  /** Runs one command from a transport. Payload is untrusted: it is validated here. */
  async execute<N extends CommandName>(
    name: N | string,
    rawPayload: unknown,
    credentials: Credentials,
    options: ExecuteOptions = {},
  ): Promise<CommandResult<N>> {
    if (!isCommandName(name)) throw new AppError('UNKNOWN_COMMAND', { command: name })
    return this.dispatch<N>(name as N, rawPayload, this.authenticate(credentials), credentials.token, options)
  }

  /**
   * For the hub's own components (an evaluator keypad, a scheduled job): runs a command as
   * the system actor, named after `terminal` in the audit log. Still validated.
   */
  async executeAsSystem<N extends CommandName>(name: N, rawPayload: unknown, terminal: string): Promise<CommandResult<N>> {
    return this.dispatch<N>(name, rawPayload, { role: 'system', clerkId: null, terminal }, undefined, {})
  }

  private async dispatch<N extends CommandName>(
    name: N,
    rawPayload: unknown,
    actor: Actor,
    token: string | undefined,
    options: ExecuteOptions,
  ): Promise<CommandResult<N>> {
    const parsed = commandSchemas[name].safeParse(rawPayload ?? {})
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      )
    }
    authorise(name, actor)
    const payload = parsed.data as CommandPayload<N>
    const key = options.idempotencyKey
    if (key) {
      const stored = this.store.replyFor(key)
      if (stored) {
        if (stored.command !== name) throw new AppError('VALIDATION_FAILED', [{ path: ['idempotencyKey'], message: 'key already used for another command' }])
        return stored.result as CommandResult<N>
      }
    }

    switch (name) {
      case 'login':
        return (await this.login(payload as CommandPayload<'login'>, actor, key)) as CommandResult<N>
      case 'logout':
        return this.logout(actor, token, key) as CommandResult<N>
      case 'saveClerk':
        return (await this.saveClerk(payload as CommandPayload<'saveClerk'>, actor, key)) as CommandResult<N>
      case 'resetClerkPin':
        return (await this.resetClerkPin(payload as CommandPayload<'resetClerkPin'>, actor, key)) as CommandResult<N>
      default:
        return this.run(name, payload, actor, key, (state, ctx) => decide(state, name, payload as never, ctx)) as CommandResult<N>
    }
  }

  /** Closes the business day if the clock has moved past it (the rollover hour). */
  rolloverIfDue(): void {
    const now = this.clock()
    const { timeZone, rolloverHour } = this.current.settings.hall
    if (businessDayOf(now, timeZone, rolloverHour) > this.current.businessDay) {
      this.log.info({ businessDay: this.current.businessDay }, 'business day rolled over: closing it')
      this.run('closeDay', {}, SYSTEM, undefined, (state, ctx) => decide(state, 'closeDay', {}, ctx))
    }
  }

  /** Tickets, service records and activity periods of one business day, from the store. */
  dayRecords(businessDay: string): DayRecords {
    return {
      businessDay,
      tickets: this.store.ticketsOfDay(businessDay),
      records: this.store.recordsOfDay(businessDay),
      periods: this.store.periodsOfDay(businessDay),
    }
  }

  logOfDay(businessDay: string): LoggedCommand[] {
    return this.store.logOfDay(businessDay)
  }

  private async login(p: CommandPayload<'login'>, actor: Actor, key: string | undefined): Promise<CommandResult<'login'>> {
    const found = this.store.pinHashOf(p.staffCode)
    const ok = await verifyPin(p.pin, found?.pinHash ?? null)
    if (!found || !ok) {
      this.log.warn({ staffCode: p.staffCode, terminal: actor.terminal }, 'login refused: wrong staff code or PIN')
      throw new AppError('WRONG_PIN')
    }
    const token = newToken()
    const role = this.current.clerks[found.clerkId]?.role ?? 'clerk'
    const { clerkId } = this.run(
      'login',
      p,
      { role, clerkId: found.clerkId, terminal: actor.terminal },
      key,
      (state, ctx) => decideLogin(state, found.clerkId, ctx),
      () => this.store.insertSession(hashToken(token), found.clerkId, actor.terminal, this.clock()),
    )
    return { token, clerk: this.current.clerks[clerkId]! }
  }

  private logout(actor: Actor, token: string | undefined, key: string | undefined): CommandResult<'logout'> {
    return this.run('logout', {}, actor, key, (state, ctx) => decideLogout(state, ctx), () => {
      if (token) this.store.deleteSession(hashToken(token))
    })
  }

  private async saveClerk(p: CommandPayload<'saveClerk'>, actor: Actor, key: string | undefined): Promise<CommandResult<'saveClerk'>> {
    const pinHash = p.pin === undefined ? null : await hashPin(p.pin)
    const { pin: _pin, ...rest } = p
    let clerkId = 0
    return this.run(
      'saveClerk',
      p,
      actor,
      key,
      (state, ctx) => {
        const d = decideSaveClerk(state, { ...rest, hasPin: pinHash !== null }, ctx)
        const saved = d.events[0]
        if (saved?.type === 'clerkSaved') clerkId = saved.clerk.id
        return d
      },
      () => {
        if (pinHash !== null) this.store.setPin(clerkId, pinHash)
      },
    )
  }

  /**
   * Stores the closed day's figures and assessment with the settings and services it was run
   * under, so later edits never change it. A failure here must not keep the hall from closing
   * the day (numbering, expiry): it is logged, and the day is counted when first reported.
   */
  private freezeClosedDay(before: HallState, businessDay: string, closedAt: number): void {
    try {
      this.archive.freeze({ businessDay, closedAt, services: before.services, settings: before.settings })
    } catch (err) {
      this.log.error({ err, businessDay }, 'closed day could not be counted for the reports; it will be counted when first reported')
    }
  }

  private async resetClerkPin(p: CommandPayload<'resetClerkPin'>, actor: Actor, key: string | undefined): Promise<CommandResult<'resetClerkPin'>> {
    const pinHash = await hashPin(p.pin)
    return this.run('resetClerkPin', p, actor, key, (state, ctx) => decideResetPin(state, p.clerkId, ctx), () => {
      this.store.setPin(p.clerkId, pinHash)
      // A new PIN ends the sessions opened with the old one.
      this.store.deleteSessionsOf(p.clerkId)
    })
  }

  /**
   * The synchronous heart: decide, evolve, commit, swap, publish. Anything thrown before the
   * commit leaves state and database untouched.
   */
  private run<R>(
    command: string,
    payload: unknown,
    actor: Actor,
    idempotencyKey: string | undefined,
    decideFn: (state: HallState, ctx: Context) => Decision<R>,
    /** Further writes that belong to the same transaction (PIN hash, session). */
    extra?: () => void,
  ): R {
    const now = this.clock()
    if (command !== 'closeDay') this.rolloverIfDue()
    const before = this.current
    const decision = decideFn(before, { actor, now })
    if (decision.events.length === 0) return decision.reply(before)
    const { state, changes } = evolve(before, decision.events)
    const result = decision.reply(state)
    const closing = decision.events.find((e) => e.type === 'dayClosed')
    let seq: number
    try {
      seq = this.store.commit(
        {
          at: now,
          businessDay: before.businessDay,
          actor,
          command,
          payload: redact(payload),
          result: command === 'login' ? { clerkId: actor.clerkId } : result,
          events: decision.events,
          idempotencyKey: idempotencyKey ?? null,
        },
        changes,
        () => {
          extra?.()
          if (closing) this.freezeClosedDay(before, closing.businessDay, closing.at)
        },
      )
    } catch (err) {
      throw storageError(err, this.log, command)
    }
    this.current = state
    const logged: LoggedCommand = { seq, at: now, businessDay: before.businessDay, actor, command, events: decision.events }
    for (const listener of this.listeners) {
      try {
        listener(logged)
      } catch (err) {
        this.log.error({ err, command }, 'event listener failed')
      }
    }
    return result
  }
}

function authorise(name: CommandName, actor: Actor): void {
  const access = COMMAND_ACCESS[name]
  if (access === 'public') return
  if (actor.role === 'anonymous' || actor.role === 'kiosk' || actor.role === 'display') throw new AppError('UNAUTHENTICATED')
  if (access === 'staff') return
  if (!hasRank(actor, access)) throw new AppError('FORBIDDEN', { needs: access })
}

function redact(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return payload
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : v]))
}

/** What the store threw, as the caller should hear it; nothing was written either way. */
function storageError(err: unknown, log: Logger, command: string): AppError {
  if (isAppError(err)) return err
  const code = (err as { code?: string }).code ?? ''
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code.startsWith('SQLITE_IOERR')) {
    log.error({ err, command }, 'command not saved: storage full or failing')
    return new AppError('STORAGE_FULL')
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    log.warn({ err, command }, 'command not saved: database busy')
    return new AppError('STORAGE_BUSY')
  }
  log.error({ err, command }, 'command not saved')
  return new AppError('INTERNAL')
}
