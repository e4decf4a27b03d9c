/**
 * Plays whole business days through the real hall service: a discrete-event loop over virtual
 * time in which the kiosk, the clerks, the evaluators and the duty manager are agents that send
 * the same commands their screens would (hall.execute with their tokens; the evaluator as a hub
 * device through executeAsSystem). Nothing is written to the database except by the hall.
 *
 * One action runs at a time, in time order (ties in the order they were scheduled), and every
 * random choice comes from a seeded stream: the same seed, profile and start day give the same
 * days, command for command.
 */
import type { CommandInput, CommandName, CommandResult } from '../../shared/commands'
import type { PauseReason, Ticket } from '../../shared/domain'
import { isAppError } from '../../shared/errors'
import { isServed } from '../../shared/metrics'
import type { Hall } from '../hall'
import { drawCustomer, itemsFor, type Customer } from './customers'
import { EventQueue } from './event-queue'
import { minutesOfDay, type Profile } from './profile'
import { Random } from './random'
import { addDays, localInstant, weekdayIndex, type VirtualClock } from './virtual-clock'
import { actualWaitMin, judgeEstimates, naiveEstimate, type AccuracyReport, type EstimateSample } from './wait-accuracy'

const SECOND = 1000
const MINUTE = 60_000

export interface SimulationOptions {
  profile: Profile
  /** Number of business days to play, starting with `start`. */
  days: number
  /** First business day, 'YYYY-MM-DD'. */
  start: string
  seed: string
  /** Counters to staff; the profile's layout repeats and arrivals scale with the count. */
  counters?: number
  /**
   * Clerks log in when they arrive and out when they leave, every day (the default). Off, each
   * clerk logs in once for the whole run and out at its end — for long generated histories,
   * where one scrypt PIN check per clerk per day would dominate the run.
   */
  dailyLogins?: boolean
  /** PIN given to every simulated clerk and the manager. */
  staffPin: string
  adminPin: string
  /**
   * Bulk mode: each business day's commands share one database transaction (each command still
   * commits as a savepoint of it, all or nothing). Never set by the hub.
   */
  dayTransaction?: DayTransaction
  /** Keep every ticket's estimate sample in the report (memory grows with the run). */
  keepSamples?: boolean
  onDay?: (summary: DaySummary) => void
}

export interface DayTransaction {
  begin(): void
  commit(): void
  rollback(): void
}

export interface DaySummary {
  businessDay: string
  tickets: number
  /** Customers served (completed or pending records). */
  served: number
  noShows: number
  reactivated: number
  transfers: number
  /** Tickets still open when the day was closed. */
  expired: number
  ratings: number
  pauses: number
  /** Issue to first call, over the tickets that were called. */
  meanWaitMin: number
  maxWaitMin: number
  /** Share of called tickets called within their service's target wait. */
  serviceLevel: number
  /** Commands the hall accepted. */
  commands: number
  estimates: AccuracyReport
}

export interface SimulationReport {
  profile: string
  counters: number
  seed: string
  days: DaySummary[]
  estimates: AccuracyReport
  commands: number
  samples: EstimateSample[]
}

type AgentState = 'away' | 'idle' | 'waking' | 'busy' | 'paused' | 'gone'

interface ClerkAgent {
  staffCode: string
  counterId: number
  state: AgentState
  /** Leaves at the handover; null means serves until the queue is empty after closing. */
  successor: ClerkAgent | null
  leaving: boolean
  pendingPause: { reason: PauseReason; ms: number } | null
  ticket: Ticket | null
  customer: CustomerInHall | null
}

interface CustomerInHall extends Customer {
  ticketId: number
  number: string
  visit: number
  calls: number
}

