/**
 * The hall's rules: given the state, a validated command and the time, decide which events
 * happen — or refuse with an AppError. Pure: no I/O, no clock; nothing is changed here.
 */
import type { CommandName, CommandPayload, CommandResult, TicketAtCounter } from '../../shared/commands'
import type { Actor, Clerk, ContactRef, Counter, Emergency, RatingChannel, ServiceRecord, Ticket } from '../../shared/domain'
import { isServed } from '../../shared/metrics'
import { periodSpan } from '../../shared/reports'
import { AppError } from '../../shared/errors'
import type { HallEvent } from '../../shared/events'
import { dayLists, type DayLists, type HallState } from '../../shared/hall-state'
import { EMERGENCY_PRESETS } from '../../shared/emergency'
import { mergeSettings, settingsSchema } from '../../shared/settings'
import { businessDayOf, nextDay, withinWindows } from './business-time'
import { pickNext, requeueKey } from './call-policy'
import { formatTicketNumber } from './ticket-number'
import { estimateWait } from '../../shared/wait-estimate'
import { decideTakeComplaint } from './complaints'

export interface Context {
  actor: Actor
  now: number
  /**
   * The PC's clock, when the hub reads it apart from the hall's own (a corrected clock: the
   * hall clock keeps real elapsed time until the hall is idle). Defaults to `now`.
   */
  wall?: number
  /** A personal contact the hall has just sealed for this command (call-back or complaint phone). */
  contact?: ContactRef
  /** The day's tickets and records in id order, when the caller keeps them (the hub does). */
  lists?: DayLists
  /** Where a rating comes from, worked out by the hub from the credentials; none: not the customer's side. */
  ratingChannel?: RatingChannel
  /** The id a complaint case taken by this command gets (the hall keeps the cases). */
  complaintId?: number
}

function listsOf(state: HallState, ctx: Context): DayLists {
  return ctx.lists ?? dayLists(state)
}

export interface Decision<R> {
  events: HallEvent[]
  /**
   * Builds the answer from the state after the events were applied. The hub applies them in
   * place, so `next` may be the very object the decision read: take anything from before the
   * events from values captured while deciding.
   */
  reply: (next: HallState) => R
}

type Decider<N extends CommandName> = (state: HallState, payload: CommandPayload<N>, ctx: Context) => Decision<CommandResult<N>>

const RANK: Record<Actor['role'], number> = {
  anonymous: 0,
  kiosk: 0,
  display: 0,
  clerk: 1,
  manager: 2,
  admin: 3,
  system: 9,
}

export function hasRank(actor: Actor, role: 'clerk' | 'manager' | 'admin'): boolean {
  return RANK[actor.role] >= RANK[role]
}

function counterOf(state: HallState, counterId: number): Counter {
  const c = state.counters[counterId]
  if (!c) throw new AppError('UNKNOWN_COUNTER', { counterId })
  return c
}

/** The counter, open, and opened by this actor. */
function ownCounter(state: HallState, actor: Actor, counterId: number): Counter {
  const c = counterOf(state, counterId)
  if (c.status === 'closed') throw new AppError('COUNTER_CLOSED', { counterId })
  if (actor.role !== 'system' && c.clerkId !== actor.clerkId) throw new AppError('NOT_YOUR_COUNTER', { counterId })
  return c
}

function currentTicket(state: HallState, counter: Counter): Ticket | null {
  return counter.currentTicketId === null ? null : (state.tickets[counter.currentTicketId] ?? null)
}

function ticketByNumber(lists: DayLists, number: string): Ticket {
  // Prefixes are unique, so a number names one ticket of the day; the newest wins if a prefix
  // was reassigned during the day (the list is in id order).
  const tickets = lists.tickets
  for (let i = tickets.length - 1; i >= 0; i--) if (tickets[i]!.number === number) return tickets[i]!
  throw new AppError('UNKNOWN_TICKET', { number })
}

function atCounter(ticketId: number, counterId: number, recordId: number) {
  return (next: HallState): TicketAtCounter => ({
    ticket: next.tickets[ticketId]!,
    record: next.records[recordId]!,
    counter: next.counters[counterId]!,
  })
}

