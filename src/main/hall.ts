/**
 * The hall service: every command from every transport goes through `execute`:
 * authenticate → validate (shared zod schema) → authorise → decide (core rules) → evolve →
 * one transaction → swap the live state → publish. Between reading the state and swapping it
 * nothing awaits, so two counters calling at the same moment can never get the same customer.
 */
import { createHash } from 'node:crypto'
import type { Logger } from 'pino'
import { COMMAND_ACCESS, commandSchemas, isCommandName, type CommandName, type CommandPayload, type CommandResult } from '../shared/commands'
import type { Actor, ActivityPeriod, RatingChannel, ServiceRecord, Ticket } from '../shared/domain'
import { AppError, isAppError } from '../shared/errors'
import type { HallEvent, LoggedCommand } from '../shared/events'
import { LiveDayLists, applyInPlace, emptyHallState, evolve, type HallState } from '../shared/hall-state'
import { DEFAULT_SETTINGS } from '../shared/settings'
import { businessDayOf } from './core/business-time'
import { decide, decideCheckVisit, decideFollowUp, decideLogin, decideLogout, decideResetPin, decideSaveClerk, hasRank, type Context, type Decision } from './core/decide'
import { DEFAULT_COUNTERS, DEFAULT_SERVICES } from './core/default-catalogue'
import { TERMINAL_COMMANDS, PAIRING_CODE_MINUTES, type Terminal } from '../shared/terminals'
import { ReportArchive } from './reports/archive'
import { ContactCipher, maskPhone } from './security/contact-cipher'
import { AttemptCounter, LoginThrottle } from './security/login-throttle'
import { IssuingLimiter } from './security/rate-limit'
import { hashPin, hashToken, newPairingCode, newPhoneKey, newToken, randomPin, verifyPin } from './security/secrets'
import type { HallStore } from './store/hall-store'
import { storageProblem } from './store/storage-errors'
import { TerminalStore } from './store/terminal-store'
import { PhoneLinkStore } from './store/phone-link-store'
import { ClerkPhotoStore, type ClerkPhoto } from './store/clerk-photo-store'
import { inspectPhoto } from './core/clerk-photo'
import { PHONE_KEY, phoneUrl, type PhoneTicketView } from '../shared/phone'
import type { Satisfaction } from '../shared/domain'
import { lastRecordOf, phoneViewOf, ratableRecordOf } from './phone-view'
import { ComplaintStore, type SealedComplaintText } from './store/complaint-store'
import { TextSeal } from './security/text-seal'
import {
  COMPLAINT_TEXT_FIELDS,
  compareForList,
  isComplaintEvent,
  listRowOf,
  type ComplaintCase,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintCommandName,
  type ComplaintDetail,
  type ComplaintListRow,
  type ComplaintStatus,
} from '../shared/complaints'
import { decideCancelComplaint, decideCloseComplaint, decideReopenComplaint, decideTakeComplaint, decideUpdateComplaint, type ComplaintDecision } from './core/complaints'

export type Clock = () => number

/** Who is calling, as the transport saw it. */
export interface Credentials {
  /** The clerk's session token, after login. */
  token?: string | undefined
  /** Where the call came from (an address, a name), for the audit log. */
  terminal: string
  /** The terminal's own token from pairing. */
  terminalToken?: string | undefined
  /** The hub's own screens: loopback (when trusted) or the desktop app. Needs no pairing. */
  local: boolean
  /** The evaluator pairing of a counter PC's customer-facing rating screen (RATING_COOKIE). */
  ratingToken?: string | undefined
  /**
   * The connection's own address (never a name the client chose): guessing is throttled per
   * address. Defaults to `terminal` for in-process callers.
   */
  address?: string | undefined
}

/** The terminal a call comes through: a paired one, or the hub itself. */
export type CallingTerminal = { kind: 'local' } | { kind: 'paired'; terminal: Terminal }

export interface ExecuteOptions {
  /** A retried command with the same key is answered from the log instead of applied again. */
  idempotencyKey?: string | undefined
  /** Set by execute for the commands that care which terminal they come through. */
  calling?: CallingTerminal
  /** Set by the hub, never by a caller: where a rating came from on the customer's side. */
  ratingChannel?: RatingChannel
  /** Set by execute: the address guesses are counted against. */
  source?: string
  /** Set by execute: whose keys these are (the terminal); the clerk is added by dispatch. */
  keyScope?: string
}

export type Listener = (logged: LoggedCommand) => void

/** Access that ended: open streams that were opened with it are closed at once. */
export type Revocation =
  | { kind: 'terminal'; terminalId: number }
  | { kind: 'clerk'; clerkId: number }
  | { kind: 'session'; tokenHash: string }

export interface HallOptions {
  store: HallStore
  clock: Clock
  /**
   * The PC's own clock, when `clock` is the hall clock that keeps real elapsed time through a
   * correction (hall-clock.ts); it tells the hall the real calendar. Defaults to `clock`.
   */
  wall?: Clock
  /** Brings `clock` in line with `wall`; called when a close has just emptied the hall. */
  resync?: () => void
  logger: Logger
  /** Key for personal contacts (32 bytes); without it the hall refuses to take phone numbers. */
  contactKey?: Buffer | undefined
}

export interface DayRecords {
  businessDay: string
  tickets: Ticket[]
  records: ServiceRecord[]
  periods: ActivityPeriod[]
}

const SYSTEM: Actor = { role: 'system', clerkId: null, terminal: 'hub' }
const QUARTER_HOUR = 15 * 60_000
/**
 * The PC's clock must be this far behind what the hall has already recorded, and on an earlier
 * business day, before the hall calls it a corrected clock: an hour's daylight-saving or time
 * zone slip around the day's turn is left to the calendar (docs/decisions/027-corrected-clock.md).
 */
export const CLOCK_CORRECTION_TOLERANCE_MS = 2 * 3_600_000
/** System entries that run from inside the rollover check and must not start it again. */
const DAY_COMMANDS = new Set(['closeDay', 'clockCorrected'])
/** Never written to the audit log as given. */
const SECRET_KEYS = new Set<string>(['pin', 'code', 'phone', 'callbackPhone', 'image', ...COMPLAINT_TEXT_FIELDS])
const COMPLAINT_COMMAND_SET = new Set<string>(['takeComplaint', 'updateComplaint', 'closeComplaint', 'reopenComplaint', 'cancelComplaint'])