interface DayPlan {
  businessDay: string
  openAt: number
  closeAt: number
  agents: ClerkAgent[]
  closed: boolean
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'
const GIVEN_NAMES = '芳强静磊敏洋艳勇娟杰婷涛霞斌丽超燕鹏雪晨'

function staffName(i: number): string {
  return SURNAMES[i % SURNAMES.length]! + GIVEN_NAMES[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN_NAMES.length]!
}

export class SimulationError extends Error {
  override name = 'SimulationError'
}

export async function simulate(hall: Hall, clock: VirtualClock, options: SimulationOptions): Promise<SimulationReport> {
  return new Simulation(hall, clock, options).run()
}

class Simulation {
  private readonly profile: Profile
  private readonly counters: number
  private readonly arrivalScale: number
  private readonly dailyLogins: boolean
  private readonly queue = new EventQueue<() => Promise<void> | void>()
  private readonly arrivals: Random
  private readonly customerRng: Random
  private readonly staffRng: Random
  private readonly tokens = new Map<string, string>()
  private readonly customers = new Map<number, CustomerInHall>()
  private readonly samples = new Map<number, EstimateSample>()
  private readonly idle = new Set<ClerkAgent>()
  private readonly serviceMix: Record<string, number>
  private managerToken: string | null = null
  private day: DayPlan | null = null
  private commands = 0
  private dayCommands = 0
  private dayReactivations = 0

  constructor(
    private readonly hall: Hall,
    private readonly clock: VirtualClock,
    private readonly options: SimulationOptions,
  ) {
    this.profile = options.profile
    this.counters = options.counters ?? options.profile.counters.length
    if (!Number.isInteger(this.counters) || this.counters < 1 || this.counters > 999) {
      throw new SimulationError('counters must be a whole number from 1 to 999')
    }
    this.arrivalScale = this.counters / options.profile.counters.length
    this.dailyLogins = options.dailyLogins ?? true
    this.arrivals = new Random(options.seed, 'arrivals')
    this.customerRng = new Random(options.seed, 'customers')
    this.staffRng = new Random(options.seed, 'staff')
    this.serviceMix = Object.fromEntries(Object.entries(this.profile.services).map(([id, s]) => [id, s.share]))
  }

  async run(): Promise<SimulationReport> {
    const days: DaySummary[] = []
    const allSamples: EstimateSample[] = []
    await this.setUp()
    for (let i = 0; i < this.options.days; i++) {
      const businessDay = addDays(this.options.start, i)
      const tx = this.options.dayTransaction
      tx?.begin()
      try {
        this.planDay(businessDay)
        await this.drain()
        tx?.commit()
      } catch (err) {
        tx?.rollback()
        throw err
      }
      const summary = this.summarise(businessDay)
      days.push(summary)
      if (this.options.keepSamples) allSamples.push(...this.samples.values())
      this.samples.clear()
      this.customers.clear()
      this.options.onDay?.(summary)
    }
    await this.tearDown()
    return {
      profile: this.profile.name,
      counters: this.counters,
      seed: this.options.seed,
      days,
      estimates: mergeReports(days.map((d) => d.estimates)),
      commands: this.commands,
      samples: allSamples,
    }
  }

  // --- the loop -------------------------------------------------------------------------

  private at(time: number, action: () => Promise<void> | void): void {
    // The hall keeps times as whole milliseconds.
    this.queue.push(Math.round(time), action)
  }

  private after(ms: number, action: () => Promise<void> | void): void {
    this.at(this.clock.now + ms, action)
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.pop(); next; next = this.queue.pop()) {
      this.clock.moveTo(next.at)
      await next.item()
    }
  }

  private async exec<N extends CommandName>(name: N, payload: CommandInput<N>, token: string | null, terminal: string): Promise<CommandResult<N>> {
    const result = await this.hall.execute(name, payload, { token: token ?? undefined, terminal, local: true })
    this.commands++
    this.dayCommands++
    return result
  }

  private fail(what: string, err: unknown): never {
    const detail = isAppError(err) ? `${err.code} ${JSON.stringify(err.details ?? {})}` : String(err)
    throw new SimulationError(`${what} was refused at ${new Date(this.clock.now).toISOString()}: ${detail}`)
  }

  // --- the hall before the first day ------------------------------------------------------

  private staffCode(counter: number, shift: number): string {
    return `k${String(counter).padStart(3, '0')}${shift === 0 ? '' : 'b'}`
  }

  private layout(counterId: number) {
    return this.profile.counters[(counterId - 1) % this.profile.counters.length]!
  }

