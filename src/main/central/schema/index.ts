import { up as initial } from './001-initial'
import { up as dayRollups } from './002-day-rollups'
import { up as groupConfig } from './003-group-config'

export interface CentralMigration {
  version: number
  name: string
  up: string
}

/**
 * Append only, in version order: a released migration never changes; fix forward with a new one.
 * The runner applies every version the database has not recorded, so a version numbered below
 * one already applied (two branches landing in either order) still runs.
 */
export const CENTRAL_MIGRATIONS: readonly CentralMigration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'day-rollups', up: dayRollups },
  { version: 3, name: 'group-config', up: groupConfig },
]

export const CENTRAL_SCHEMA_VERSION = CENTRAL_MIGRATIONS.at(-1)!.version
