/**
 * The live hall as plain data, and `evolve`, the one function that applies events to it.
 * The hub keeps this state in memory and writes what `evolve` reports as changed; screens keep
 * the same state from the event stream; reports replay a day's events through it. One
 * function, three users, so they cannot disagree.
 */
import { withIncidentFields } from './incident'
import type {
  ActivityPeriod,
  Clerk,
  ClockCorrection,
  Counter,
  CounterConfig,
  Emergency,
  Service,
  ServiceRecord,
  Ticket,
} from './domain'
import type { HallEvent } from './events'
// Types only: the settings' schema (zod) stays out of the screens' first download, which
// applies the stream's events with evolve() below.
import type { HallSettings } from './settings'
import { LiveWaitingQueues, waitingQueues, type WaitingQueues } from './waiting-queues'

export interface HallState {
  businessDay: string
  settings: HallSettings
  /** A broadcast emergency in force, or null. */
  emergency: Emergency | null
  /** Set while the hall is on a business day ahead of the PC's corrected clock; cleared by the day's close. */
  clockCorrection: ClockCorrection | null
  services: Record<string, Service>
  counters: Record<number, Counter>
  clerks: Record<number, Clerk>
  /** Tickets, service records and activity periods of the current business day. */
  tickets: Record<number, Ticket>
  records: Record<number, ServiceRecord>
  periods: Record<number, ActivityPeriod>
  /** Last ticket number issued per service today. */
  lastSeq: Record<string, number>
  nextId: { ticket: number; record: number; period: number; contact: number }
}

export function emptyHallState(businessDay: string, settings: HallSettings): HallState {
  return {
    businessDay,
    settings,
    emergency: null,
    clockCorrection: null,
    services: {},
    counters: {},
    clerks: {},
    tickets: {},
    records: {},
    periods: {},
    lastSeq: {},
    nextId: { ticket: 1, record: 1, period: 1, contact: 1 },
  }
}

/** The final version of every entity an event batch touched, for the store to write. */
export interface Changes {
  tickets: Map<number, Ticket>
  records: Map<number, ServiceRecord>
  periods: Map<number, ActivityPeriod>
  counters: Map<number, Counter>
  services: Map<string, Service>
  clerks: Map<number, Clerk>
  settings: HallSettings | null
  /** Set when the emergency started or ended: the new value (null after the end). */
  emergency: { value: Emergency | null } | null
  /** Set when a clock correction was noticed or ended with the day's close. */
  clockCorrection: { value: ClockCorrection | null } | null
  businessDay: string | null
}

export function newCounter(config: CounterConfig): Counter {
  return {
    ...config,
    status: 'closed',
    pauseReason: null,
    clerkId: null,
    currentTicketId: null,
    statusSince: null,
    priorityRun: 0,
    sessionPeriodId: null,
    pausePeriodId: null,
  }
}

type Table = 'tickets' | 'records' | 'periods' | 'counters' | 'services' | 'clerks'

/**
 * A state being changed by a batch of events. Copy-on-write (evolve): each table is copied once,
 * on its first write, and the base state is never touched. In place (applyInPlace, for the hub's
 * one live state): tables are written directly and every write is logged so it can be undone.
 * Entity objects (a ticket, a record) are never mutated in either mode: a change makes a new one.
 */
class Draft {
  readonly state: HallState
  readonly changes: Changes = {
    tickets: new Map(),
    records: new Map(),
    periods: new Map(),
    counters: new Map(),
    services: new Map(),
    clerks: new Map(),
    settings: null,
    emergency: null,
    clockCorrection: null,
    businessDay: null,
  }
  private readonly copied = new Set<Table | 'lastSeq' | 'nextId'>()
  /** Null when copying on write; the undo steps when writing in place. */
  private readonly undoLog: (() => void)[] | null

  constructor(base: HallState, inPlace: boolean) {
    this.state = inPlace ? base : { ...base }
    this.undoLog = inPlace ? [] : null
  }

  private own<K extends Table | 'lastSeq' | 'nextId'>(key: K): HallState[K] {
    if (this.undoLog === null && !this.copied.has(key)) {
      this.state[key] = { ...this.state[key] } as HallState[K]
      this.copied.add(key)
    }
    return this.state[key]
  }