  private async setUp(): Promise<void> {
    const { hall, profile } = this
    const admin = (await this.exec('login', { staffCode: 'admin', pin: this.options.adminPin }, null, 'admin-desk')).token
    const run = async <N extends CommandName>(name: N, payload: CommandInput<N>) => {
      try {
        await this.exec(name, payload, admin, 'admin-desk')
      } catch (err) {
        this.fail(`setting up the hall (${name})`, err)
      }
    }
    for (const id of Object.keys(profile.services)) {
      if (!hall.state.services[id]) throw new SimulationError(`the profile names service ${id}, which the hall's catalogue does not have`)
    }
    await run('updateSettings', { patch: { hall: profile.hall } })
    for (let id = 1; id <= this.counters; id++) {
      const layout = this.layout(id)
      await run('saveCounter', {
        counter: {
          id,
          name: `${id}号窗口`,
          services: layout.services.map((serviceId, k) => ({ serviceId, boostMin: k === 0 ? layout.mainBoostMin : 0 })),
          displayAddress: id <= 255 ? id : null,
          active: true,
        },
      })
    }
    for (const c of Object.values(hall.state.counters)) {
      if (c.id > this.counters && c.active) {
        const { status: _s, pauseReason: _p, clerkId: _c, currentTicketId: _t, statusSince: _ss, priorityRun: _r, sessionPeriodId: _sp, pausePeriodId: _pp, ...config } = c
        await run('saveCounter', { counter: { ...config, active: false } })
      }
    }
    const shifts = profile.staff.handover === null ? 1 : 2
    const staff: { staffCode: string; role: 'clerk' | 'manager' }[] = [{ staffCode: 'm01', role: 'manager' }]
    for (let shift = 0; shift < shifts; shift++) {
      for (let id = 1; id <= this.counters; id++) staff.push({ staffCode: this.staffCode(id, shift), role: 'clerk' })
    }
    for (const [i, s] of staff.entries()) {
      const existing = Object.values(hall.state.clerks).find((c) => c.staffCode === s.staffCode)
      await run('saveClerk', { id: existing?.id, staffCode: s.staffCode, name: staffName(i), role: s.role, active: true, pin: this.options.staffPin })
    }
    await this.exec('logout', {}, admin, 'admin-desk')
  }

  private async tearDown(): Promise<void> {
    for (const [staffCode, token] of this.tokens) {
      await this.exec('logout', {}, token, `${staffCode}-desk`)
    }
    this.tokens.clear()
    this.managerToken = null
  }

  // --- one business day -------------------------------------------------------------------

  private planDay(businessDay: string): void {
    const { profile } = this
    const tz = this.hall.state.settings.hall.timeZone
    const local = (minute: number) => localInstant(businessDay, minute, tz)
    const open = minutesOfDay(profile.hours.open)
    const close = minutesOfDay(profile.hours.close)
    const plan: DayPlan = { businessDay, openAt: local(open), closeAt: local(close), agents: [], closed: false }
    this.day = plan
    this.idle.clear()
    this.queue.clear()

    // The kiosk: a Poisson process whose rate changes on the hour.
    const factor = profile.weekdayFactor[weekdayIndex(businessDay)]! * this.arrivalScale
    for (let hour = Math.floor(open / 60); hour * 60 < close; hour++) {
      const from = Math.max(open, hour * 60)
      const to = Math.min(close, (hour + 1) * 60)
      const perMinute = ((profile.arrivalsPerHour[String(hour).padStart(2, '0')] ?? 0) * factor) / 60
      if (perMinute <= 0) continue
      for (let t = from + this.arrivals.exponential(perMinute); t < to; t += this.arrivals.exponential(perMinute)) {
        this.at(local(t), () => this.arrive())
      }
    }

    // The manager opens the hall and closes the day.
    this.at(plan.openAt - 40 * MINUTE, () => this.managerArrives())
    this.at(plan.closeAt + 4 * 60 * MINUTE, () => this.closeDay())
    this.at(plan.closeAt, () => this.closing())

    // The clerks: one or two shifts per counter.
    const { staff } = profile
    const handover = staff.handover === null ? null : local(minutesOfDay(staff.handover))
    for (let id = 1; id <= this.counters; id++) {
      const first = this.agent(this.staffCode(id, 0), id)
      plan.agents.push(first)
      const arrive = plan.openAt - this.staffRng.uniform(staff.arriveBeforeOpenMin.min, staff.arriveBeforeOpenMin.max) * MINUTE
      this.at(arrive, () => this.clerkArrives(first, true))
      this.planPauses(first, plan.openAt, handover ?? plan.closeAt, local)
      if (handover !== null) {
        const second = this.agent(this.staffCode(id, 1), id)
        first.successor = second
        plan.agents.push(second)
        this.at(handover - this.staffRng.uniform(5, 15) * MINUTE, () => this.clerkArrives(second, false))
        this.at(handover + this.staffRng.uniform(-3, 5) * MINUTE, () => this.handover(first))
        this.planPauses(second, handover, plan.closeAt, local)
      }
    }
  }

