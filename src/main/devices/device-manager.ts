/**
 * The one owner of the hall's peripherals: builds the devices from settings.devices, opens
 * their ports (one link per serial path, shared by the devices on it), follows the hall's
 * logged commands — print kiosk tickets, update counter bars and the hall board, ask the
 * evaluator after a service — and reports each device's health.
 *
 * Nothing here is awaited by the hall: a listener only starts work and returns. A device that
 * is missing, hangs or throws fails its own job and shows up in its health; tickets are still
 * issued and called.
 */
import type { Logger } from 'pino'
import { z } from 'zod'
import type { CommandName, CommandResult } from '../../shared/commands'
import {
  kioskNameOf,
  printerForKiosk,
  type CounterBarsDevice,
  type DeviceConfig,
  type DeviceHealth,
  type DevicesStreamMessage,
  type DeviceTestResult,
  type EvaluatorDevice,
  type HallBoardDevice,
  type PrinterDevice,
  type PrintJobReport,
  type SerialConnection,
  type SerialPortListing,
} from '../../shared/devices'
import type { Ticket } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import type { HallEvent, LoggedCommand } from '../../shared/events'
import type { HallState } from '../../shared/hall-state'
import { DisplayBus } from './display-bus'
import { barAddresses, boardDepth, boardLines, counterBarText, recentCalls, withCall, type RecentCall } from './display-texts'
import { encodeTicket } from './escpos'
import { EscPosPrinter } from './escpos-printer'
import { KeypadBus } from './keypad-bus'
import { displayTemplate, keypadFrames } from './led-frame'
import { serialPortOpener, type PortOpener, type SerialBinding } from './port'
import { DEFAULT_BACKOFF, PortLink } from './port-link'
import { listSerialPorts } from './serial-ports'
import { ticketHtml, type HtmlTicketPrinter } from './ticket-html'
import { layoutTicket, PAPER_COLUMNS, sampleTicketFacts, ticketFacts, type TicketFacts } from './ticket-layout'
import { VirtualDisplayPort, VirtualPrinterPort } from './virtual-ports'

/** What the manager needs of the hall service (src/main/hall.ts satisfies it). */
export interface HallView {
  readonly state: HallState
  subscribe(listener: (logged: LoggedCommand) => void): () => void
  executeAsSystem<N extends CommandName>(name: N, rawPayload: unknown, terminal: string): Promise<CommandResult<N>>
  /** The phone link of a ticket being issued now (printed as its QR); its key is known only then. */
  phoneUrlOf?(ticketId: number): string | null
}

export interface DeviceManagerOptions {
  hall: HallView
  logger: Logger
  clock?: () => number
  /** The serialport binding (tests: SerialPortMock.binding). */
  binding?: SerialBinding
  /** Opens a serial connection; replaces `binding` (tests: ports that throw or hang). */
  openSerial?: (connection: SerialConnection) => PortOpener
  /** The desktop app's silent HTML printing, for printers with a system driver. */
  htmlPrinter?: HtmlTicketPrinter | null
  backoff?: { minMs: number; maxMs: number }
  listPorts?: () => Promise<SerialPortListing>
}

export const deviceTestSchema = z
  .object({
    /** Text for a display test; a printer prints a sample ticket. */
    text: z.string().max(60).optional(),
    /** One address to test instead of all of the device's. */
    address: z.number().int().min(0).max(255).optional(),
  })
  .strict()

interface SharedLink {
  link: PortLink
  settings: string
  users: Set<string>
}

type Emit = (message: DevicesStreamMessage) => void

/** One configured device at run time: its driver and its health. */
abstract class Runtime<C extends DeviceConfig = DeviceConfig> {
  health: DeviceHealth
  protected readonly cleanups: (() => void)[] = []

  constructor(
    readonly config: C,
    protected readonly ctx: { clock: () => number; emit: Emit; logger: Logger },
    readonly link: PortLink | null,
  ) {
    this.health = {
      id: config.id,
      name: config.name,
      kind: config.kind,
      backend: config.connection.type,
      enabled: config.enabled,
      port: config.connection.type === 'serial' ? config.connection.path : null,
      connected: config.connection.type === 'virtual',
      responding: null,
      problems: config.connection.type === 'serial' ? ['notConnected'] : [],
      lastError: null,
      lastOkAt: null,
      since: ctx.clock(),
      virtual: null,
    }
    if (link) {
      this.cleanups.push(
        link.onState((s) => {
          this.update({ connected: s.connected, problems: this.problems(s.connected) })
          if (!s.connected && s.error) this.failed('notConnected', s.error)
        }),
      )
      const s = link.state
      this.health = { ...this.health, connected: s.connected, problems: this.problems(s.connected) }
    }
  }

