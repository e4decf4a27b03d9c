/**
 * Where generated days go. A data folder that already holds anything is someone's hall (or
 * their logs): it is left alone unless --force, and --force replaces only the hall database.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

export const DATABASE_FILE = 'hallq.db'

export class DataFolderError extends Error {
  override name = 'DataFolderError'
}

/** Makes sure `dir` can take a new hall; returns the database path in it. */
export function prepareDataFolder(dir: string, force: boolean): string {
  mkdirSync(dir, { recursive: true })
  const entries = readdirSync(dir)
  if (entries.length > 0 && !force) {
    throw new DataFolderError(`${dir} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}). Choose an empty folder, or add --force to replace the hall database in it.`)
  }
  const file = join(dir, DATABASE_FILE)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) rmSync(file + suffix)
  }
  return file
}
