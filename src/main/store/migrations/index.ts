import { up as initial } from './001-initial'
import { up as reports } from './002-reports'
import { up as terminals } from './003-terminals'
import { up as contacts } from './004-contacts'
import { up as ticketsDayIndex } from './005-tickets-day-index'
import { up as eventLogRowid } from './006-event-log-rowid'
import { up as dropClerkDayIndex } from './007-drop-clerk-day-index'
import { up as phoneLinks } from './008-phone-links'
import { up as ratingReason } from './009-rating-reason'
import { up as complaints } from './010-complaints'
import { up as assessmentInputs } from './012-assessment-inputs'
import { up as incidents } from './013-incidents'
import { up as clerkPhotos } from './014-clerk-photos'

export interface Migration {
  version: number
  name: string
  up: string
}

/** Append only. A migration, once released, never changes; fix forward with a new one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'reports', up: reports },
  { version: 3, name: 'terminals', up: terminals },
  { version: 4, name: 'contacts', up: contacts },
  { version: 5, name: 'tickets-day-index', up: ticketsDayIndex },
  { version: 6, name: 'event-log-rowid', up: eventLogRowid },
  { version: 7, name: 'drop-clerk-day-index', up: dropClerkDayIndex },
  { version: 8, name: 'phone-links', up: phoneLinks },
  { version: 9, name: 'rating-reason', up: ratingReason },
  { version: 10, name: 'complaints', up: complaints },
  { version: 12, name: 'assessment-inputs', up: assessmentInputs },
  { version: 13, name: 'incidents', up: incidents },
  { version: 14, name: 'clerk-photos', up: clerkPhotos },
]

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version
