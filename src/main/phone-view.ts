/**
 * The customer's phone page as the hall sees it: one ticket's own state, its place in line with
 * the kiosk's estimator, and the counter when called — built from the live state, nothing else.
 */
import type { ServiceRecord, Ticket } from '../shared/domain'
import { dayLists, type DayLists, type HallState } from '../shared/hall-state'
import type { PhoneTicketState, PhoneTicketView } from '../shared/phone'
import { estimateWaitOf } from '../shared/wait-estimate'

const STATE: Record<Ticket['status'], PhoneTicketState> = {
  waiting: 'waiting',
  called: 'called',
  serving: 'serving',
  done: 'done',
  no_show: 'missed',
  cancelled: 'closed',
  expired: 'closed',
}

/** The ticket's latest service record of the day (its visit at a counter), if any. */
export function lastRecordOf(ticket: Ticket, lists: DayLists): ServiceRecord | null {
  const records = lists.records
  for (let i = records.length - 1; i >= 0; i--) if (records[i]!.ticketId === ticket.id) return records[i]!
  return null
}

/** The visit a customer may rate from the phone: the finished ticket's last service, not yet rated. */
export function ratableRecordOf(state: HallState, ticket: Ticket, lists: DayLists = dayLists(state)): ServiceRecord | null {
  if (ticket.status !== 'done') return null
  const r = lastRecordOf(ticket, lists)
  if (!r || r.endedAt === null || r.rating !== null) return null
  return r.outcome === 'completed' || r.outcome === 'pending' ? r : null
}

export function phoneViewOf(state: HallState, ticket: Ticket, now: number, lists: DayLists = dayLists(state)): PhoneTicketView {
  const service = state.services[ticket.serviceId] ?? state.services[ticket.issuedServiceId]
  const view = STATE[ticket.status]
  const estimate = view === 'waiting' ? estimateWaitOf(state, ticket, now, lists) : null
  const counter = (view === 'called' || view === 'serving' || view === 'missed') && ticket.counterId !== null ? state.counters[ticket.counterId] : undefined
  let rating: PhoneTicketView['rating'] = 'none'
  if (view === 'done' && state.settings.phone.rating) {
    const last = lastRecordOf(ticket, lists)
    if (last?.rating != null) rating = 'given'
    else if (ratableRecordOf(state, ticket, lists)) rating = 'offered'
  }
  return {
    businessDay: ticket.businessDay,
    number: ticket.number,
    hallName: { zh: state.settings.hall.name, en: state.settings.hall.nameEn },
    service: { zh: service?.nameZh ?? ticket.serviceId, en: service?.nameEn ?? ticket.serviceId },
    state: view,
    ahead: estimate ? estimate.ahead : null,
    minutes: estimate ? estimate.minutes : null,
    counter: counter ? { id: counter.id, name: counter.name } : null,
    callCount: ticket.callCount,
    missedCallRule: state.settings.queue.missedCallRule,
    requeuePlaces: state.settings.queue.requeuePlaces,
    rating,
    asOf: now,
  }
}