  private agent(staffCode: string, counterId: number): ClerkAgent {
    return { staffCode, counterId, state: 'away', successor: null, leaving: false, pendingPause: null, ticket: null, customer: null }
  }

  private planPauses(agent: ClerkAgent, from: number, to: number, local: (minute: number) => number): void {
    const { meal, pauses } = this.profile.staff
    const mealFrom = local(minutesOfDay(meal.from))
    const mealTo = local(minutesOfDay(meal.to))
    if (mealFrom >= from && mealTo <= to) {
      const ms = this.staffRng.logNormal(meal.durationMin.median, meal.durationMin.sigma) * MINUTE
      const start = this.staffRng.uniform(mealFrom, Math.max(mealFrom, mealTo - ms))
      this.at(start, () => this.wantsPause(agent, 'meal', ms))
    }
    const shiftShare = (to - from) / (this.day!.closeAt - this.day!.openAt)
    for (const [reason, p] of Object.entries(pauses) as [PauseReason, NonNullable<(typeof pauses)[PauseReason]>][]) {
      const n = this.staffRng.poisson(p.perDay * shiftShare)
      for (let i = 0; i < n; i++) {
        const start = this.staffRng.uniform(from + 15 * MINUTE, to - 15 * MINUTE)
        const ms = this.staffRng.logNormal(p.durationMin.median, p.durationMin.sigma) * MINUTE
        this.at(start, () => this.wantsPause(agent, reason, ms))
      }
    }
  }

  private afterClose(): boolean {
    return this.clock.now >= this.day!.closeAt
  }

  // --- the kiosk ----------------------------------------------------------------------------

  private async arrive(): Promise<void> {
    const customer = drawCustomer(this.customerRng, this.profile, this.serviceMix)
    const serviceId = customer.visits[0]!.serviceId
    const before = this.hall.state
    let ticket: Ticket
    try {
      ;({ ticket } = await this.exec('issueTicket', { serviceId, priority: customer.priority, source: customer.source }, null, 'kiosk-1'))
    } catch (err) {
      this.fail(`issueTicket ${serviceId}`, err)
    }
    this.samples.set(ticket.id, {
      ticketId: ticket.id,
      serviceId,
      priority: ticket.priority,
      issuedAt: ticket.issuedAt,
      ahead: ticket.estimate.ahead,
      printed: ticket.estimate.minutes,
      naive: naiveEstimate(before, serviceId, ticket.estimate.ahead),
      actual: null,
    })
    this.customers.set(ticket.id, { ...customer, ticketId: ticket.id, number: ticket.number, visit: 0, calls: 0 })
    this.wake(serviceId, null)
  }

  /** The clerk who has been idle longest at a counter that can take this ticket looks up. */
  private wake(serviceId: string, counterId: number | null): void {
    for (const agent of this.idle) {
      const counter = this.hall.state.counters[agent.counterId]!
      const fits = counterId !== null ? counter.id === counterId : counter.services.some((s) => s.serviceId === serviceId)
      if (!fits) continue
      this.idle.delete(agent)
      agent.state = 'waking'
      this.after(this.staffRng.uniform(3, 15) * SECOND, () => this.callNext(agent))
      return
    }
  }

  // --- the clerks ---------------------------------------------------------------------------

  private terminal(agent: ClerkAgent): string {
    return `counter-${agent.counterId}`
  }