export class Hall {
  /** The live hall: changed in place by each committed command (docs/decisions/018-live-state-in-place.md). */
  private readonly current: HallState
  private readonly lists: LiveDayLists
  /** The business day by the hall clock and by the PC's own clock, each worked out once per quarter hour. */
  private readonly dayAt = new QuarterHourDay()
  private readonly realDay = new QuarterHourDay()
  /** The latest time the hall has recorded: a PC clock well behind it was corrected back. */
  private latestStamp: number
  private readonly listeners = new Set<Listener>()
  private readonly revocationListeners = new Set<(r: Revocation) => void>()
  /** Set when a write failed for want of space, cleared by the next write that succeeds. */
  storageFull = false
  private readonly storageListeners = new Set<() => void>()
  /** Commands with an Idempotency-Key still running, by scoped key: a retry waits for their answer. */
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<unknown> }>()
  private readonly throttle = new LoginThrottle()
  /** Wrong pairing codes, per source address: a guest cannot lock pairing for the installer. */
  private readonly pairingGuesses = new AttemptCounter()
  /** Tickets per paired terminal (a kiosk): a flood from one terminal is refused, not queued. */
  private readonly issuing = new IssuingLimiter()
  /** Waits before answering a wrong PIN; replaceable so tests need not sleep. */
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
  private readonly store: HallStore
  private readonly terminals: TerminalStore
  private readonly phoneLinks: PhoneLinkStore
  private readonly complaints: ComplaintStore
  private readonly photos: ClerkPhotoStore
  /** Phone links of tickets issued by the command running now: the key exists only in memory, until its reply. */
  private readonly freshLinks = new Map<number, string>()
  private readonly cipher: ContactCipher | null
  /** Complaint text is sealed with the contact key, like every free text (security/text-seal.ts). */
  private readonly textSeal: TextSeal | null
  private readonly clock: Clock
  private readonly wall: Clock
  private readonly resync: (() => void) | undefined
  private readonly log: Logger
  /** The hub's TLS certificate and its SHA-256 fingerprint, given to terminals at pairing to pin. */
  tlsFingerprint: string | null = null
  tlsCertificate: string | null = null
  /** Counts a day for the reports when it closes (日结), in the closing transaction. */
  private readonly archive: ReportArchive

  private constructor(options: HallOptions, state: HallState) {
    this.store = options.store
    this.terminals = new TerminalStore(options.store.db)
    this.phoneLinks = new PhoneLinkStore(options.store.db)
    this.complaints = new ComplaintStore(options.store.db)
    this.photos = new ClerkPhotoStore(options.store.db)
    this.cipher = options.contactKey ? new ContactCipher(options.contactKey) : null
    this.textSeal = options.contactKey ? new TextSeal(options.contactKey) : null
    this.clock = options.clock
    this.wall = options.wall ?? options.clock
    this.resync = options.resync
    this.latestStamp = options.store.lastLoggedAt() ?? -Infinity
    this.log = options.logger
    this.current = state
    this.lists = new LiveDayLists(state)
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

  /** Told when a terminal is revoked or a clerk's sessions end (logout, new PIN, disabled). */
  onRevoked(listener: (r: Revocation) => void): () => void {
    this.revocationListeners.add(listener)
    return () => this.revocationListeners.delete(listener)
  }

  private revoked(r: Revocation): void {
    for (const listener of this.revocationListeners) {
      try {
        listener(r)
      } catch (err) {
        this.log.error({ err, revocation: r.kind }, 'revocation listener failed')
      }
    }
  }

  /** Logged commands after `seq`, for a client catching up. */
  eventsAfter(seq: number, limit = 1000): LoggedCommand[] {
    return this.store.logAfter(seq, limit)
  }

  /** The terminal a call comes through; refuses a caller that has not paired. */
  terminalOf(credentials: Credentials): CallingTerminal {
    if (credentials.terminalToken) {
      const terminal = this.terminals.byToken(hashToken(credentials.terminalToken), this.clock())
      if (terminal) return { kind: 'paired', terminal }
    }
    if (credentials.local) return { kind: 'local' }
    throw new AppError('TERMINAL_NOT_PAIRED')
  }

  /** Paired terminals, for the admin (tokens are never shown again). */
  listTerminals(): Terminal[] {
    return this.terminals.list()
  }

  /** Writes the terminals' last-seen times (best effort; the hub calls it every 30 seconds). */
  flushTerminalActivity(): void {
    this.terminals.flushSeen()
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
    if (name === 'pairTerminal') {
      const scope = `pair:${credentials.address ?? credentials.terminal}`
      const fingerprint = keyFingerprint(name, { code: '***' })
      return (await this.once(scope, options.idempotencyKey, fingerprint, (key) => this.pair(rawPayload, credentials, key))) as CommandResult<N>
    }
    if (name === 'rateService') return this.rateFromCustomer(rawPayload, credentials, options) as Promise<CommandResult<N>>
    const calling = this.terminalOf(credentials)
    const label = labelOf(calling, credentials)
    const allowed = calling.kind === 'local' ? 'all' : TERMINAL_COMMANDS[calling.terminal.role]
    if (allowed !== 'all' && !allowed.includes(name as CommandName)) throw new AppError('TERMINAL_NOT_ALLOWED', { command: name })
    if (calling.kind === 'paired' && calling.terminal.role === 'counter' && name === 'openCounter') {
      const counterId = (rawPayload as { counterId?: unknown } | null)?.counterId
      if (counterId !== calling.terminal.counterId) throw new AppError('NOT_YOUR_COUNTER', { counterId: calling.terminal.counterId })
    }
    const actor = { ...this.authenticate(credentials), terminal: label }
    if (name === 'issueTicket' && calling.kind === 'paired') {
      // Counted here, before anything awaits: a burst of requests is a burst of takes.
      const pace = this.issuing.take(`t${calling.terminal.id}`, this.clock(), this.current.settings.issuing.perTerminalPerMinute)
      if (!pace.ok) throw new AppError('ISSUING_TOO_FAST', { retryAfterSeconds: pace.retryAfterSeconds })
    }
    return this.dispatch<N>(name as N, rawPayload, actor, credentials.token, {
      ...options,
      calling,
      source: credentials.address ?? credentials.terminal,
      keyScope: calling.kind === 'paired' ? `t${calling.terminal.id}` : `l:${credentials.terminal}`,
    })
  }

  /**
   * A rating, accepted only from the customer's side (docs/decisions/022-ratings-from-the-customer.md):
   * a tablet paired as the counter's evaluator ('tablet'), a counter PC's rating screen holding
   * its own evaluator pairing ('screen'), or the hub's own screens without a login ('screen').
   * Anything that carries a login — the clerk served, or anyone else — or comes through a
   * counter, manager or kiosk pairing alone is refused. Keypads come in through executeAsSystem.
   */
  private async rateFromCustomer(rawPayload: unknown, credentials: Credentials, options: ExecuteOptions): Promise<CommandResult<'rateService'>> {
    if (credentials.token) throw new AppError('RATING_NOT_FROM_CUSTOMER')
    const now = this.clock()
    const rating = credentials.ratingToken ? this.terminals.byToken(hashToken(credentials.ratingToken), now) : null
    const calling = rating ? ({ kind: 'paired', terminal: rating } as const) : this.terminalOf(credentials)
    let channel: RatingChannel
    if (calling.kind === 'local') channel = 'screen'
    else if (calling.terminal.role !== 'evaluator') throw new AppError('RATING_NOT_FROM_CUSTOMER')
    else {
      channel = rating ? 'screen' : 'tablet'
      // An evaluator rates the services of its own counter, and nothing else.
      const recordId = (rawPayload as { recordId?: unknown } | null)?.recordId
      const record = typeof recordId === 'number' ? this.current.records[recordId] : undefined
      if (record && record.counterId !== calling.terminal.counterId) throw new AppError('NOT_YOUR_COUNTER', { counterId: record.counterId })
    }
    const actor: Actor = { role: 'system', clerkId: null, terminal: labelOf(calling, credentials) }
    const keyScope = calling.kind === 'paired' ? `t${calling.terminal.id}` : `l:${credentials.terminal}`
    return this.dispatch('rateService', rawPayload, actor, undefined, { ...options, ratingChannel: channel, keyScope })
  }

  /**
   * For the hub's own components (an evaluator keypad, a scheduled job): runs a command as
   * the system actor, named after `terminal` in the audit log. Still validated. A rating that
   * comes this way is the keypad's.
   */
  async executeAsSystem<N extends CommandName>(name: N, rawPayload: unknown, terminal: string): Promise<CommandResult<N>> {
    return this.dispatch<N>(name, rawPayload, { role: 'system', clerkId: null, terminal }, undefined, name === 'rateService' ? { ratingChannel: 'keypad' } : {})
  }

  /** The evaluator pairing a counter PC's rating screen rates with, if it holds a valid one. */
  ratingTerminalOf(credentials: Credentials): Terminal | null {
    if (!credentials.ratingToken) return null
    const t = this.terminals.byToken(hashToken(credentials.ratingToken), this.clock())
    return t?.role === 'evaluator' ? t : null
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
    if (!options.idempotencyKey) return this.withPhoneLink(name, payload, actor, token, options, undefined)
    // Keys are the caller's own: another terminal or clerk sending the same key is another command.
    const scope = `${options.keyScope ?? actor.terminal}/${actor.clerkId ?? '-'}`
    return this.once(
      scope,
      options.idempotencyKey,
      keyFingerprint(name, payload),
      (key) => this.withPhoneLink(name, payload, actor, token, options, key),
      // The phone link's key is never stored: a replayed ticket answers without it.
      (stored) => (name === 'issueTicket' ? { ...(stored as object), phoneUrl: null } : stored) as CommandResult<N>,
    )
  }

  /** A new ticket answers with its phone link, which only the issuing call ever sees. */
  private withPhoneLink<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    actor: Actor,
    token: string | undefined,
    options: ExecuteOptions,
    key: string | undefined,
  ): CommandResult<N> | Promise<CommandResult<N>> {
    if (name === 'issueTicket') {
      try {
        const issued = this.apply(name, payload, actor, token, options, key) as CommandResult<'issueTicket'>
        return { ...issued, phoneUrl: this.freshLinks.get(issued.ticket.id) ?? null } as CommandResult<N>
      } finally {
        this.freshLinks.clear()
      }
    }
    return this.apply(name, payload, actor, token, options, key)
  }

  /**
   * Runs a command sent with an Idempotency-Key once per caller: a retry while it runs waits for
   * its answer, a retry after it is answered from the log, and the same key with another command
   * or payload is refused. The key is stored as `scope/key#fingerprint`.
   */
  private async once<R>(
    scope: string,
    key: string | undefined,
    fingerprint: string,
    run: (storedKey: string | undefined) => Promise<R> | R,
    replay: (stored: unknown) => R = (stored) => stored as R,
  ): Promise<R> {
    if (!key) return run(undefined)
    const scoped = `${scope}/${key}`
    // Check and claim in one synchronous turn: nothing awaits between them.
    const running = this.inFlight.get(scoped)
    if (running) {
      if (running.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED')
      return running.answer as Promise<R>
    }
    const stored = this.store.replyForPrefix(scoped)
    if (stored) {
      if (stored.key !== `${scoped}#${fingerprint}`) throw new AppError('IDEMPOTENCY_KEY_REUSED')
      return replay(stored.result)
    }
    const answer = (async () => run(`${scoped}#${fingerprint}`))()
    this.inFlight.set(scoped, { fingerprint, answer })
    try {
      return await answer
    } finally {
      this.inFlight.delete(scoped)
    }
  }

  private apply<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    actor: Actor,
    token: string | undefined,
    options: ExecuteOptions,
    key: string | undefined,
  ): CommandResult<N> | Promise<CommandResult<N>> {
    switch (name) {
      case 'login':
        return this.login(payload as CommandPayload<'login'>, actor, key, options.source ?? actor.terminal) as unknown as Promise<CommandResult<N>>
      case 'logout':
        return this.logout(actor, token, key) as CommandResult<N>
      case 'saveClerk':
        return this.saveClerk(payload as CommandPayload<'saveClerk'>, actor, key) as unknown as Promise<CommandResult<N>>
      case 'setClerkPhoto':
        return this.setClerkPhoto(payload as CommandPayload<'setClerkPhoto'>, actor, key) as CommandResult<N>
      case 'removeClerkPhoto':
        return this.removeClerkPhoto(payload as CommandPayload<'removeClerkPhoto'>, actor, key) as CommandResult<N>
      case 'resetClerkPin':
        return this.resetClerkPin(payload as CommandPayload<'resetClerkPin'>, actor, key) as unknown as Promise<CommandResult<N>>
      case 'createPairingCode':
        return this.createPairingCode(payload as CommandPayload<'createPairingCode'>, actor, key) as CommandResult<N>
      case 'unlockClerk':
        return this.unlockClerk(payload as CommandPayload<'unlockClerk'>, actor, key) as CommandResult<N>
      case 'revokeTerminal':
        return this.revokeTerminal(payload as CommandPayload<'revokeTerminal'>, actor, key) as CommandResult<N>
      case 'revealContact':
        return this.revealContact(payload as CommandPayload<'revealContact'>, actor) as CommandResult<N>
      case 'checkVisit': {
        // Read and decided in one synchronous turn: a past day's visit is in the store, not the live hall.
        const p = payload as CommandPayload<'checkVisit'>
        return this.run(name, payload, actor, key, (state, ctx) =>
          decideCheckVisit(state.records[p.recordId] ?? this.archive.record(p.recordId), p, ctx),
        ) as CommandResult<N>
      }
      case 'recordFollowUp': {
        const id = this.archive.nextFollowUpId()
        return this.run(name, payload, actor, key, (state, ctx) => decideFollowUp(state, payload as CommandPayload<'recordFollowUp'>, id, ctx)) as CommandResult<N>
      }
      default: {
        if (COMPLAINT_COMMAND_SET.has(name)) return this.complaintCommand(name as ComplaintCommandName, payload as never, actor, key) as CommandResult<N>
        const phone =
          name === 'issueTicket'
            ? (payload as CommandPayload<'issueTicket'>).callbackPhone
            : name === 'finishService'
              ? (payload as CommandPayload<'finishService'>).complaint?.phone
              : undefined
        const complaint = name === 'finishService' ? (payload as CommandPayload<'finishService'>).complaint : null
        const withCase = complaint ? this.caseFromCounter(complaint.summary) : undefined
        if (phone !== undefined) return this.runWithContact(name, payload, actor, key, phone, withCase) as CommandResult<N>
        if (withCase) {
          let events: HallEvent[] = []
          return this.run(
            name,
            payload,
            actor,
            key,
            (state, ctx) => {
              const d = decide(state, name, payload as never, { ...ctx, complaintId: withCase.id })
              events = d.events
              return d
            },
            () => withCase.write(events, actor),
          ) as CommandResult<N>
        }
        const ratingChannel = options.ratingChannel
        return this.run(name, payload, actor, key, (state, ctx) => decide(state, name, payload as never, ratingChannel ? { ...ctx, ratingChannel } : ctx)) as CommandResult<N>
      }
    }
  }

  /** Nobody waiting or being served and no counter open: no duration is running. */
  isIdle(): boolean {
    const s = this.current
    return (
      Object.values(s.tickets).every((t) => t.status !== 'waiting' && t.status !== 'called' && t.status !== 'serving') &&
      Object.values(s.counters).every((c) => c.status === 'closed')
    )
  }

  /**
   * Closes the business day if the clock has moved past it (the rollover hour). Notices a PC
   * clock corrected back past the hall's day, and returns the hall to the real day at the next
   * turn of the real calendar (docs/decisions/027-corrected-clock.md).
   */
  rolloverIfDue(): void {
    if (this.businessDayAt(this.clock()) > this.current.businessDay) {
      this.log.info({ businessDay: this.current.businessDay }, 'business day rolled over: closing it')
      const returning = this.current.clockCorrection !== null
      this.closeDayNow()
      if (returning) this.resync?.()
      return
    }
    const wall = this.wall()
    const correction = this.current.clockCorrection
    if (correction === null) {
      // One subtraction on every command; the calendar is looked at only when the clock is far behind.
      if (this.latestStamp - wall <= CLOCK_CORRECTION_TOLERANCE_MS) return
      const realDay = this.realDayAt(wall)
      if (realDay >= this.current.businessDay) return
      this.noticeCorrectedClock(wall, realDay)
      return
    }
    const realDay = this.realDayAt(wall)
    if (realDay > correction.realDay && realDay < this.current.businessDay) {
      this.log.warn({ businessDay: this.current.businessDay, realDay }, 'the real business day began: closing the day used ahead of the calendar and returning to the real day')
      this.closeDayNow()
      // The close emptied the hall: nothing runs across the step back, and the hall clock must
      // not carry the old lead into the real day (it would roll straight on to the future one).
      this.resync?.()
    }
  }

  private closeDayNow(): void {
    this.run('closeDay', {}, SYSTEM, undefined, (state, ctx) => decide(state, 'closeDay', {}, ctx))
  }

  /** Records, once per corrected clock, that the PC's calendar is behind the hall's business day. */
  private noticeCorrectedClock(wall: number, realDay: string): void {
    const now = this.clock()
    const correction = { noticedAt: now, wallAt: wall, aheadMs: this.latestStamp - wall, hallDay: this.current.businessDay, realDay }
    this.log.warn(correction, 'the PC clock is behind the business day the hall is on: the hall stays on it until its close, then returns to the real day')
    this.run('clockCorrected', { hallDay: correction.hallDay, realDay, wallAt: wall }, SYSTEM, undefined, () => ({
      events: [{ type: 'clockCorrected', at: now, correction }],
      reply: () => correction,
    }))
  }

  /** The business day by the PC's own clock. */
  private realDayAt(wall: number): string {
    return this.realDay.at(wall, this.current.settings.hall)
  }

  /** The business day at `now` by the hall clock. */
  private businessDayAt(now: number): string {
    return this.dayAt.at(now, this.current.settings.hall)
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

  private async login(p: CommandPayload<'login'>, actor: Actor, key: string | undefined, source: string): Promise<CommandResult<'login'>> {
    const { pinMaxAttempts, pinLockMinutes } = this.current.settings.security
    // Counted before the PIN is hashed: parallel guesses cannot all be checked.
    const attempt = this.throttle.reserve(p.staffCode, source, this.clock(), { maxAttempts: pinMaxAttempts, lockMs: pinLockMinutes * 60_000 })
    if ('lockedMs' in attempt) throw new AppError('PIN_LOCKED', { retryAfterSeconds: Math.ceil(attempt.lockedMs / 1000) })
    const found = this.store.pinHashOf(p.staffCode)
    const ok = await verifyPin(p.pin, found?.pinHash ?? null)
    if (!found || !ok) {
      this.log.warn({ staffCode: p.staffCode, terminal: actor.terminal, source }, 'login refused: wrong staff code or PIN')
      await this.sleep(this.throttle.delayFor(attempt))
      throw new AppError('WRONG_PIN')
    }
    this.throttle.succeed(attempt)
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

  /** A manager lets a clerk locked out by wrong PINs try again at once (audited). */
  private unlockClerk(p: CommandPayload<'unlockClerk'>, actor: Actor, key: string | undefined): CommandResult<'unlockClerk'> {
    const clerk = this.current.clerks[p.clerkId]
    if (!clerk) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
    this.audit('unlockClerk', p, actor, key, { clerkId: clerk.id }, () => undefined)
    this.throttle.unlockStaff(clerk.staffCode)
    return { clerk }
  }

  private logout(actor: Actor, token: string | undefined, key: string | undefined): CommandResult<'logout'> {
    const result = this.run('logout', {}, actor, key, (state, ctx) => decideLogout(state, ctx), () => {
      if (token) this.store.deleteSession(hashToken(token))
    })
    if (token) this.revoked({ kind: 'session', tokenHash: hashToken(token) })
    return result
  }

  private async saveClerk(p: CommandPayload<'saveClerk'>, actor: Actor, key: string | undefined): Promise<CommandResult<'saveClerk'>> {
    const pinHash = p.pin === undefined ? null : await hashPin(p.pin)
    const { pin: _pin, ...rest } = p
    let clerkId = 0
    const result = this.run(
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
        // A disabled clerk's photo is deleted with the change (personal data no longer needed).
        if (!p.active) this.photos.remove(clerkId)
      },
    )
    if (!result.clerk.active) this.revoked({ kind: 'clerk', clerkId: result.clerk.id })
    return result
  }

  /**
   * The administrator uploads a clerk's photo: checked by its bytes (JPEG or PNG, size), kept in
   * clerk_photos in the command's transaction; the log and the event carry only its version
   * (docs/decisions/031-clerk-photos-beside-the-log.md).
   */
  private setClerkPhoto(p: CommandPayload<'setClerkPhoto'>, actor: Actor, key: string | undefined): CommandResult<'setClerkPhoto'> {
    const image = Buffer.from(p.image, 'base64')
    const facts = inspectPhoto(image)
    const version = createHash('sha256').update(image).digest('hex').slice(0, 16)
    const photo: ClerkPhoto = { clerkId: p.clerkId, image, version, ...facts, updatedAt: this.clock() }
    return this.run(
      'setClerkPhoto',
      { clerkId: p.clerkId, image: '***', bytes: image.length, ...facts },
      actor,
      key,
      (state, { now }) => {
        const clerk = state.clerks[p.clerkId]
        if (!clerk) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
        if (!clerk.active) throw new AppError('CLERK_DISABLED', { clerkId: p.clerkId })
        return { events: [{ type: 'clerkPhotoChanged', at: now, clerkId: p.clerkId, photo: version }], reply: (s) => ({ clerk: s.clerks[p.clerkId]! }) }
      },
      () => this.photos.put(photo),
    )
  }

  private removeClerkPhoto(p: CommandPayload<'removeClerkPhoto'>, actor: Actor, key: string | undefined): CommandResult<'removeClerkPhoto'> {
    return this.run(
      'removeClerkPhoto',
      p,
      actor,
      key,
      (state, { now }) => {
        const clerk = state.clerks[p.clerkId]
        if (!clerk) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
        if (!clerk.photo) throw new AppError('NO_PHOTO', { clerkId: p.clerkId })
        return { events: [{ type: 'clerkPhotoChanged', at: now, clerkId: p.clerkId, photo: null }], reply: (s) => ({ clerk: s.clerks[p.clerkId]! }) }
      },
      () => this.photos.remove(p.clerkId),
    )
  }

  /** A clerk's photo as stored (the route checks who may see it), or null. */
  clerkPhoto(clerkId: number): ClerkPhoto | null {
    return this.current.clerks[clerkId]?.photo ? this.photos.get(clerkId) : null
  }

  private createPairingCode(p: CommandPayload<'createPairingCode'>, actor: Actor, key: string | undefined): CommandResult<'createPairingCode'> {
    if (p.counterId !== undefined && !this.current.counters[p.counterId]) throw new AppError('UNKNOWN_COUNTER', { counterId: p.counterId })
    const code = newPairingCode()
    const now = this.clock()
    const expiresAt = now + PAIRING_CODE_MINUTES * 60_000
    const grant = { name: p.name, role: p.role, counterId: p.counterId ?? null }
    const result = { code, expiresAt, ...grant }
    this.audit('createPairingCode', { ...grant, expiresAt }, actor, key, { ...grant, expiresAt }, () =>
      this.terminals.insertCode(hashToken(code.replace('-', '')), grant, now, expiresAt, actor.clerkId),
    )
    return result
  }

  /** A terminal joins with a pairing code: one use, a few minutes, guesses throttled. */
  private async pair(rawPayload: unknown, credentials: Credentials, key: string | undefined): Promise<CommandResult<'pairTerminal'>> {
    const parsed = commandSchemas.pairTerminal.safeParse(rawPayload ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })))
    const now = this.clock()
    const source = credentials.address ?? credentials.terminal
    const { pinMaxAttempts, pinLockMinutes } = this.current.settings.security
    const locked = this.pairingGuesses.lockedFor(source, now)
    if (locked > 0) throw new AppError('PIN_LOCKED', { retryAfterSeconds: Math.ceil(locked / 1000) })
    const attempts = this.pairingGuesses.take(source, now, { maxAttempts: pinMaxAttempts * 2, lockMs: pinLockMinutes * 60_000 })
    const codeHash = hashToken(parsed.data.code.replace('-', ''))
    const token = newToken()
    let terminal: Terminal | null = null
    const actor: Actor = { role: 'system', clerkId: null, terminal: credentials.terminal }
    try {
      this.audit('pairTerminal', { code: '***' }, actor, key, null, () => {
        const grant = this.terminals.useCode(codeHash, now)
        if (!grant) throw new AppError('PAIRING_CODE_INVALID')
        terminal = this.terminals.insertTerminal(grant, hashToken(token), now, null)
        return { terminalId: terminal.id, name: terminal.name, role: terminal.role, counterId: terminal.counterId }
      })
    } catch (err) {
      if (isAppError(err) && err.code === 'PAIRING_CODE_INVALID') {
        this.log.warn({ terminal: credentials.terminal, source }, 'pairing refused: wrong or expired code')
        await this.sleep(Math.min(4_000, 250 * 2 ** Math.min(attempts - 1, 4)))
      } else this.pairingGuesses.refund(source)
      throw err
    }
    this.pairingGuesses.refund(source)
    this.log.info({ terminal: terminal!.name, role: terminal!.role, from: credentials.terminal }, 'terminal paired')
    return { token, terminal: terminal!, tlsFingerprint: this.tlsFingerprint, tlsCertificate: this.tlsCertificate }
  }

  /** Calls `listener` when a write fails for want of space, or succeeds again after one did. */
  onStorageFull(listener: () => void): () => void {
    this.storageListeners.add(listener)
    return () => void this.storageListeners.delete(listener)
  }

  private storageRefused(err: AppError): AppError {
    if (err.code === 'STORAGE_FULL' && !this.storageFull) {
      this.storageFull = true
      for (const l of this.storageListeners) l()
    }
    return err
  }

  private storageSaved(): void {
    if (!this.storageFull) return
    this.storageFull = false
    for (const l of this.storageListeners) l()
  }

  private revokeTerminal(p: CommandPayload<'revokeTerminal'>, actor: Actor, key: string | undefined): CommandResult<'revokeTerminal'> {
    const before = this.terminals.byId(p.terminalId)
    if (!before) throw new AppError('UNKNOWN_TERMINAL', { terminalId: p.terminalId })
    // The terminal's streams close before the revocation is published: it is not told of it.
    this.audit('revokeTerminal', p, actor, key, { terminalId: p.terminalId }, () => this.terminals.revoke(p.terminalId, this.clock()), () =>
      this.revoked({ kind: 'terminal', terminalId: p.terminalId }),
    )
    return { terminal: this.terminals.byId(p.terminalId)! }
  }

  /**
   * A command that carries a phone number: the number is sealed here, before the rules see the
   * command, and only its masked form and id go into the state, the events and the log.
   */
  private runWithContact<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    actor: Actor,
    key: string | undefined,
    phone: string,
    withCase?: CaseFromCounter,
  ): CommandResult<N> {
    if (!this.current.settings.privacy.collectPhone) throw new AppError('PHONE_NOT_COLLECTED')
    if (!this.cipher) throw new AppError('PHONE_NOT_COLLECTED', { reason: 'no contact key' })
    const contact = { id: this.current.nextId.contact, masked: maskPhone(phone) }
    const ciphertext = this.cipher.encrypt(phone, contact.id)
    let events: HallEvent[] = []
    return this.run(
      name,
      payload,
      actor,
      key,
      (state, ctx) => {
        const d = decide(state, name, payload as never, { ...ctx, contact, ...(withCase ? { complaintId: withCase.id } : {}) })
        events = d.events
        return d
      },
      () => {
        withCase?.write(events, actor)
        const e = events[0]!
        const ticketId = e.type === 'ticketIssued' ? e.ticket.id : 'ticketId' in e ? e.ticketId : 0
        const recordId = e.type === 'serviceFinished' ? e.recordId : null
        this.store.insertContact({
          id: contact.id,
          kind: recordId === null ? 'callback' : 'complaint',
          ticketId,
          recordId,
          businessDay: this.current.businessDay,
          masked: contact.masked,
          ciphertext,
          at: e.at,
        })
      },
    ) as CommandResult<N>
  }

  /** The seal for personal text (the contact key), or a named refusal when the hall has none. */
  private sealer(): TextSeal {
    if (!this.textSeal) throw new AppError('COMPLAINT_TEXT_NOT_SEALED')
    return this.textSeal
  }

  /** A complaint taken in the finish dialog: its case's id, and the write that seals its summary. */
  private caseFromCounter(summary: string): CaseFromCounter {
    const cipher = this.sealer()
    const id = this.complaints.nextId()
    return {
      id,
      write: (events, actor) => {
        const taken = events.filter(isComplaintEvent)
        this.complaints.write(taken, { summary: cipher.seal(summary, `complaint:${id}:summary`) }, actor.terminal)
      },
    }
  }

  /**
   * takeComplaint … cancelComplaint: the case is read, decided on and written in one synchronous
   * turn (nothing awaits in between); the text is sealed for the case's row before the commit, and
   * only the facts go into the event and the log.
   */
  private complaintCommand(name: ComplaintCommandName, payload: Record<string, unknown>, actor: Actor, key: string | undefined): CommandResult<'takeComplaint'> {
    const cipher = this.sealer()
    let before: ComplaintCase | null = null
    if (name !== 'takeComplaint') {
      before = this.complaints.byId(payload.id as number)
      if (!before) throw new AppError('UNKNOWN_COMPLAINT', { complaintId: payload.id })
    }
    const id = before?.id ?? this.complaints.nextId()
    const place = (field: string) => `complaint:${id}:${field}`
    const str = (k: string) => (typeof payload[k] === 'string' && payload[k] !== '' ? (payload[k] as string) : undefined)
    const summary = str('summary')
    const solution = str('solution')
    const confirmationNote = str('confirmationNote')
    const remark = str('remark')
    const text: SealedComplaintText = {
      ...(summary !== undefined && name === 'takeComplaint' ? { summary: cipher.seal(summary, place('summary')) } : {}),
      ...(solution !== undefined ? { solution: cipher.seal(solution, place('solution')) } : {}),
      ...(confirmationNote !== undefined ? { confirmationNote: cipher.seal(confirmationNote, place('confirmationNote')) } : {}),
      ...(remark !== undefined ? { remark: (n: number) => cipher.seal(remark, place(`step:${n}`)) } : {}),
    }
    let decision: ComplaintDecision | null = null
    return this.run(
      name,
      payload,
      actor,
      key,
      (state, ctx) => {
        const c = { actor: ctx.actor, now: ctx.now }
        if (name === 'takeComplaint') decision = decideTakeComplaint(state, payload as CommandPayload<'takeComplaint'>, id, c)
        else if (name === 'updateComplaint') decision = decideUpdateComplaint(state, before!, payload as CommandPayload<'updateComplaint'>, c)
        else if (name === 'closeComplaint') decision = decideCloseComplaint(before!, payload as CommandPayload<'closeComplaint'>, c)
        else if (name === 'reopenComplaint') decision = decideReopenComplaint(state, before!, payload as CommandPayload<'reopenComplaint'>, c)
        else decision = decideCancelComplaint(before!, payload as CommandPayload<'cancelComplaint'>, c)
        const complaint = decision.complaint
        return { events: decision.events, reply: () => ({ complaint }) }
      },
      () => this.complaints.write(decision!.events, text, actor.terminal),
    )
  }

  /** The cases for the list (GET /api/v1/complaints): open and overdue first. */
  listComplaints(filter: { status: ComplaintStatus | null; day: string | null; channel?: ComplaintChannel | null; category?: ComplaintCategory | null }): ComplaintListRow[] {
    const now = this.clock()
    const { channel = null, category = null } = filter
    return this.complaints
      .list({ status: filter.status, day: filter.day, limit: 2000 })
      .filter((c) => (channel === null || c.channel === channel) && (category === null || c.category === category))
      .map((c) => listRowOf(c, now))
      .sort(compareForList)
  }

  /** The cases taken on the business days from–to, facts only (the report's figures). */
  complaintsTaken(from: string, to: string): ComplaintCase[] {
    return this.complaints.takenBetween(from, to)
  }

  /** Every open case with its deadline state (the manager's live alerts). */
  openComplaints(): ComplaintListRow[] {
    const now = this.clock()
    return this.complaints.openCases().map((c) => listRowOf(c, now)).sort(compareForList)
  }

  /**
   * A case with its text and history, for staff who handle complaints: a manager or above, or
   * the clerk who owns or took it. Never the clerk it is about, unless they own it.
   */
  complaintDetail(id: number, actor: Actor): ComplaintDetail {
    const sealed = this.complaints.sealed(id)
    if (!sealed) throw new AppError('UNKNOWN_COMPLAINT', { complaintId: id })
    const c = sealed.complaint
    if (!hasRank(actor, 'manager') && (actor.clerkId === null || (c.ownerId !== actor.clerkId && c.takenBy !== actor.clerkId))) {
      throw new AppError('COMPLAINT_NOT_YOURS', { complaintId: id })
    }
    const cipher = this.sealer()
    const open = (b: string | null, field: string) => (b === null ? '' : cipher.open(b, `complaint:${id}:${field}`))
    return {
      complaint: c,
      summary: open(sealed.summary, 'summary'),
      solution: open(sealed.solution, 'solution'),
      confirmationNote: open(sealed.confirmationNote, 'confirmationNote'),
      steps: this.complaints.steps(id).map((s) => ({ ...s, remark: open(s.remark, `step:${s.n}`) })),
      purged: sealed.purged,
    }
  }

  /** Shows a manager the number behind a masked contact; the reveal itself is audited. */
  private revealContact(p: CommandPayload<'revealContact'>, actor: Actor): CommandResult<'revealContact'> {
    const sealed = this.store.contactCiphertext(p.contactId)
    if (sealed === null) throw new AppError('UNKNOWN_CONTACT', { contactId: p.contactId })
    if (sealed === 'purged') throw new AppError('CONTACT_PURGED', { contactId: p.contactId })
    if (!this.cipher) throw new AppError('INTERNAL', { reason: 'no contact key' })
    const phone = this.cipher.decrypt(sealed, p.contactId)
    // Retries are not replayed from the log for a reveal: the log never holds the number.
    this.audit('revealContact', p, actor, undefined, { contactId: p.contactId }, () => undefined)
    return { contactId: p.contactId, phone }
  }

  /** Deletes phone numbers older than the retention period (PIPL); audited when any were. */
  purgeExpiredContacts(): number {
    const now = this.clock()
    const before = now - this.current.settings.privacy.retentionDays * 86_400_000
    let purged = 0
    this.audit('purgeContacts', { before }, SYSTEM, undefined, null, () => {
      purged = this.store.purgeContacts(before, now)
      const complaints = this.complaints.purgeText(before, now)
      if (purged === 0 && complaints === 0) throw new NothingToLog()
      return { purged, complaints }
    })
    return purged
  }

  /**
   * Logs a command that changes no hall state (security configuration) together with its
   * writes, in one transaction. `write` may refuse by throwing; then nothing is logged. What it
   * returns replaces `result` in the log.
   */
  private audit(command: string, payload: unknown, actor: Actor, key: string | undefined, result: unknown, write: () => unknown, committed?: () => void): void {
    const now = this.clock()
    let logged: unknown = result
    try {
      const seq = this.store.commit(
        { at: now, businessDay: this.current.businessDay, actor, command, payload: redact(payload), result: () => logged, events: [], idempotencyKey: key ?? null },
        { tickets: new Map(), records: new Map(), periods: new Map(), counters: new Map(), services: new Map(), clerks: new Map(), settings: null, emergency: null, clockCorrection: null, businessDay: null },
        () => {
          logged = write() ?? result
        },
      )
      this.storageSaved()
      if (now > this.latestStamp) this.latestStamp = now
      committed?.()
      this.publish({ seq, at: now, businessDay: this.current.businessDay, actor, command, events: [] })
    } catch (err) {
      if (err instanceof NothingToLog) return
      throw this.storageRefused(storageError(err, this.log, command))
    }
  }

  /**
   * Stores the closed day's figures and assessment with the settings and services it was run
   * under, so later edits never change it. A failure here must not keep the hall from closing
   * the day (numbering, expiry): it is logged, and the day is counted when first reported.
   */
  private freezeClosedDay(services: HallState['services'], settings: HallState['settings'], businessDay: string, closedAt: number): void {
    try {
      this.archive.freeze({ businessDay, closedAt, services, settings })
    } catch (err) {
      this.log.error({ err, businessDay }, 'closed day could not be counted for the reports; it will be counted when first reported')
    }
  }

  private async resetClerkPin(p: CommandPayload<'resetClerkPin'>, actor: Actor, key: string | undefined): Promise<CommandResult<'resetClerkPin'>> {
    const pinHash = await hashPin(p.pin)
    const result = this.run('resetClerkPin', p, actor, key, (state, ctx) => decideResetPin(state, p.clerkId, ctx), () => {
      this.store.setPin(p.clerkId, pinHash)
      // A new PIN ends the sessions opened with the old one.
      this.store.deleteSessionsOf(p.clerkId)
    })
    this.revoked({ kind: 'clerk', clerkId: p.clerkId })
    return result
  }

  /**
   * The synchronous heart: decide, apply, commit, publish. The events are applied to the live
   * state in place and undone if the commit fails, so anything thrown leaves state and database
   * as they were. Nothing here awaits: no other command can see the state half-changed.
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
    if (!DAY_COMMANDS.has(command)) this.rolloverIfDue()
    const state = this.current
    const decision = decideFn(state, { actor, now, wall: this.wall(), lists: this.lists })
    if (decision.events.length === 0) return decision.reply(state)
    const { businessDay, services, settings } = state
    const closing = decision.events.find((e) => e.type === 'dayClosed')
    const { changes, undo } = applyInPlace(state, decision.events)
    const links = this.mintPhoneLinks(decision.events)
    let result: R
    let seq: number
    try {
      result = decision.reply(state)
      seq = this.store.commit(
        {
          at: now,
          businessDay,
          actor,
          command,
          payload: redact(payload),
          // The reply is kept only to answer a retry of the same key: it restates the state the
          // events already record, and stored for every command it made up most of the log.
          result: idempotencyKey === undefined ? null : command === 'login' ? { clerkId: actor.clerkId } : result,
          events: decision.events,
          idempotencyKey: idempotencyKey ?? null,
        },
        changes,
        () => {
          extra?.()
          for (const link of links) this.phoneLinks.insert(link.keyHash, link.ticketId, businessDay)
          if (closing) this.freezeClosedDay(services, settings, closing.businessDay, closing.at)
        },
      )
    } catch (err) {
      undo()
      this.freshLinks.clear()
      throw this.storageRefused(storageError(err, this.log, command))
    }
    this.storageSaved()
    if (now > this.latestStamp) this.latestStamp = now
    if (closing) this.continueUsedDay(state)
    this.lists.update(state, changes)
    for (const link of links) this.freshLinks.set(link.ticketId, link.url)
    this.publish({ seq, at: now, businessDay, actor, command, events: decision.events })
    return result
  }

  /**
   * A business day opened for the second time — used early while the PC's clock ran ahead, and
   * now reached by the calendar — goes on from where it stopped: its rows come back into the live
   * hall, as a restart would load them, so numbering continues after the numbers already issued
   * (never a duplicate number in one day) and today's figures count both stretches.
   */
  private continueUsedDay(state: HallState): void {
    const day = state.businessDay
    const tickets = this.store.ticketsOfDay(day)
    if (tickets.length === 0) return
    for (const t of tickets) {
      state.tickets[t.id] = t
      state.lastSeq[t.issuedServiceId] = Math.max(state.lastSeq[t.issuedServiceId] ?? 0, t.seq)
    }
    for (const r of this.store.recordsOfDay(day)) state.records[r.id] = r
    for (const p of this.store.periodsOfDay(day)) state.periods[p.id] = p
    this.log.warn({ businessDay: day, tickets: tickets.length }, 'business day used early is opened again: numbering continues after the tickets already issued')
  }

  /**
   * A phone link for each new ticket, when the hall has a guest address: a random key (96 bits)
   * whose hash is stored with the ticket in the same transaction.
   */
  private mintPhoneLinks(events: readonly HallEvent[]): { ticketId: number; keyHash: string; url: string }[] {
    const base = this.current.settings.phone.guestUrl
    if (base === '') return []
    const links = []
    for (const e of events) {
      if (e.type !== 'ticketIssued') continue
      const key = newPhoneKey()
      links.push({ ticketId: e.ticket.id, keyHash: hashToken(key), url: phoneUrl(base, e.ticket.businessDay, e.ticket.number, key) })
    }
    return links
  }

  /** The phone link of a ticket issued by the command being published now (the printer prints it); else null. */
  phoneUrlOf(ticketId: number): string | null {
    return this.freshLinks.get(ticketId) ?? null
  }

  /**
   * The live ticket a phone link opens, or NOT_FOUND — the same answer for a wrong key, another
   * ticket's key, an unknown number and another day's link, so a guess learns nothing.
   */
  phoneTicket(day: string, number: string, key: unknown): Ticket {
    if (typeof key !== 'string' || !PHONE_KEY.test(key)) throw new AppError('NOT_FOUND')
    const link = this.phoneLinks.find(hashToken(key))
    const ticket = link ? this.current.tickets[link.ticketId] : undefined
    if (!link || !ticket || link.businessDay !== day || day !== this.current.businessDay || ticket.number !== number) throw new AppError('NOT_FOUND')
    return ticket
  }

  /** What the phone page shows for its ticket (src/shared/phone.ts). */
  phoneView(ticket: Ticket): PhoneTicketView {
    return phoneViewOf(this.current, this.current.tickets[ticket.id] ?? ticket, this.clock(), this.lists)
  }

  /** The customer rates the visit from their phone, once: a customer rating with channel 'phone'. */
  ratePhone(ticket: Ticket, score: Satisfaction, from: string): PhoneTicketView {
    if (!this.current.settings.phone.rating) throw new AppError('NOT_RATABLE', { ticket: ticket.number })
    const record = ratableRecordOf(this.current, ticket, this.lists)
    if (!record) {
      const rated = ticket.status === 'done' && lastRecordOf(ticket, this.lists)?.rating != null
      throw new AppError(rated ? 'ALREADY_RATED' : 'NOT_RATABLE', { ticket: ticket.number })
    }
    const actor: Actor = { role: 'system', clerkId: null, terminal: `phone@${from}` }
    this.run('rateService', { recordId: record.id, score, channel: 'phone' }, actor, undefined, (state, ctx) =>
      decide(state, 'rateService', { recordId: record.id, score }, { ...ctx, ratingChannel: 'phone' }),
    )
    return this.phoneView(ticket)
  }

  private publish(logged: LoggedCommand): void {
    for (const listener of this.listeners) {
      try {
        listener(logged)
      } catch (err) {
        this.log.error({ err, command: logged.command }, 'event listener failed')
      }
    }
  }
}