  private write<T>(table: Record<string | number, T>, key: string | number, value: T): void {
    if (this.undoLog !== null) {
      const had = Object.hasOwn(table, key)
      const previous = table[key]
      this.undoLog.push(() => {
        if (had) table[key] = previous as T
        else delete table[key]
      })
    }
    table[key] = value
  }

  /** Replaces a whole field of the state (settings, the business day, a table on day close). */
  setField<K extends keyof HallState>(key: K, value: HallState[K]): void {
    if (this.undoLog !== null) {
      const previous = this.state[key]
      this.undoLog.push(() => {
        this.state[key] = previous
      })
    } else if (key === 'tickets' || key === 'records' || key === 'periods' || key === 'lastSeq') {
      this.copied.add(key as Table | 'lastSeq')
    }
    this.state[key] = value
  }

  undo(): void {
    const log = this.undoLog ?? []
    for (let i = log.length - 1; i >= 0; i--) log[i]!()
    log.length = 0
  }

  ticket(id: number): Ticket {
    const t = this.state.tickets[id]
    if (!t) throw new Error(`evolve: no ticket ${id}`)
    return t
  }
  record(id: number): ServiceRecord {
    const r = this.state.records[id]
    if (!r) throw new Error(`evolve: no record ${id}`)
    return r
  }
  counter(id: number): Counter {
    const c = this.state.counters[id]
    if (!c) throw new Error(`evolve: no counter ${id}`)
    return c
  }

  putTicket(t: Ticket): void {
    this.write(this.own('tickets'), t.id, t)
    this.changes.tickets.set(t.id, t)
  }
  patchTicket(id: number, patch: Partial<Ticket>): Ticket {
    const t = { ...this.ticket(id), ...patch }
    this.putTicket(t)
    return t
  }
  putRecord(r: ServiceRecord): void {
    this.write(this.own('records'), r.id, r)
    this.changes.records.set(r.id, r)
  }
  patchRecord(id: number, patch: Partial<ServiceRecord>): void {
    this.putRecord({ ...this.record(id), ...patch })
  }
  putPeriod(p: ActivityPeriod): void {
    this.write(this.own('periods'), p.id, p)
    this.changes.periods.set(p.id, p)
  }
  endPeriod(id: number | null, at: number): void {
    if (id === null) return
    const p = this.state.periods[id]
    if (p && p.endedAt === null) this.putPeriod({ ...p, endedAt: at })
  }
  putCounter(c: Counter): void {
    this.write(this.own('counters'), c.id, c)
    this.changes.counters.set(c.id, c)
  }
  patchCounter(id: number, patch: Partial<Counter>): void {
    this.putCounter({ ...this.counter(id), ...patch })
  }
  putService(s: Service): void {
    this.write(this.own('services'), s.id, s)
    this.changes.services.set(s.id, s)
  }
  putClerk(c: Clerk): void {
    this.write(this.own('clerks'), c.id, c)
    this.changes.clerks.set(c.id, c)
  }
  bumpSeq(serviceId: string, seq: number): void {
    const lastSeq = this.own('lastSeq')
    this.write(lastSeq, serviceId, Math.max(lastSeq[serviceId] ?? 0, seq))
  }
  bumpId(kind: keyof HallState['nextId'], usedId: number): void {
    const nextId = this.own('nextId')
    this.write(nextId, kind, Math.max(nextId[kind], usedId + 1))
  }
}

const OPEN_TICKET = new Set(['waiting', 'called', 'serving', 'no_show'])