function ready(state: HallState, actor: Actor, counterId: number): Counter {
  const c = ownCounter(state, actor, counterId)
  if (c.status === 'paused') throw new AppError('COUNTER_PAUSED', { counterId })
  if (c.currentTicketId !== null) throw new AppError('COUNTER_BUSY', { counterId, ticketId: c.currentTicketId })
  return c
}

function held(state: HallState, actor: Actor, counterId: number, need: 'called' | 'serving' | 'either'): { c: Counter; t: Ticket } {
  const c = ownCounter(state, actor, counterId)
  const t = currentTicket(state, c)
  if (!t || (need !== 'either' && t.status !== need)) {
    throw new AppError(need === 'serving' ? 'TICKET_NOT_SERVING' : 'TICKET_NOT_CALLED', { counterId })
  }
  return { c, t }
}

function checkItems(state: HallState, items: readonly string[]): void {
  const known = new Set(Object.values(state.services).flatMap((s) => s.items))
  const unknown = items.filter((i) => !known.has(i))
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', [{ path: ['items'], message: `unknown items: ${unknown.join(', ')}` }])
}

function call(state: HallState, actor: Actor, c: Counter, t: Ticket, specific: boolean, priorityRun: number, now: number): Decision<TicketAtCounter> {
  const recordId = state.nextId.record
  return {
    events: [
      { type: 'ticketCalled', at: now, ticketId: t.id, counterId: c.id, clerkId: c.clerkId ?? actor.clerkId ?? 0, recordId, specific, priorityRun },
    ],
    reply: atCounter(t.id, c.id, recordId),
  }
}