  /** The device's current conditions, given whether its port is open. */
  protected problems(connected: boolean): DeviceHealth['problems'] {
    return connected ? [] : ['notConnected']
  }

  update(patch: Partial<DeviceHealth>): void {
    const next = { ...this.health, ...patch }
    const { since: _a, ...before } = this.health
    const { since: _b, ...after } = next
    if (JSON.stringify(before) === JSON.stringify(after)) return
    this.health = { ...next, since: this.ctx.clock() }
    this.ctx.emit({ type: 'devices', event: 'health', device: this.health })
  }

  protected failed(problem: DeviceHealth['problems'][number], detail: string | null): void {
    const last = this.health.lastError
    if (last && last.problem === problem && last.detail === detail) return
    this.update({ lastError: { problem, detail, at: this.ctx.clock() } })
  }

  protected succeeded(): void {
    this.update({ lastOkAt: this.ctx.clock() })
  }

  async stop(): Promise<void> {
    for (const c of this.cleanups.splice(0)) c()
  }
}

class PrinterRuntime extends Runtime<PrinterDevice> {
  readonly printer: EscPosPrinter | null
  private poll: NodeJS.Timeout | null = null

  constructor(
    config: PrinterDevice,
    ctx: Runtime['ctx'],
    link: PortLink | null,
    private readonly virtualPort: VirtualPrinterPort | null,
    private readonly htmlPrinter: HtmlTicketPrinter | null,
  ) {
    super(config, ctx, link)
    this.printer = link ? new EscPosPrinter(link, { statusPolling: config.statusPolling, jobTimeoutMs: config.jobTimeoutSec * 1000 }) : null
    if (config.connection.type === 'system') {
      this.update({ connected: htmlPrinter !== null, problems: htmlPrinter ? [] : ['unsupported'] })
    }
    if (this.printer && link) {
      this.cleanups.push(this.printer.onStatus(() => this.update({ responding: this.printer!.status.responding, problems: this.problems(link.state.connected) })))
      this.cleanups.push(
        link.onState((s) => {
          if (s.connected) void this.printer!.pollStatus()
        }),
      )
      if (config.statusPolling && config.statusIntervalSec > 0) {
        this.poll = setInterval(() => {
          if (link.state.connected) void this.printer!.pollStatus()
        }, config.statusIntervalSec * 1000)
        this.poll.unref?.()
      }
    }
    if (virtualPort) this.update({ virtual: virtualPort.view() })
  }

  protected override problems(connected: boolean): DeviceHealth['problems'] {
    if (!connected) return ['notConnected']
    const status = this.printer?.status
    if (!status) return []
    return status.responding === false ? ['noResponse'] : status.problems
  }

  virtualChanged(): void {
    if (this.virtualPort) this.update({ virtual: this.virtualPort.view() })
  }

  async print(facts: TicketFacts, state: HallState): Promise<PrintJobReport> {
    const started = this.ctx.clock()
    const template = state.settings.devices.ticket
    const lines = layoutTicket(facts, template, this.config.paper)
    const report = (outcome: { ok: boolean; problem: PrintJobReport['problem']; detail: string | null; sent: boolean }, bytes: number): PrintJobReport => ({
      deviceId: this.config.id,
      ticketId: facts.ticketId,
      number: facts.ticketId === null ? null : facts.number,
      ...outcome,
      bytes,
      at: this.ctx.clock(),
      durationMs: this.ctx.clock() - started,
    })
    let result: PrintJobReport
    if (this.config.connection.type === 'system') {
      const html = ticketHtml(lines, this.config.paper)
      if (!this.htmlPrinter) result = report({ ok: false, problem: 'unsupported', detail: null, sent: false }, 0)
      else {
        try {
          await withTimeout(
            this.htmlPrinter.print(html, { printerName: this.config.connection.printerName, paper: this.config.paper, timeoutMs: this.config.jobTimeoutSec * 1000 }),
            this.config.jobTimeoutSec * 1000,
          )
          result = report({ ok: true, problem: null, detail: null, sent: true }, html.length)
        } catch (err) {
          const timedOut = err instanceof TimeoutError
          result = report({ ok: false, problem: timedOut ? 'timeout' : 'writeFailed', detail: err instanceof Error ? err.message : String(err), sent: true }, html.length)
        }
      }
    } else {
      const bytes = encodeTicket(lines, template.feedLines)
      const outcome = await this.printer!.print(bytes)
      result = report(outcome, bytes.length)
    }
    if (result.ok) this.succeeded()
    else this.failed(result.problem!, result.detail)
    this.virtualChanged()
    return result
  }