function apply(d: Draft, e: HallEvent): void {
  switch (e.type) {
    case 'ticketIssued': {
      d.putTicket(e.ticket)
      d.bumpSeq(e.ticket.issuedServiceId, e.ticket.seq)
      d.bumpId('ticket', e.ticket.id)
      if (e.ticket.contact) d.bumpId('contact', e.ticket.contact.id)
      return
    }
    case 'ticketCalled': {
      const t = d.ticket(e.ticketId)
      d.patchTicket(t.id, {
        status: 'called',
        counterId: e.counterId,
        recordId: e.recordId,
        callCount: t.callCount + 1,
        firstCalledAt: t.firstCalledAt ?? e.at,
        targetCounterId: null,
      })
      d.putRecord({
        id: e.recordId,
        ticketId: t.id,
        businessDay: t.businessDay,
        serviceId: t.serviceId,
        counterId: e.counterId,
        clerkId: e.clerkId,
        queuedAt: t.queuedAt,
        calledAt: e.at,
        callCount: 1,
        startedAt: null,
        endedAt: null,
        outcome: null,
        items: [],
        note: '',
        complaint: null,
        transferTo: null,
        rating: null,
        ratedAt: null,
        ratingChannel: null,
        ratingReason: null,
      })
      d.bumpId('record', e.recordId)
      d.patchCounter(e.counterId, { currentTicketId: t.id, priorityRun: e.priorityRun })
      return
    }
    case 'ticketRecalled': {
      d.patchTicket(e.ticketId, { callCount: d.ticket(e.ticketId).callCount + 1 })
      d.patchRecord(e.recordId, { callCount: d.record(e.recordId).callCount + 1 })
      return
    }
    case 'serviceStarted': {
      d.patchTicket(e.ticketId, { status: 'serving' })
      d.patchRecord(e.recordId, { startedAt: e.at })
      return
    }
    case 'serviceFinished': {
      d.patchTicket(e.ticketId, { status: 'done', recordId: null, endedAt: e.at })
      d.patchRecord(e.recordId, {
        endedAt: e.at,
        outcome: e.outcome,
        items: e.items,
        note: e.note,
        complaint: e.complaint,
      })
      if (e.complaint?.contact) d.bumpId('contact', e.complaint.contact.id)
      d.patchCounter(e.counterId, { currentTicketId: null })
      return
    }
    case 'ticketTransferred': {
      d.patchTicket(e.ticketId, {
        status: 'waiting',
        serviceId: e.toServiceId,
        targetCounterId: e.toCounterId,
        queueKey: e.queueKey,
        queuedAt: e.at,
        recordId: null,
      })
      d.patchRecord(e.recordId, {
        endedAt: e.at,
        outcome: 'transferred',
        items: e.items,
        note: e.note,
        transferTo: { serviceId: e.toServiceId, counterId: e.toCounterId },
      })
      d.patchCounter(e.counterId, { currentTicketId: null })
      return
    }
    case 'ticketNoShow': {
      d.patchTicket(e.ticketId, { status: 'no_show', recordId: null })
      d.patchRecord(e.recordId, { endedAt: e.at, outcome: 'no_show' })
      d.patchCounter(e.counterId, { currentTicketId: null })
      return
    }
    case 'ticketReactivated': {
      d.patchTicket(e.ticketId, { status: 'waiting', queueKey: e.queueKey, queuedAt: e.at })
      return
    }
    case 'ticketCancelled': {
      d.patchTicket(e.ticketId, { status: 'cancelled', recordId: null, endedAt: e.at })
      if (e.recordId !== null) d.patchRecord(e.recordId, { endedAt: e.at, outcome: 'cancelled' })
      if (e.counterId !== null) d.patchCounter(e.counterId, { currentTicketId: null })
      return
    }
    case 'serviceRated': {
      d.patchRecord(e.recordId, { rating: e.score, ratedAt: e.at, ratingChannel: e.channel ?? null, ratingReason: e.reason ?? null })
      return
    }
    case 'counterOpened': {
      d.putPeriod({
        id: e.periodId,
        businessDay: d.state.businessDay,
        counterId: e.counterId,
        clerkId: e.clerkId,
        kind: 'open',
        reason: null,
        startedAt: e.at,
        endedAt: null,
      })
      d.bumpId('period', e.periodId)
      d.patchCounter(e.counterId, {
        status: 'open',
        clerkId: e.clerkId,
        statusSince: e.at,
        pauseReason: null,
        sessionPeriodId: e.periodId,
        pausePeriodId: null,
        priorityRun: 0,
      })
      return
    }
    case 'counterClosed': {
      const c = d.counter(e.counterId)
      d.endPeriod(c.pausePeriodId, e.at)
      d.endPeriod(c.sessionPeriodId, e.at)
      d.patchCounter(e.counterId, {
        status: 'closed',
        clerkId: null,
        statusSince: e.at,
        pauseReason: null,
        sessionPeriodId: null,
        pausePeriodId: null,
        priorityRun: 0,
      })
      return
    }
    case 'counterPaused': {
      const c = d.counter(e.counterId)
      d.putPeriod({
        id: e.periodId,
        businessDay: d.state.businessDay,
        counterId: c.id,
        clerkId: c.clerkId ?? 0,
        kind: 'pause',
        reason: e.reason,
        startedAt: e.at,
        endedAt: null,
      })
      d.bumpId('period', e.periodId)
      d.patchCounter(c.id, { status: 'paused', pauseReason: e.reason, statusSince: e.at, pausePeriodId: e.periodId })
      return
    }
    case 'counterResumed': {
      const c = d.counter(e.counterId)
      d.endPeriod(c.pausePeriodId, e.at)
      d.patchCounter(c.id, { status: 'open', pauseReason: null, statusSince: e.at, pausePeriodId: null })
      return
    }
    // Grades belong to a day's assessment, not to the live hall; the store keeps them. Complaint
    // cases live beside the hall too, in their own tables (src/main/store/complaint-store.ts).
    case 'clerkGraded':
    case 'visitChecked':
    case 'followUpRecorded':
    case 'complaintTaken':
    case 'complaintChanged':
    case 'clerkLoggedIn':
    case 'clerkLoggedOut':
    case 'pinReset':
      return
    case 'serviceSaved':
      d.putService(e.service)
      return
    case 'counterSaved': {
      const existing = d.state.counters[e.counter.id]
      d.putCounter(existing ? { ...existing, ...e.counter } : newCounter(e.counter))
      return
    }
    case 'clerkSaved':
      d.putClerk(e.clerk)
      return
    case 'clerkPhotoChanged': {
      const clerk = d.state.clerks[e.clerkId]
      if (!clerk) return
      const { photo: _old, ...rest } = clerk
      d.putClerk(e.photo === null ? rest : { ...rest, photo: e.photo })
      return
    }
    case 'settingsSaved':
      d.setField('settings', e.settings)
      d.changes.settings = e.settings
      return
    case 'emergencyStarted': {
      // Logged before incidents were kept: without the incident's fields.
      const emergency = withIncidentFields(e.emergency)
      d.setField('emergency', emergency)
      d.changes.emergency = { value: emergency }
      return
    }
    case 'incidentActionAdded': {
      const current = d.state.emergency
      if (!current) return
      const emergency = { ...current, actions: [...current.actions, e.action] }
      d.setField('emergency', emergency)
      d.changes.emergency = { value: emergency }
      return
    }
    case 'emergencyEnded':
      d.setField('emergency', null)
      d.changes.emergency = { value: null }
      return
    case 'dayClosed': {
      for (const t of Object.values(d.state.tickets)) {
        if (!OPEN_TICKET.has(t.status)) continue
        if (t.recordId !== null) d.patchRecord(t.recordId, { endedAt: e.at, outcome: 'expired' })
        d.patchTicket(t.id, { status: 'expired', recordId: null, endedAt: e.at })
      }
      for (const c of Object.values(d.state.counters)) {
        if (c.status === 'closed' && c.currentTicketId === null) continue
        d.endPeriod(c.pausePeriodId, e.at)
        d.endPeriod(c.sessionPeriodId, e.at)
        d.patchCounter(c.id, {
          status: 'closed',
          clerkId: null,
          currentTicketId: null,
          statusSince: e.at,
          pauseReason: null,
          sessionPeriodId: null,
          pausePeriodId: null,
          priorityRun: 0,
        })
      }
      // The closed day leaves memory; its rows stay in the store (changes keep their last version).
      d.setField('tickets', {})
      d.setField('records', {})
      d.setField('periods', {})
      d.setField('lastSeq', {})
      d.setField('businessDay', e.nextBusinessDay)
      d.changes.businessDay = e.nextBusinessDay
      if (d.state.clockCorrection !== null) {
        d.setField('clockCorrection', null)
        d.changes.clockCorrection = { value: null }
      }
      return
    }
    case 'clockCorrected':
      d.setField('clockCorrection', e.correction)
      d.changes.clockCorrection = { value: e.correction }
      return
  }
}