const deciders: { [N in CommandName]?: Decider<N> } = {
  issueTicket(state, p, ctx) {
    const { now, contact } = ctx
    if (p.callbackPhone !== undefined && !contact) throw new Error('decide: a call-back phone must be sealed by the hall first')
    const s = state.settings
    if (state.emergency?.pauseIssuing) throw new AppError('ISSUING_PAUSED', { message: state.emergency.message, emergency: state.emergency.kind })
    if (s.issuing.paused) throw new AppError('ISSUING_PAUSED', { message: s.issuing.pausedMessage })
    const service = state.services[p.serviceId]
    if (!service) throw new AppError('UNKNOWN_SERVICE', { serviceId: p.serviceId })
    if (!service.active) throw new AppError('SERVICE_INACTIVE', { serviceId: service.id })
    if (!withinWindows(now, s.hall.timeZone, service.hours)) {
      throw new AppError('OUTSIDE_ISSUING_HOURS', { serviceId: service.id, hours: service.hours })
    }
    const seq = (state.lastSeq[service.id] ?? 0) + 1
    if (service.dailyCap !== null && seq > service.dailyCap) {
      throw new AppError('DAILY_CAP_REACHED', { serviceId: service.id, cap: service.dailyCap })
    }
    const ticket: Ticket = {
      id: state.nextId.ticket,
      businessDay: state.businessDay,
      serviceId: service.id,
      issuedServiceId: service.id,
      seq,
      number: formatTicketNumber(service.prefix, seq),
      priority: p.priority,
      source: p.source,
      status: 'waiting',
      issuedAt: now,
      queuedAt: now,
      queueKey: now,
      firstCalledAt: null,
      callCount: 0,
      counterId: null,
      recordId: null,
      targetCounterId: null,
      estimate: estimateWait(state, service.id, p.priority, now, ctx.lists),
      endedAt: null,
      contact: contact ?? null,
    }
    return { events: [{ type: 'ticketIssued', at: now, ticket }], reply: (n) => ({ ticket: n.tickets[ticket.id]!, service, phoneUrl: null }) }
  },

  openCounter(state, p, { actor, now }) {
    const c = counterOf(state, p.counterId)
    if (!c.active) throw new AppError('UNKNOWN_COUNTER', { counterId: c.id })
    if (c.status !== 'closed') {
      if (c.clerkId === actor.clerkId) return { events: [], reply: (n) => ({ counter: n.counters[c.id]! }) }
      throw new AppError('COUNTER_TAKEN', { counterId: c.id })
    }
    const other = Object.values(state.counters).find((o) => o.status !== 'closed' && o.clerkId === actor.clerkId)
    if (other) throw new AppError('CLERK_AT_OTHER_COUNTER', { counterId: other.id })
    const periodId = state.nextId.period
    return {
      events: [{ type: 'counterOpened', at: now, counterId: c.id, clerkId: actor.clerkId ?? 0, periodId }],
      reply: (n) => ({ counter: n.counters[c.id]! }),
    }
  },

  closeCounter(state, p, { actor, now }) {
    const c = ownCounter(state, actor, p.counterId)
    if (c.currentTicketId !== null) throw new AppError('COUNTER_BUSY', { counterId: c.id })
    return { events: [{ type: 'counterClosed', at: now, counterId: c.id }], reply: (n) => ({ counter: n.counters[c.id]! }) }
  },

  callNext(state, p, ctx) {
    const { actor, now } = ctx
    const c = ready(state, actor, p.counterId)
    // The hub passes its waiting queues; anyone else scans the state.
    const next = pickNext(state, c, ctx.lists?.queues)
    if (!next) throw new AppError('QUEUE_EMPTY', { counterId: c.id })
    return call(state, actor, c, next.ticket, false, next.priorityRun, now)
  },

  callTicket(state, p, ctx) {
    const { actor, now } = ctx
    const c = ready(state, actor, p.counterId)
    const t = ticketByNumber(listsOf(state, ctx), p.number)
    if (t.status !== 'waiting') throw new AppError('TICKET_NOT_WAITING', { number: t.number, status: t.status })
    return call(state, actor, c, t, true, c.priorityRun, now)
  },

  recall(state, p, { actor, now }) {
    const { c, t } = held(state, actor, p.counterId, 'called')
    const record = state.records[t.recordId!]!
    if (record.callCount - 1 >= state.settings.queue.recallLimit) {
      throw new AppError('RECALL_LIMIT', { limit: state.settings.queue.recallLimit })
    }
    return {
      events: [{ type: 'ticketRecalled', at: now, ticketId: t.id, counterId: c.id, recordId: record.id }],
      reply: atCounter(t.id, c.id, record.id),
    }
  },

  startService(state, p, { actor, now }) {
    const { c, t } = held(state, actor, p.counterId, 'called')
    return {
      events: [{ type: 'serviceStarted', at: now, ticketId: t.id, counterId: c.id, recordId: t.recordId! }],
      reply: atCounter(t.id, c.id, t.recordId!),
    }
  },

  finishService(state, p, ctx) {
    const { actor, now, contact } = ctx
    const { c, t } = held(state, actor, p.counterId, 'serving')
    checkItems(state, p.items)
    if (p.complaint?.phone !== undefined && !contact) throw new Error('decide: a complaint phone must be sealed by the hall first')
    const recordId = t.recordId!
    if (!p.complaint) {
      return {
        events: [{ type: 'serviceFinished', at: now, ticketId: t.id, counterId: c.id, recordId, outcome: p.outcome, items: p.items, note: p.note, complaint: null }],
        reply: atCounter(t.id, c.id, recordId),
      }
    }
    // The complaint opens a case; its text goes with the case, sealed, never into the event.
    if (ctx.complaintId === undefined) throw new Error('decide: a complaint case needs its id from the hall')
    const { category, reason, clerkId } = p.complaint
    const taken = decideTakeComplaint(
      state,
      { channel: 'counter', category, reason, serviceId: null, clerkId, recordId, ownerId: null, department: '' },
      ctx.complaintId,
      { actor, now },
    )
    const complaint = { category, summary: '', followUp: p.complaint.followUp, contact: contact ?? null, caseId: ctx.complaintId }
    return {
      events: [
        { type: 'serviceFinished', at: now, ticketId: t.id, counterId: c.id, recordId, outcome: p.outcome, items: p.items, note: p.note, complaint },
        ...taken.events,
      ],
      reply: atCounter(t.id, c.id, recordId),
    }
  },

  noShow(state, p, { actor, now }) {
    const { c, t } = held(state, actor, p.counterId, 'called')
    const recordId = t.recordId!
    return { events: [{ type: 'ticketNoShow', at: now, ticketId: t.id, counterId: c.id, recordId }], reply: atCounter(t.id, c.id, recordId) }
  },

  reactivate(state, p, ctx) {
    const { now } = ctx
    const lists = listsOf(state, ctx)
    const t = ticketByNumber(lists, p.number)
    if (t.status !== 'no_show') throw new AppError('TICKET_NOT_NO_SHOW', { number: t.number, status: t.status })
    const queueKey = requeueKey(state, t.serviceId, state.settings.queue.requeuePlaces, now, lists.tickets)
    return { events: [{ type: 'ticketReactivated', at: now, ticketId: t.id, queueKey }], reply: (n) => ({ ticket: n.tickets[t.id]! }) }
  },

  cancelTicket(state, p, ctx) {
    const { actor, now } = ctx
    const t = ticketByNumber(listsOf(state, ctx), p.number)
    if (t.status === 'serving') throw new AppError('TICKET_NOT_WAITING', { number: t.number, status: t.status })
    if (t.status !== 'waiting' && t.status !== 'called' && t.status !== 'no_show') {
      throw new AppError('TICKET_CLOSED', { number: t.number, status: t.status })
    }
    const holder = t.status === 'called' ? t.counterId : null
    if (holder !== null && !hasRank(actor, 'manager') && state.counters[holder]?.clerkId !== actor.clerkId) {
      throw new AppError('NOT_YOUR_COUNTER', { counterId: holder })
    }
    return {
      events: [{ type: 'ticketCancelled', at: now, ticketId: t.id, counterId: holder, recordId: holder !== null ? t.recordId : null }],
      reply: (n) => ({ ticket: n.tickets[t.id]! }),
    }
  },

  transfer(state, p, { actor, now }) {
    const { c, t } = held(state, actor, p.counterId, 'either')
    checkItems(state, p.items)
    let toServiceId = p.toServiceId
    let toCounterId: number | null = null
    if (p.toCounterId !== undefined) {
      const target = state.counters[p.toCounterId]
      if (!target || !target.active || target.id === c.id) throw new AppError('TRANSFER_TARGET_INVALID', { counterId: p.toCounterId })
      const serves = (id: string) => target.services.some((s) => s.serviceId === id)
      toServiceId ??= serves(t.serviceId) ? t.serviceId : target.services[0]!.serviceId
      if (!serves(toServiceId)) throw new AppError('TRANSFER_TARGET_INVALID', { counterId: target.id, serviceId: toServiceId })
      toCounterId = target.id
    }
    const service = toServiceId === undefined ? undefined : state.services[toServiceId]
    if (!service || !service.active) throw new AppError('TRANSFER_TARGET_INVALID', { serviceId: toServiceId })
    if (toCounterId === null && service.id === t.serviceId) throw new AppError('TRANSFER_TARGET_INVALID', { serviceId: service.id })
    const recordId = t.recordId!
    return {
      events: [
        // The customer keeps the ticket and the place earned by waiting (一票到底).
        { type: 'ticketTransferred', at: now, ticketId: t.id, counterId: c.id, recordId, toServiceId: service.id, toCounterId, queueKey: t.queueKey, items: p.items, note: p.note },
      ],
      reply: atCounter(t.id, c.id, recordId),
    }
  },

  pauseCounter(state, p, { actor, now }) {
    const c = ready(state, actor, p.counterId)
    return {
      events: [{ type: 'counterPaused', at: now, counterId: c.id, reason: p.reason, periodId: state.nextId.period }],
      reply: (n) => ({ counter: n.counters[c.id]! }),
    }
  },

  resumeCounter(state, p, { actor, now }) {
    const c = ownCounter(state, actor, p.counterId)
    if (c.status !== 'paused') throw new AppError('COUNTER_NOT_PAUSED', { counterId: c.id })
    return { events: [{ type: 'counterResumed', at: now, counterId: c.id }], reply: (n) => ({ counter: n.counters[c.id]! }) }
  },

  rateService(state, p, { now, ratingChannel }) {
    // Ratings are the customer's: whoever is logged in — the clerk served, or anyone above them — never rates.
    if (ratingChannel === undefined) throw new AppError('RATING_NOT_FROM_CUSTOMER')
    const r = state.records[p.recordId]
    if (!r) throw new AppError('UNKNOWN_RECORD', { recordId: p.recordId })
    if (r.endedAt === null) throw new AppError('RECORD_OPEN', { recordId: r.id })
    if (r.outcome !== 'completed' && r.outcome !== 'pending' && r.outcome !== 'transferred') {
      throw new AppError('NOT_RATABLE', { recordId: r.id, outcome: r.outcome })
    }
    if (r.rating !== null) throw new AppError('ALREADY_RATED', { recordId: r.id })
    return {
      events: [{ type: 'serviceRated', at: now, recordId: r.id, score: p.score, channel: ratingChannel, reason: p.reason ?? null }],
      reply: (n) => ({ record: n.records[r.id]! }),
    }
  },

  setNotice(state, p, { now }) {
    const settings = { ...state.settings, display: { ...state.settings.display, notice: p.notice } }
    return { events: [{ type: 'settingsSaved', at: now, settings }], reply: (n) => ({ settings: n.settings }) }
  },

  closeDay(state, _p, ctx) {
    const { now } = ctx
    // After a corrected clock the PC's calendar says which day it is, not the hall's own time
    // (still ahead until the hall is idle): the close returns the hall to the real day
    // (docs/decisions/027-corrected-clock.md).
    const today = businessDayOf(state.clockCorrection ? (ctx.wall ?? now) : now, state.settings.hall.timeZone, state.settings.hall.rolloverHour)
    const returning = state.clockCorrection !== null && today < state.businessDay
    const nextBusinessDay = returning || today > state.businessDay ? today : nextDay(state.businessDay)
    const closing = state.businessDay
    const expired = listsOf(state, ctx).tickets.filter((t) => ['waiting', 'called', 'serving', 'no_show'].includes(t.status)).length
    return {
      events: [{ type: 'dayClosed', at: now, businessDay: state.businessDay, nextBusinessDay }],
      reply: () => ({ businessDay: closing, nextBusinessDay, expired }),
    }
  },

  startEmergency(state, p, { actor, now }) {
    const message = p.message || EMERGENCY_PRESETS['zh-CN'][p.kind]
    if (!message) throw new AppError('VALIDATION_FAILED', [{ path: ['message'], message: 'a custom emergency needs a message' }])
    // 演练: the hall goes on serving while it practises; a drill that stopped issuing would be a real stop.
    if (p.drill && p.pauseIssuing === true) throw new AppError('VALIDATION_FAILED', [{ path: ['pauseIssuing'], message: 'a drill never pauses issuing' }])
    if (state.emergency) throw new AppError('EMERGENCY_ACTIVE', { kind: state.emergency.kind })
    const emergency: Emergency = {
      kind: p.kind,
      message,
      pauseIssuing: p.pauseIssuing ?? !p.drill,
      startedAt: now,
      startedBy: actor.clerkId,
      severity: p.severity,
      drill: p.drill,
      reportedBy: p.reportedBy,
      assessment: p.assessment,
      actions: [],
    }
    return { events: [{ type: 'emergencyStarted', at: now, emergency }], reply: () => ({ emergency }) }
  },

  addIncidentAction(state, p, { actor, now }) {
    if (!state.emergency) throw new AppError('NO_EMERGENCY')
    return {
      events: [{ type: 'incidentActionAdded', at: now, action: { at: now, by: actor.clerkId, note: p.note } }],
      reply: (n) => ({ emergency: n.emergency! }),
    }
  },

  endEmergency(state, p, { actor, now }) {
    if (!state.emergency) throw new AppError('NO_EMERGENCY')
    return { events: [{ type: 'emergencyEnded', at: now, endedBy: actor.clerkId, note: p.note }], reply: () => ({ ok: true }) }
  },

  saveService(state, p, { now }) {
    const clash = Object.values(state.services).find((s) => s.id !== p.service.id && s.prefix === p.service.prefix)
    if (clash) throw new AppError('DUPLICATE_PREFIX', { prefix: p.service.prefix, serviceId: clash.id })
    return { events: [{ type: 'serviceSaved', at: now, service: p.service }], reply: () => ({ service: p.service }) }
  },

  saveCounter(state, p, { now }) {
    for (const s of p.counter.services) {
      if (!state.services[s.serviceId]) throw new AppError('UNKNOWN_SERVICE', { serviceId: s.serviceId })
    }
    const ids = p.counter.services.map((s) => s.serviceId)
    if (new Set(ids).size !== ids.length) {
      throw new AppError('VALIDATION_FAILED', [{ path: ['counter', 'services'], message: 'a service is listed twice' }])
    }
    const existing = state.counters[p.counter.id]
    if (existing && !p.counter.active && existing.status !== 'closed') throw new AppError('COUNTER_BUSY', { counterId: existing.id })
    return { events: [{ type: 'counterSaved', at: now, counter: p.counter }], reply: (n) => ({ counter: n.counters[p.counter.id]! }) }
  },

  gradeClerk(state, p, { actor, now }) {
    if (!state.clerks[p.clerkId]) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
    if (p.businessDay > state.businessDay) throw new AppError('FUTURE_DAY', { businessDay: p.businessDay, today: state.businessDay })
    const grade = { businessDay: p.businessDay, clerkId: p.clerkId, grade: p.grade, teamwork: p.teamwork, comment: p.comment, gradedAt: now, gradedBy: actor.clerkId }
    const { gradedAt: _at, ...event } = grade
    return { events: [{ type: 'clerkGraded', at: now, ...event }], reply: () => ({ grade }) }
  },

  setClerkPlan(state, p, { now }) {
    if (!state.clerks[p.clerkId]) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
    const assessment = state.settings.assessment
    const plan = p.plan === null ? null : { clerkId: p.clerkId, ...p.plan }
    const plans = assessment.plans.filter((x) => x.clerkId !== p.clerkId)
    if (plan) plans.push(plan)
    plans.sort((a, b) => a.clerkId - b.clerkId)
    const settings = { ...state.settings, assessment: { ...assessment, plans } }
    return { events: [{ type: 'settingsSaved', at: now, settings }], reply: () => ({ plan }) }
  },

  updateSettings(state, p, { now }) {
    const parsed = settingsSchema.safeParse(mergeSettings(state.settings, p.patch))
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: ['patch', ...i.path.map(String)], message: i.message })))
    }
    return { events: [{ type: 'settingsSaved', at: now, settings: parsed.data }], reply: (n) => ({ settings: n.settings }) }
  },
}

