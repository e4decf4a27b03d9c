/**
 * What a public screen receives: the hall without the text staff write about customers.
 * A display on the wall, a kiosk in the lobby and a customer's rating tablet show numbers,
 * counters and names — never a service's note, a transfer note, a complaint, a grade's comment,
 * the items a clerk ticked or a phone number, even masked. The hub sends such terminals this
 * view, in the snapshot and in every streamed event (docs/deployment.md §8); the shapes stay
 * the same, so `evolve` runs on them as on the full hall.
 */
import type { ServiceRecord, Ticket } from './domain'
import type { HallEvent, LoggedCommand } from './events'
import type { HallState } from './hall-state'

function publicTicket(t: Ticket): Ticket {
  return t.contact === null ? t : { ...t, contact: null }
}

function publicRecord(r: ServiceRecord): ServiceRecord {
  return r.note === '' && r.complaint === null && r.items.length === 0 ? r : { ...r, note: '', complaint: null, items: [] }
}

export function publicEvent(e: HallEvent): HallEvent {
  switch (e.type) {
    case 'ticketIssued':
      return e.ticket.contact === null ? e : { ...e, ticket: publicTicket(e.ticket) }
    case 'serviceFinished':
      return { ...e, note: '', items: [], complaint: null }
    case 'ticketTransferred':
      return { ...e, note: '', items: [] }
    case 'clerkGraded':
      return { ...e, comment: '' }
    case 'visitChecked':
    case 'followUpRecorded':
      return { ...e, note: '' }
    default:
      return e
  }
}

export function publicState(state: HallState): HallState {
  const tickets: HallState['tickets'] = {}
  for (const t of Object.values(state.tickets)) tickets[t.id] = publicTicket(t)
  const records: HallState['records'] = {}
  for (const r of Object.values(state.records)) records[r.id] = publicRecord(r)
  // No contact reaches a public screen, so its hall counts none: the same whether it joined
  // before or after the hall took phone numbers, and it cannot tell how many the hall keeps.
  return { ...state, tickets, records, nextId: { ...state.nextId, contact: 1 } }
}

const publicLogs = new WeakMap<LoggedCommand, LoggedCommand>()

/** A logged command as a public screen receives it (made once per command, however many screens). */
export function publicLogged(logged: LoggedCommand): LoggedCommand {
  let view = publicLogs.get(logged)
  if (!view) {
    view = { ...logged, events: logged.events.map(publicEvent) }
    publicLogs.set(logged, view)
  }
  return view
}