/** Applies a batch of events; returns the new state and the final version of everything touched. */
export function evolve(state: HallState, events: readonly HallEvent[]): { state: HallState; changes: Changes } {
  const draft = new Draft(state, false)
  for (const e of events) apply(draft, e)
  return { state: draft.state, changes: draft.changes }
}

/**
 * The same as evolve, but changes `state` itself instead of a copy, and returns how to undo it.
 * For the hub's live hall only: copying a table of a few thousand tickets on every command costs
 * milliseconds once ticket ids are large (docs/decisions/018-live-state-in-place.md). Entity
 * objects are still never mutated, so a ticket or record someone holds stays as it was.
 */
export function applyInPlace(state: HallState, events: readonly HallEvent[]): { changes: Changes; undo: () => void } {
  const draft = new Draft(state, true)
  try {
    for (const e of events) apply(draft, e)
  } catch (err) {
    draft.undo()
    throw err
  }
  return { changes: draft.changes, undo: () => draft.undo() }
}

/**
 * The day's tickets and records as arrays in id order (oldest first): what the rules iterate.
 * Enumerating a table object with thousands of large integer keys is slow (V8 keeps it as a
 * sorted-on-demand dictionary), so the hub keeps these arrays up to date beside its state and
 * passes them in; everyone else gets them from `dayLists(state)`.
 */
