import { up as initial } from './001-initial'

export interface CentralMigration {
  version: number
  name: string
  up: string
}

/** Append only: a released migration never changes; fix forward with a new one. */
export const CENTRAL_MIGRATIONS: readonly CentralMigration[] = [{ version: 1, name: 'initial', up: initial }]

export const CENTRAL_SCHEMA_VERSION = CENTRAL_MIGRATIONS.at(-1)!.version