  private async clerkArrives(agent: ClerkAgent, opens: boolean): Promise<void> {
    if (this.dailyLogins || !this.tokens.has(agent.staffCode)) {
      const { token } = await this.exec('login', { staffCode: agent.staffCode, pin: this.options.staffPin }, null, this.terminal(agent))
      this.tokens.set(agent.staffCode, token)
    }
    if (opens) await this.openCounter(agent)
  }

  private async openCounter(agent: ClerkAgent): Promise<void> {
    try {
      await this.exec('openCounter', { counterId: agent.counterId }, this.tokens.get(agent.staffCode)!, this.terminal(agent))
    } catch (err) {
      this.fail(`${agent.staffCode} opening counter ${agent.counterId}`, err)
    }
    agent.state = 'busy'
    // Before opening time the clerk gets ready; the first call comes when the doors open.
    this.at(Math.max(this.clock.now, this.day!.openAt) + this.staffRng.uniform(0, 60) * SECOND, () => this.next(agent))
  }

  /** What a free clerk does next: leave, pause, or call the next customer. */
  private async next(agent: ClerkAgent): Promise<void> {
    if (agent.leaving) return this.leave(agent)
    if (agent.pendingPause) {
      const { reason, ms } = agent.pendingPause
      agent.pendingPause = null
      return this.pause(agent, reason, ms)
    }
    return this.callNext(agent)
  }

  private async callNext(agent: ClerkAgent): Promise<void> {
    if (agent.state === 'gone') return
    if (agent.leaving || agent.pendingPause) return this.next(agent)
    let called: CommandResult<'callNext'>
    try {
      called = await this.exec('callNext', { counterId: agent.counterId }, this.tokens.get(agent.staffCode)!, this.terminal(agent))
    } catch (err) {
      if (!isAppError(err) || err.code !== 'QUEUE_EMPTY') this.fail(`callNext at counter ${agent.counterId}`, err)
      if (this.afterClose() && agent.successor === null) return this.leave(agent)
      agent.state = 'idle'
      this.idle.add(agent)
      return
    }
    agent.state = 'busy'
    const ticket = called.ticket
    const customer = this.customers.get(ticket.id)
    if (!customer) throw new SimulationError(`counter ${agent.counterId} called ${ticket.number}, a ticket the simulator never issued`)
    const sample = this.samples.get(ticket.id)
    if (sample && sample.actual === null && ticket.firstCalledAt !== null) sample.actual = actualWaitMin(ticket.issuedAt, ticket.firstCalledAt)
    agent.ticket = ticket
    agent.customer = customer
    customer.calls++
    if (customer.calls === 1 && customer.absentAtFirstCall) {
      this.afterRecall(agent, this.profile.staff.recalls)
    } else {
      this.after(customer.walkMs, () => this.startService(agent))
    }
  }

  private recallDelay(): number {
    const r = this.profile.staff.recallAfterSec
    return this.staffRng.logNormal(r.median, r.sigma) * SECOND
  }

  private afterRecall(agent: ClerkAgent, recallsLeft: number): void {
    this.after(this.recallDelay(), async () => {
      if (recallsLeft === 0) return this.noShow(agent)
      await this.counterCommand(agent, 'recall')
      this.afterRecall(agent, recallsLeft - 1)
    })
  }

  private async counterCommand(
    agent: ClerkAgent,
    name: 'recall' | 'startService' | 'noShow' | 'pauseCounter' | 'resumeCounter' | 'closeCounter',
    extra: { reason?: PauseReason } = {},
  ): Promise<void> {
    try {
      await this.exec(name, { counterId: agent.counterId, ...extra } as CommandInput<'pauseCounter'>, this.tokens.get(agent.staffCode)!, this.terminal(agent))
    } catch (err) {
      this.fail(`${name} at counter ${agent.counterId}`, err)
    }
  }

  private async noShow(agent: ClerkAgent): Promise<void> {
    const customer = agent.customer!
    await this.counterCommand(agent, 'noShow')
    if (customer.returns && this.clock.now + customer.returnAfterMs < this.day!.closeAt) {
      this.after(customer.returnAfterMs, () => this.reactivate(customer))
    }
    this.free(agent)
  }

  private async startService(agent: ClerkAgent): Promise<void> {
    await this.counterCommand(agent, 'startService')
    const visit = agent.customer!.visits[agent.customer!.visit]!
    this.after(visit.handleMs, () => this.endService(agent))
  }

