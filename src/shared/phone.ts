/**
 * The customer's phone page: the ticket's QR opens `/t/<business day>/<number>?k=<key>` on the
 * hub's guest Wi-Fi address. The page reads only its own ticket, through the paths below, and
 * the key proves it was printed on that ticket (docs/api.md, "The customer's phone").
 * Kept free of runtime imports: the phone page ships it.
 */
import type { Satisfaction } from './domain'

export const PHONE_PAGE_PREFIX = '/t/'
export const PHONE_API_PREFIX = '/api/v1/phone'

export const PHONE_PATHS = {
  page: (day: string, number: string) => `${PHONE_PAGE_PREFIX}${day}/${number}`,
  ticket: (day: string, number: string) => `${PHONE_API_PREFIX}/${day}/${number}`,
  stream: (day: string, number: string) => `${PHONE_API_PREFIX}/${day}/${number}/stream`,
  rating: (day: string, number: string) => `${PHONE_API_PREFIX}/${day}/${number}/rating`,
} as const

/** A ticket number as printed: one to three letters, then digits. */
export const TICKET_NUMBER = /^[A-Z]{1,3}\d{1,7}$/
export const BUSINESS_DAY = /^\d{4}-\d{2}-\d{2}$/
/** The key: 16 base64url characters (96 random bits). */
export const PHONE_KEY = /^[A-Za-z0-9_-]{16}$/

/** The link printed as the ticket's QR; `base` is the hub's guest address (settings.phone.guestUrl). */
export function phoneUrl(base: string, day: string, number: string, key: string): string {
  return `${base.replace(/\/+$/, '')}${PHONE_PATHS.page(day, number)}?k=${key}`
}

/** host[:port] of the guest address, lower case, as a browser sends it in Host; null when unset. */
export function guestHostOf(guestUrl: string): string | null {
  const m = /^https?:\/\/([\w.-]+(?::\d{1,5})?)\/?$/i.exec(guestUrl.trim())
  return m ? m[1]!.toLowerCase() : null
}

/** Where the ticket is, in the customer's terms. */
export type PhoneTicketState = 'waiting' | 'called' | 'serving' | 'done' | 'missed' | 'closed'

/**
 * Everything the phone page shows, and nothing more: the ticket's own state, the count of people
 * ahead of it and the estimate, and the counter when called — no other numbers, no clerk, no notes.
 */
export interface PhoneTicketView {
  businessDay: string
  number: string
  hallName: { zh: string; en: string }
  service: { zh: string; en: string }
  state: PhoneTicketState
  /** People ahead in line while waiting, else null. */
  ahead: number | null
  /** Estimated minutes while waiting; null when no open counter serves the service. */
  minutes: number | null
  /** The counter that called the ticket (called, serving, missed). */
  counter: { id: number; name: string } | null
  /** How many times it has been called this visit (a recall counts again). */
  callCount: number
  missedCallRule: 'requeue' | 'reissue'
  requeuePlaces: number
  /** After the visit: 'offered' (may rate once), 'given' (this visit is rated), 'none'. */
  rating: 'offered' | 'given' | 'none'
  asOf: number
}

/** Messages on the phone's own stream: only its ticket's view, and pongs. */
export type PhoneStreamMessage = { type: 'ticket'; ticket: PhoneTicketView } | { type: 'gone' } | { type: 'pong' }

export interface PhoneRating {
  score: Satisfaction
}