function labelOf(calling: CallingTerminal, credentials: Credentials): string {
  return calling.kind === 'paired' ? `${calling.terminal.name}#${calling.terminal.id}@${credentials.terminal}` : credentials.terminal
}

function authorise(name: CommandName, actor: Actor): void {
  const access = COMMAND_ACCESS[name]
  if (access === 'public') return
  if (actor.role === 'anonymous' || actor.role === 'kiosk' || actor.role === 'display') throw new AppError('UNAUTHENTICATED')
  if (access === 'staff') return
  if (!hasRank(actor, access)) throw new AppError('FORBIDDEN', { needs: access })
}

/** A case the finish dialog opens: its id, and the write that stores it (with its sealed summary) in the command's transaction. */
interface CaseFromCounter {
  id: number
  write: (events: readonly HallEvent[], actor: Actor) => void
}

/** Thrown by an audit write that found nothing to do: rolls back, logs nothing. */
class NothingToLog extends Error {}

/** What a key was first used for: the command and its payload (secrets left out, so none can be recovered from the log). */
function keyFingerprint(command: string, payload: unknown): string {
  return createHash('sha256').update(JSON.stringify([command, redact(payload)])).digest('hex').slice(0, 16)
}

function redact(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(redact)
  if (typeof payload !== 'object' || payload === null) return payload
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : redact(v)]))
}