  override async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll)
    await super.stop()
  }
}

class DisplayRuntime extends Runtime<CounterBarsDevice | HallBoardDevice> {
  readonly bus: DisplayBus | null
  calls: RecentCall[] = []

  constructor(config: CounterBarsDevice | HallBoardDevice, ctx: Runtime['ctx'], link: PortLink, private readonly virtualPort: VirtualDisplayPort | null) {
    super(config, ctx, link)
    this.bus = new DisplayBus(link, displayTemplate(config), ctx.logger.child({ device: config.id }))
    this.cleanups.push(
      this.bus.onResult((r) => {
        if (r.ok) {
          this.succeeded()
          if (this.health.problems.includes('noAck')) this.update({ problems: this.problems(link.state.connected) })
        } else {
          this.failed(r.problem ?? 'writeFailed', r.detail)
          if (r.problem === 'noAck') this.update({ problems: ['noAck'] })
        }
        this.virtualChanged()
      }),
    )
    if (virtualPort) this.update({ virtual: virtualPort.view() })
  }

  virtualChanged(): void {
    if (this.virtualPort) this.update({ virtual: this.virtualPort.view() })
  }

  addresses(state: HallState): number[] {
    return this.config.kind === 'hallBoard' ? this.config.addresses : [...barAddresses(state, this.config).values()]
  }

  override async stop(): Promise<void> {
    this.bus?.close()
    await super.stop()
  }
}

class EvaluatorRuntime extends Runtime<EvaluatorDevice> {
  readonly keypad: KeypadBus

  constructor(config: EvaluatorDevice, ctx: Runtime['ctx'], link: PortLink) {
    super(config, ctx, link)
    this.keypad = new KeypadBus(link, keypadFrames(config), ctx.logger.child({ device: config.id }))
  }

  /** counterId → keypad address. */
  addressOf(state: HallState, counterId: number): number | null {
    if (this.config.counters.length > 0) return this.config.counters.find((c) => c.counterId === counterId)?.address ?? null
    return state.counters[counterId]?.displayAddress ?? null
  }