/** checkVisit, with the visit read by the hall (a past day's visit is not in the live state). */
export function decideCheckVisit(
  record: ServiceRecord | null,
  p: CommandPayload<'checkVisit'>,
  { actor, now }: Context,
): Decision<CommandResult<'checkVisit'>> {
  if (!record) throw new AppError('UNKNOWN_RECORD', { recordId: p.recordId })
  if (!isServed(record)) throw new AppError('VISIT_NOT_CHECKABLE', { recordId: record.id, outcome: record.outcome })
  if (actor.clerkId !== null && actor.clerkId === record.clerkId) throw new AppError('OWN_VISIT', { recordId: record.id })
  const check = {
    recordId: record.id,
    businessDay: record.businessDay,
    clerkId: record.clerkId,
    result: p.result,
    reason: p.reason,
    note: p.note,
    checkedBy: actor.clerkId,
  }
  return { events: [{ type: 'visitChecked', at: now, ...check }], reply: () => ({ check: { ...check, checkedAt: now } }) }
}

/** recordFollowUp, with the id the hall gives it. */
export function decideFollowUp(state: HallState, p: CommandPayload<'recordFollowUp'>, id: number, { actor, now }: Context): Decision<CommandResult<'recordFollowUp'>> {
  if (!state.clerks[p.clerkId]) throw new AppError('UNKNOWN_CLERK', { clerkId: p.clerkId })
  if (p.day > state.businessDay) throw new AppError('FUTURE_DAY', { businessDay: p.day, today: state.businessDay })
  const { from, to } = periodSpan(p.period, p.day)
  const followUp = { id, clerkId: p.clerkId, period: p.period, from, to, kind: p.kind, note: p.note, by: actor.clerkId }
  return { events: [{ type: 'followUpRecorded', at: now, ...followUp }], reply: () => ({ followUp: { ...followUp, at: now } }) }
}

