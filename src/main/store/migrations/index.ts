import { up as initial } from './001-initial'
import { up as ticketsDayIndex } from './002-tickets-day-index'
import { up as eventLogRowid } from './003-event-log-rowid'

export interface Migration {
  version: number
  name: string
  up: string
}

/** Append only. A migration, once released, never changes; fix forward with a new one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'tickets-day-index', up: ticketsDayIndex },
  { version: 3, name: 'event-log-rowid', up: eventLogRowid },
]

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version