  private async endService(agent: ClerkAgent): Promise<void> {
    const customer = agent.customer!
    const visit = customer.visits[customer.visit]!
    const token = this.tokens.get(agent.staffCode)!
    const items = itemsFor(visit, this.hall.state.services[visit.serviceId]?.items ?? [])
    let recordId: number
    try {
      if (visit.transferTo) {
        const to = visit.transferTo
        const targets = Object.values(this.hall.state.counters).filter(
          (c) => c.status === 'open' && c.id !== agent.counterId && c.services.some((s) => s.serviceId === to.serviceId),
        )
        const toCounterId = to.toCounter && targets.length > 0 ? this.staffRng.pick(targets).id : undefined
        const done = await this.exec('transfer', { counterId: agent.counterId, toServiceId: to.serviceId, toCounterId, items }, token, this.terminal(agent))
        recordId = done.record.id
        customer.visit++
        this.wake(to.serviceId, toCounterId ?? null)
      } else {
        const complaint = customer.complaint
        const done = await this.exec(
          'finishService',
          {
            counterId: agent.counterId,
            outcome: visit.pending ? 'pending' : 'completed',
            items,
            complaint: complaint ? { category: complaint.category, summary: complaint.summary, followUp: complaint.closed ? 'closed' : 'open' } : null,
          },
          token,
          this.terminal(agent),
        )
        recordId = done.record.id
        if (customer.rating !== null) {
          const score = customer.rating
          const terminal = `evaluator-${agent.counterId}`
          this.after(customer.ratingDelayMs, async () => {
            await this.hall.executeAsSystem('rateService', { recordId, score }, terminal)
            this.commands++
            this.dayCommands++
          })
        }
      }
    } catch (err) {
      this.fail(`ending the service at counter ${agent.counterId}`, err)
    }
    this.free(agent)
  }

  private free(agent: ClerkAgent): void {
    agent.ticket = null
    agent.customer = null
    const w = this.profile.staff.wrapUpSec
    this.after(this.staffRng.logNormal(w.median, w.sigma) * SECOND, () => this.next(agent))
  }

  private wantsPause(agent: ClerkAgent, reason: PauseReason, ms: number): Promise<void> | void {
    if (this.afterClose() || agent.leaving) return
    if (agent.state === 'idle') {
      this.idle.delete(agent)
      return this.pause(agent, reason, ms)
    }
    if ((agent.state === 'busy' || agent.state === 'waking') && agent.pendingPause === null) agent.pendingPause = { reason, ms }
  }

  private async pause(agent: ClerkAgent, reason: PauseReason, ms: number): Promise<void> {
    await this.counterCommand(agent, 'pauseCounter', { reason })
    agent.state = 'paused'
    this.after(ms, async () => {
      if (agent.state !== 'paused') return
      await this.counterCommand(agent, 'resumeCounter')
      agent.state = 'busy'
      await this.next(agent)
    })
  }

  private handover(agent: ClerkAgent): Promise<void> | void {
    agent.leaving = true
    if (agent.state === 'idle' || agent.state === 'paused') {
      this.idle.delete(agent)
      return this.leave(agent)
    }
  }

  private async leave(agent: ClerkAgent): Promise<void> {
    if (agent.state === 'gone' || agent.state === 'away') return
    agent.state = 'gone'
    this.idle.delete(agent)
    await this.counterCommand(agent, 'closeCounter')
    if (this.dailyLogins) {
      await this.exec('logout', {}, this.tokens.get(agent.staffCode)!, this.terminal(agent))
      this.tokens.delete(agent.staffCode)
    }
    const successor = agent.successor
    if (successor) {
      this.after(this.staffRng.uniform(1, 3) * MINUTE, () => this.openCounter(successor))
      return
    }
    this.maybeEndDay()
  }

  private closing(): void {
    // The doors close: clerks with nobody waiting for them finish their day.
    for (const agent of [...this.idle]) {
      this.idle.delete(agent)
      agent.state = 'waking'
      this.after(this.staffRng.uniform(0, 60) * SECOND, () => this.callNext(agent))
    }
  }

