/**
 * The live hall as plain data, and `evolve`, the one function that applies events to it.
 * The hub keeps this state in memory and writes what `evolve` reports as changed; screens keep
 * the same state from the event stream; reports replay a day's events through it. One
 * function, three users, so they cannot disagree.
 */
import type {
  ActivityPeriod,
  Clerk,
  Counter,
  CounterConfig,
  Emergency,
  Service,
  ServiceRecord,
  Ticket,
} from './domain'
import type { HallEvent } from './events'
import { DEFAULT_SETTINGS, type HallSettings } from './settings'

export interface HallState {
  businessDay: string
  settings: HallSettings
  /** A broadcast emergency in force, or null. */
  emergency: Emergency | null
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

export function emptyHallState(businessDay: string, settings: HallSettings = DEFAULT_SETTINGS): HallState {
  return {
    businessDay,
    settings,
    emergency: null,
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

/** Copy-on-write view of a state: each table is copied once, on its first write. */
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
    businessDay: null,
  }
  private readonly copied = new Set<Table | 'lastSeq' | 'nextId'>()

  constructor(base: HallState) {
    this.state = { ...base }
  }

  private own<K extends Table | 'lastSeq' | 'nextId'>(key: K): HallState[K] {
    if (!this.copied.has(key)) {
      this.state[key] = { ...this.state[key] } as HallState[K]
      this.copied.add(key)
    }
    return this.state[key]
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
    this.own('tickets')[t.id] = t
    this.changes.tickets.set(t.id, t)
  }
  patchTicket(id: number, patch: Partial<Ticket>): Ticket {
    const t = { ...this.ticket(id), ...patch }
    this.putTicket(t)
    return t
  }
  putRecord(r: ServiceRecord): void {
    this.own('records')[r.id] = r
    this.changes.records.set(r.id, r)
  }
  patchRecord(id: number, patch: Partial<ServiceRecord>): void {
    this.putRecord({ ...this.record(id), ...patch })
  }
  putPeriod(p: ActivityPeriod): void {
    this.own('periods')[p.id] = p
    this.changes.periods.set(p.id, p)
  }
  endPeriod(id: number | null, at: number): void {
    if (id === null) return
    const p = this.state.periods[id]
    if (p && p.endedAt === null) this.putPeriod({ ...p, endedAt: at })
  }
  putCounter(c: Counter): void {
    this.own('counters')[c.id] = c
    this.changes.counters.set(c.id, c)
  }
  patchCounter(id: number, patch: Partial<Counter>): void {
    this.putCounter({ ...this.counter(id), ...patch })
  }
  putService(s: Service): void {
    this.own('services')[s.id] = s
    this.changes.services.set(s.id, s)
  }
  putClerk(c: Clerk): void {
    this.own('clerks')[c.id] = c
    this.changes.clerks.set(c.id, c)
  }
  bumpSeq(serviceId: string, seq: number): void {
    const lastSeq = this.own('lastSeq')
    lastSeq[serviceId] = Math.max(lastSeq[serviceId] ?? 0, seq)
  }
  bumpId(kind: keyof HallState['nextId'], usedId: number): void {
    const nextId = this.own('nextId')
    nextId[kind] = Math.max(nextId[kind], usedId + 1)
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
      d.patchRecord(e.recordId, { rating: e.score, ratedAt: e.at })
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
    // Grades belong to a day's assessment, not to the live hall; the store keeps them.
    case 'clerkGraded':
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
    case 'settingsSaved':
      d.state.settings = e.settings
      d.changes.settings = e.settings
      return
    case 'emergencyStarted':
      d.state.emergency = e.emergency
      d.changes.emergency = { value: e.emergency }
      return
    case 'emergencyEnded':
      d.state.emergency = null
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
      d.state.tickets = {}
      d.state.records = {}
      d.state.periods = {}
      d.state.lastSeq = {}
      d.state.businessDay = e.nextBusinessDay
      d.changes.businessDay = e.nextBusinessDay
      return
    }
  }
}

/** Applies a batch of events; returns the new state and the final version of everything touched. */
export function evolve(state: HallState, events: readonly HallEvent[]): { state: HallState; changes: Changes } {
  const draft = new Draft(state)
  for (const e of events) apply(draft, e)
  return { state: draft.state, changes: draft.changes }
}