export interface DayLists {
  readonly tickets: readonly Ticket[]
  readonly records: readonly ServiceRecord[]
  /** The waiting customers in call order (waiting-queues.ts), when the caller keeps them current. */
  readonly queues?: WaitingQueues
  /** Bumped on every change, when the caller keeps the lists current: what was learned from them is reused only while it stands. */
  readonly version?: number
}

export function dayLists(state: HallState): DayLists {
  // Integer keys enumerate in ascending order, and ids only grow: this is id order.
  return { tickets: Object.values(state.tickets), records: Object.values(state.records) }
}

/** The lists' waiting queues, or built from their tickets. */
export function queuesOf(state: HallState, lists: DayLists): WaitingQueues {
  return lists.queues ?? waitingQueues(state.settings, lists.tickets)
}

/** DayLists kept current from each committed batch's changes. */
export class LiveDayLists implements DayLists {
  tickets: Ticket[] = []
  records: ServiceRecord[] = []
  queues: LiveWaitingQueues
  version = 0

  constructor(state: HallState) {
    const lists = dayLists(state)
    this.tickets = [...lists.tickets]
    this.records = [...lists.records]
    this.queues = new LiveWaitingQueues(state.settings, this.tickets)
  }

  reset(state: HallState): void {
    this.version++
    const lists = dayLists(state)
    this.tickets = [...lists.tickets]
    this.records = [...lists.records]
    this.queues.reset(state.settings, this.tickets)
  }

  update(state: HallState, changes: Changes): void {
    if (changes.businessDay !== null) return this.reset(state)
    this.version++
    for (const t of changes.tickets.values()) this.queues.update(upsertById(this.tickets, t), t)
    for (const r of changes.records.values()) upsertById(this.records, r)
    // New head starts for the priority classes change every waiting customer's place.
    if (changes.settings !== null) this.queues.reset(state.settings, this.tickets)
  }
}

/** Puts `item` in its place by id; returns the version it replaced, if any. */
function upsertById<T extends { id: number }>(list: T[], item: T): T | undefined {
  const last = list.at(-1)
  if (last === undefined || item.id > last.id) {
    list.push(item)
    return undefined
  }
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const found = list[mid]!
    if (found.id === item.id) {
      list[mid] = item
      return found
    }
    if (found.id < item.id) lo = mid + 1
    else hi = mid - 1
  }
  list.splice(lo, 0, item)
  return undefined
}