export function decide<N extends CommandName>(state: HallState, name: N, payload: CommandPayload<N>, ctx: Context): Decision<CommandResult<N>> {
  const decider = deciders[name] as Decider<N> | undefined
  if (!decider) throw new Error(`decide: ${name} is handled by the hall service`)
  return decider(state, payload, ctx)
}

/** saveClerk, minus the PIN (the hall hashes it outside the core). */
export function decideSaveClerk(
  state: HallState,
  p: Omit<CommandPayload<'saveClerk'>, 'pin'> & { hasPin: boolean },
  { now }: Context,
): Decision<CommandResult<'saveClerk'>> {
  const clerks = Object.values(state.clerks)
  const id = p.id ?? Math.max(0, ...clerks.map((c) => c.id)) + 1
  if (p.id !== undefined && !state.clerks[p.id]) throw new AppError('UNKNOWN_CLERK', { clerkId: p.id })
  if (p.id === undefined && !p.hasPin) throw new AppError('VALIDATION_FAILED', [{ path: ['pin'], message: 'a new clerk needs a PIN' }])
  if (clerks.some((c) => c.id !== id && c.staffCode.toLowerCase() === p.staffCode.toLowerCase())) {
    throw new AppError('DUPLICATE_STAFF_CODE', { staffCode: p.staffCode })
  }
  // A photo stays with an active clerk; disabling them deletes it (the hall removes its bytes).
  const photo = p.active ? state.clerks[id]?.photo : undefined
  const clerk: Clerk = { id, staffCode: p.staffCode, name: p.name, role: p.role, active: p.active, ...(photo ? { photo } : {}) }
  const adminsLeft = clerks.filter((c) => c.id !== id && c.active && c.role === 'admin').length + (clerk.active && clerk.role === 'admin' ? 1 : 0)
  if (adminsLeft === 0) throw new AppError('LAST_ADMIN')
  const open = Object.values(state.counters).find((c) => c.status !== 'closed' && c.clerkId === id)
  if (!clerk.active && open) throw new AppError('COUNTER_BUSY', { counterId: open.id })
  return { events: [{ type: 'clerkSaved', at: now, clerk }], reply: () => ({ clerk }) }
}