/** What the store threw, as the caller should hear it; nothing was written either way. */
function storageError(err: unknown, log: Logger, command: string): AppError {
  if (isAppError(err)) return err
  const problem = storageProblem(err)
  if (problem === 'STORAGE_FULL') log.error({ err, command }, 'command not saved: storage full or failing')
  else if (problem === 'STORAGE_BUSY') log.warn({ err, command }, 'command not saved: database busy')
  else log.error({ err, command }, 'command not saved')
  return new AppError(problem ?? 'INTERNAL')
}

/**
 * The business day of an instant, worked out once per quarter hour: every time zone's offset is a
 * multiple of 15 minutes and the day turns on a whole local hour, so it cannot change inside a
 * UTC quarter hour — and formatting a date in a time zone on every command costs more than the
 * rest of a small command.
 */
class QuarterHourDay {
  private window = -1
  private timeZone = ''
  private rolloverHour = -1
  private day = ''

  at(instant: number, hall: { timeZone: string; rolloverHour: number }): string {
    const window = Math.floor(instant / QUARTER_HOUR)
    if (window !== this.window || hall.timeZone !== this.timeZone || hall.rolloverHour !== this.rolloverHour) {
      this.window = window
      this.timeZone = hall.timeZone
      this.rolloverHour = hall.rolloverHour
      this.day = businessDayOf(instant, hall.timeZone, hall.rolloverHour)
    }
    return this.day
  }
}