  // --- the duty manager ---------------------------------------------------------------------

  private async managerArrives(): Promise<void> {
    if (this.managerToken === null) {
      this.managerToken = (await this.exec('login', { staffCode: 'm01', pin: this.options.staffPin }, null, 'manager-desk')).token
      if (!this.dailyLogins) this.tokens.set('m01', this.managerToken)
    }
  }

  private async reactivate(customer: CustomerInHall): Promise<void> {
    if (this.day!.closed || this.managerToken === null) return
    let ticket: Ticket
    try {
      ;({ ticket } = await this.exec('reactivate', { number: customer.number }, this.managerToken, 'manager-desk'))
    } catch (err) {
      // The ticket may have been cancelled or expired meanwhile; the customer goes home.
      if (isAppError(err) && err.code === 'TICKET_NOT_NO_SHOW') return
      this.fail(`reactivate ${customer.number}`, err)
    }
    this.dayReactivations++
    this.wake(ticket.serviceId, null)
  }

  private maybeEndDay(): void {
    const day = this.day!
    if (!this.afterClose() || day.agents.some((a) => a.state !== 'gone')) return
    this.after(10 * MINUTE, () => this.closeDay())
  }

  private async closeDay(): Promise<void> {
    const day = this.day!
    if (day.closed) return
    day.closed = true
    await this.managerArrives()
    await this.exec('closeDay', {}, this.managerToken, 'manager-desk')
    if (this.dailyLogins) {
      await this.exec('logout', {}, this.managerToken, 'manager-desk')
      this.managerToken = null
      // Anyone still logged in (a forced close) logs out with the day.
      for (const agent of day.agents) {
        const token = this.tokens.get(agent.staffCode)
        if (token) await this.exec('logout', {}, token, this.terminal(agent))
        this.tokens.delete(agent.staffCode)
      }
    }
    this.queue.clear()
  }

  // --- figures ------------------------------------------------------------------------------

  private summarise(businessDay: string): DaySummary {
    const { tickets, records, periods } = this.hall.dayRecords(businessDay)
    const services = this.hall.state.services
    const waits: number[] = []
    let withinTarget = 0
    for (const t of tickets) {
      if (t.firstCalledAt === null) continue
      const w = actualWaitMin(t.issuedAt, t.firstCalledAt)
      waits.push(w)
      if (w <= (services[t.issuedServiceId]?.targetWaitMin ?? Infinity)) withinTarget++
    }
    const commands = this.dayCommands
    const reactivated = this.dayReactivations
    this.dayCommands = 0
    this.dayReactivations = 0
    return {
      businessDay,
      tickets: tickets.length,
      served: records.filter(isServed).length,
      noShows: records.filter((r) => r.outcome === 'no_show').length,
      reactivated,
      transfers: records.filter((r) => r.outcome === 'transferred').length,
      expired: tickets.filter((t) => t.status === 'expired').length,
      ratings: records.filter((r) => r.rating !== null).length,
      pauses: periods.filter((p) => p.kind === 'pause').length,
      meanWaitMin: waits.length === 0 ? 0 : waits.reduce((a, b) => a + b, 0) / waits.length,
      maxWaitMin: waits.length === 0 ? 0 : Math.max(...waits),
      serviceLevel: waits.length === 0 ? 1 : withinTarget / waits.length,
      commands,
      estimates: judgeEstimates([...this.samples.values()]),
    }
  }
}

/** Accuracy over several days, weighted by the tickets each day compared. */
export function mergeReports(reports: readonly AccuracyReport[]): AccuracyReport {
  const compared = reports.reduce((s, r) => s + r.compared, 0)
  const weigh = (pick: (r: AccuracyReport) => number) => (compared === 0 ? 0 : reports.reduce((s, r) => s + pick(r) * r.compared, 0) / compared)
  return {
    tickets: reports.reduce((s, r) => s + r.tickets, 0),
    compared,
    printed: { mae: weigh((r) => r.printed.mae), within5: weigh((r) => r.printed.within5), bias: weigh((r) => r.printed.bias) },
    naive: { mae: weigh((r) => r.naive.mae), within5: weigh((r) => r.naive.within5), bias: weigh((r) => r.naive.bias) },
  }
}