  override async stop(): Promise<void> {
    this.keypad.close()
    await super.stop()
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no result after ${ms} ms`)), ms)
  })
  work.catch(() => undefined)
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

const SERIAL_KEYS = ['baudRate', 'dataBits', 'parity', 'stopBits', 'flowControl'] as const

export class DeviceManager {
  private readonly runtimes = new Map<string, Runtime>()
  private readonly links = new Map<string, SharedLink>()
  private readonly listeners = new Set<Emit>()
  private readonly clock: () => number
  private readonly log: Logger
  private configured = ''
  private unsubscribe: (() => void) | null = null
  /** Pending evaluator questions per counter, so a newer service replaces an older one. */
  private readonly asking = new Map<number, { runtime: EvaluatorRuntime; address: number }>()

  constructor(private readonly options: DeviceManagerOptions) {
    this.clock = options.clock ?? Date.now
    this.log = options.logger
  }

  start(): void {
    this.configure(this.options.hall.state.settings.devices.list)
    this.unsubscribe = this.options.hall.subscribe((logged) => {
      try {
        this.followHall(logged)
      } catch (err) {
        this.log.error({ err, command: logged.command }, 'devices could not follow a hall event')
      }
    })
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    this.unsubscribe = null
    await Promise.all([...this.runtimes.values()].map((r) => r.stop()))
    this.runtimes.clear()
    await Promise.all([...this.links.values()].map((l) => l.link.stop()))
    this.links.clear()
  }

  health(): DeviceHealth[] {
    return [...this.runtimes.values()].map((r) => r.health)
  }

  /** Device messages for the event stream; the listener first gets the health of every device. */
  subscribe(listener: Emit): () => void {
    listener({ type: 'devices', event: 'snapshot', devices: this.health() })
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  listPorts(): Promise<SerialPortListing> {
    return (this.options.listPorts ?? listSerialPorts)()
  }

  /** Test print or test display (admin): the result, whatever it is. */
  async test(id: string, rawBody: unknown): Promise<DeviceTestResult> {
    const parsed = deviceTestSchema.safeParse(rawBody ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })))
    const body = parsed.data
    const runtime = this.runtimes.get(id)
    if (!runtime) throw new AppError('UNKNOWN_DEVICE', { deviceId: id })
    if (!runtime.config.enabled) throw new AppError('DEVICE_DISABLED', { deviceId: id })
    const state = this.options.hall.state
    if (runtime instanceof PrinterRuntime) {
      const job = await runtime.print(sampleTicketFacts(state, this.clock()), state)
      this.emit({ type: 'devices', event: 'printJob', job })
      return { kind: 'printer', job }
    }
    if (runtime instanceof DisplayRuntime) {
      const addresses = body.address === undefined ? runtime.addresses(state) : [body.address]
      const results = []
      for (const address of addresses) results.push(await runtime.bus!.send(address, body.text ?? `测试 ${address}`))
      const failed = results.find((r) => !r.ok)
      // The test text replaced what the bars showed: put the hall back on them afterwards.
      this.repaintDisplay(runtime)
      return { kind: 'display', ok: !failed, problem: failed?.problem ?? null, detail: failed?.detail ?? null, addresses }
    }
    const evaluator = runtime as EvaluatorRuntime
    const address = body.address ?? Object.values(state.counters).map((c) => evaluator.addressOf(state, c.id)).find((a) => a !== null) ?? 0
    const score = await evaluator.keypad.ask(address, Math.min(15, evaluator.config.timeoutSec) * 1000)
    return { kind: 'evaluator', ok: score !== null, problem: score === null ? 'noResponse' : null, detail: null, address, score }
  }

  // ---------------------------------------------------------------- configuration

  private configure(list: readonly DeviceConfig[]): void {
    const key = JSON.stringify(list)
    if (key === this.configured) return
    this.configured = key
    const wanted = new Map(list.map((d) => [d.id, d]))
    for (const [id, runtime] of this.runtimes) {
      const next = wanted.get(id)
      if (next && JSON.stringify(next) === JSON.stringify(runtime.config)) continue
      this.runtimes.delete(id)
      void runtime.stop()
      this.release(id)
      this.emit({ type: 'devices', event: 'snapshot', devices: this.health() })
    }
    // Links nobody uses any more go before new ones open, so a device that changed can reopen its path.
    for (const [path, shared] of this.links) {
      if (shared.users.size === 0) {
        void shared.link.stop()
        this.links.delete(path)
      }
    }
    for (const config of list) {
      if (this.runtimes.has(config.id)) continue
      try {
        const runtime = this.create(config)
        this.runtimes.set(config.id, runtime)
        this.emit({ type: 'devices', event: 'health', device: runtime.health })
        if (runtime instanceof DisplayRuntime) this.repaintDisplay(runtime)
      } catch (err) {
        this.log.error({ err, device: config.id }, 'device could not be set up')
      }
    }
  }

  private create(config: DeviceConfig): Runtime {
    const ctx = { clock: this.clock, emit: (m: DevicesStreamMessage) => this.emit(m), logger: this.log }
    if (!config.enabled) return new DisabledRuntime(config, ctx)
    if (config.connection.type === 'system') {
      return new PrinterRuntime(config as PrinterDevice, ctx, null, null, this.options.htmlPrinter ?? null)
    }
    if (config.connection.type === 'virtual') {
      let runtime: PrinterRuntime | DisplayRuntime | null = null
      const changed = () => runtime?.virtualChanged()
      if (config.kind === 'printer') {
        const port = new VirtualPrinterPort(`virtual:${config.id}`, PAPER_COLUMNS[config.paper], changed)
        runtime = new PrinterRuntime(config, ctx, this.virtualLink(config.id, port), port, null)
      } else if (config.kind === 'counterBars' || config.kind === 'hallBoard') {
        const port = new VirtualDisplayPort(`virtual:${config.id}`, displayTemplate(config), changed)
        runtime = new DisplayRuntime(config, ctx, this.virtualLink(config.id, port), port)
      } else throw new Error('evaluators have no virtual backend')
      return runtime
    }
    const link = this.serialLink(config.id, config.connection)
    if (!link) return new ConflictRuntime(config, ctx)
    switch (config.kind) {
      case 'printer':
        return new PrinterRuntime(config, ctx, link, null, null)
      case 'counterBars':
      case 'hallBoard':
        return new DisplayRuntime(config, ctx, link, null)
      case 'evaluator':
        return new EvaluatorRuntime(config, ctx, link)
    }
  }

  private virtualLink(id: string, port: VirtualPrinterPort | VirtualDisplayPort): PortLink {
    const link = new PortLink({ name: port.path, open: async () => port, logger: this.log })
    this.links.set(port.path, { link, settings: '', users: new Set([id]) })
    link.start()
    return link
  }

  /** The shared link for a serial path, or null when the path is used with other port settings. */
  private serialLink(id: string, connection: SerialConnection): PortLink | null {
    const settings = JSON.stringify(SERIAL_KEYS.map((k) => connection[k]))
    const existing = this.links.get(connection.path)
    if (existing) {
      if (existing.settings !== settings) return null
      existing.users.add(id)
      return existing.link
    }
    const open = this.options.openSerial?.(connection) ?? serialPortOpener(connection, this.options.binding)
    const link = new PortLink({ name: connection.path, open, logger: this.log, backoff: this.options.backoff ?? DEFAULT_BACKOFF })
    this.links.set(connection.path, { link, settings, users: new Set([id]) })
    link.start()
    return link
  }

  private release(id: string): void {
    for (const shared of this.links.values()) shared.users.delete(id)
  }

  private emit(message: DevicesStreamMessage): void {
    for (const l of this.listeners) {
      try {
        l(message)
      } catch (err) {
        this.log.error({ err }, 'device message listener failed')
      }
    }
  }

  // ---------------------------------------------------------------- following the hall

  private followHall(logged: LoggedCommand): void {
    const state = this.options.hall.state
    for (const event of logged.events) this.onEvent(event, logged, state)
  }

  private onEvent(event: HallEvent, logged: LoggedCommand, state: HallState): void {
    switch (event.type) {
      case 'settingsSaved':
        this.configure(event.settings.devices.list)
        return
      case 'ticketIssued':
        if (event.ticket.source === 'kiosk') this.printTicket(event.ticket, logged.actor.terminal, state)
        return
      case 'ticketCalled':
      case 'ticketRecalled':
        this.refreshCounter(event.counterId, state)
        this.boardCall(event.ticketId, event.counterId, state)
        return
      case 'serviceFinished':
        this.refreshCounter(event.counterId, state)
        this.askForRating(event.counterId, event.recordId, state)
        return
      case 'ticketNoShow':
      case 'ticketTransferred':
      case 'serviceStarted':
      case 'counterOpened':
      case 'counterClosed':
      case 'counterPaused':
      case 'counterResumed':
        this.refreshCounter(event.counterId, state)
        return
      case 'ticketCancelled':
        if (event.counterId !== null) this.refreshCounter(event.counterId, state)
        return
      case 'counterSaved':
      case 'dayClosed':
        for (const r of this.runtimes.values()) {
          if (r instanceof DisplayRuntime) {
            if (event.type === 'dayClosed') r.calls = []
            this.repaintDisplay(r)
          }
        }
        return
      default:
        return
    }
  }

  private printTicket(ticket: Ticket, terminal: string, state: HallState): void {
    const config = printerForKiosk(state.settings.devices.list, kioskNameOf(terminal))
    if (!config) return
    const printer = this.runtimes.get(config.id)
    if (!(printer instanceof PrinterRuntime)) {
      // Its port is taken with other settings (or it could not be set up): the kiosk must hear
      // that nothing was printed, so the customer keeps the number from the screen.
      const problem = printer?.health.problems[0] ?? 'notConnected'
      this.log.warn({ device: config.id, ticket: ticket.number, problem }, 'ticket not printed')
      const at = this.clock()
      this.emit({ type: 'devices', event: 'printJob', job: { deviceId: config.id, ticketId: ticket.id, number: ticket.number, ok: false, problem, detail: null, sent: false, bytes: 0, at, durationMs: 0 } })
      return
    }
    printer.print(ticketFacts(state, ticket, this.options.hall.phoneUrlOf?.(ticket.id) ?? null), state).then(
      (job) => {
        if (!job.ok) this.log.warn({ device: job.deviceId, ticket: ticket.number, problem: job.problem, detail: job.detail, sent: job.sent }, 'ticket not printed')
        this.emit({ type: 'devices', event: 'printJob', job })
      },
      (err: unknown) => this.log.error({ err, ticket: ticket.number }, 'ticket print failed unexpectedly'),
    )
  }

  private refreshCounter(counterId: number, state: HallState): void {
    for (const r of this.runtimes.values()) {
      if (!(r instanceof DisplayRuntime) || r.config.kind !== 'counterBars') continue
      const address = barAddresses(state, r.config).get(counterId)
      if (address !== undefined) r.bus!.show(address, counterBarText(state, counterId, r.config))
    }
  }

  private boardCall(ticketId: number, counterId: number, state: HallState): void {
    const ticket = state.tickets[ticketId]
    if (!ticket) return
    for (const r of this.runtimes.values()) {
      if (!(r instanceof DisplayRuntime) || r.config.kind !== 'hallBoard') continue
      r.calls = withCall(r.calls, { ticketId, number: ticket.number, counterId }, boardDepth(r.config))
      for (const line of boardLines(state, r.calls, r.config)) r.bus!.show(line.address, line.text)
    }
  }

  private repaintDisplay(r: DisplayRuntime): void {
    const state = this.options.hall.state
    if (r.config.kind === 'counterBars') {
      for (const [counterId, address] of barAddresses(state, r.config)) r.bus!.show(address, counterBarText(state, counterId, r.config))
    } else {
      if (r.calls.length === 0) r.calls = recentCalls(state, boardDepth(r.config))
      for (const line of boardLines(state, r.calls, r.config)) r.bus!.show(line.address, line.text)
    }
  }

  private askForRating(counterId: number, recordId: number, state: HallState): void {
    const record = state.records[recordId]
    if (!record || (record.outcome !== 'completed' && record.outcome !== 'pending')) return
    const previous = this.asking.get(counterId)
    if (previous) previous.runtime.keypad.cancel(previous.address)
    for (const r of this.runtimes.values()) {
      if (!(r instanceof EvaluatorRuntime)) continue
      const address = r.addressOf(state, counterId)
      if (address === null) continue
      const asked = { runtime: r, address }
      this.asking.set(counterId, asked)
      r.keypad.ask(address, r.config.timeoutSec * 1000).then(
        async (score) => {
          if (this.asking.get(counterId) === asked) this.asking.delete(counterId)
          if (score === null) return
          try {
            await this.options.hall.executeAsSystem('rateService', { recordId, score }, `evaluator-${counterId}`)
            r.update({ lastOkAt: this.clock() })
          } catch (err) {
            // Already rated at the counter, or the day was closed meanwhile: the key press changes nothing.
            this.log.info({ err, recordId, score }, 'keypad rating not recorded')
          }
        },
        (err: unknown) => this.log.error({ err, counterId }, 'keypad question failed'),
      )
      return
    }
  }
}

/** A device switched off in settings: listed, never opened. */
class DisabledRuntime extends Runtime {
  constructor(config: DeviceConfig, ctx: Runtime['ctx']) {
    super(config, ctx, null)
    this.health = { ...this.health, connected: false, problems: [] }
  }
}

/** A device whose port is already open with other settings for another device. */
class ConflictRuntime extends Runtime {
  constructor(config: DeviceConfig, ctx: Runtime['ctx']) {
    super(config, ctx, null)
    this.health = { ...this.health, connected: false, problems: ['portConflict'], lastError: { problem: 'portConflict', detail: this.health.port, at: ctx.clock() } }
  }
}