/** resetClerkPin, minus the PIN (the hall hashes it outside the core). */
export function decideResetPin(state: HallState, clerkId: number, { now }: Context): Decision<CommandResult<'resetClerkPin'>> {
  const clerk = state.clerks[clerkId]
  if (!clerk) throw new AppError('UNKNOWN_CLERK', { clerkId })
  return { events: [{ type: 'pinReset', at: now, clerkId }], reply: () => ({ clerk }) }
}

export function decideLogin(state: HallState, clerkId: number, { now }: Context): Decision<{ clerkId: number }> {
  const clerk = state.clerks[clerkId]
  if (!clerk) throw new AppError('WRONG_PIN')
  if (!clerk.active) throw new AppError('CLERK_DISABLED')
  return { events: [{ type: 'clerkLoggedIn', at: now, clerkId }], reply: () => ({ clerkId }) }
}

/** Logging out also closes the clerk's counter — refused while a customer is still there. */
export function decideLogout(state: HallState, { actor, now }: Context): Decision<{ ok: true }> {
  const events: HallEvent[] = []
  for (const c of Object.values(state.counters)) {
    if (c.status === 'closed' || c.clerkId !== actor.clerkId) continue
    if (c.currentTicketId !== null) throw new AppError('COUNTER_BUSY', { counterId: c.id })
    events.push({ type: 'counterClosed', at: now, counterId: c.id })
  }
  events.push({ type: 'clerkLoggedOut', at: now, clerkId: actor.clerkId ?? 0 })
  return { events, reply: () => ({ ok: true }) }
}
