/**
 * Personal data never leaves the hall (docs/central.md): before an event is shipped, phone
 * numbers (even masked) and free text — a service's note, a complaint's summary, a grade's
 * comment — are removed. Nothing the reports count depends on them.
 */
import type { Ticket } from '../../shared/domain'
import type { HallEvent } from '../../shared/events'

function scrubTicket(ticket: Ticket): Ticket {
  return ticket.contact === null ? ticket : { ...ticket, contact: null }
}

export function scrubEvent(event: HallEvent): HallEvent {
  switch (event.type) {
    case 'ticketIssued':
      return { ...event, ticket: scrubTicket(event.ticket) }
    case 'serviceFinished':
      return { ...event, note: '', complaint: event.complaint === null ? null : { ...event.complaint, summary: '', contact: null } }
    case 'ticketTransferred':
      return { ...event, note: '' }
    case 'clerkGraded':
      return { ...event, comment: '' }
    default:
      return event
  }
}
