/**
 * The data folder, checked before anything is opened in it: a folder that cannot be created or
 * written to is one sentence naming it and saying what to do, not an SQLite or file-system error
 * from somewhere inside the start.
 */
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class DataFolderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataFolderError'
  }
}

const codeOf = (err: unknown) => ((err as { code?: unknown } | null)?.code as string | undefined) ?? 'unknown'

/** Creates `dir` when missing and proves it writable (and the database in it); throws a DataFolderError otherwise. */
export function checkDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw new DataFolderError(
      `数据文件夹 ${dir} 无法创建 / The data folder ${dir} does not exist and cannot be created (${codeOf(err)}): ` +
        'connect the drive it is on, or create it and let this user write to it, or start with --data pointing at a folder that can be written.',
    )
  }
  const probe = join(dir, `.write-test-${process.pid}`)
  const files = ['hallq.db', 'hallq.db-wal', 'hallq.db-shm', 'logs', join('logs', 'hallq.log')].map((f) => join(dir, f))
  try {
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
    for (const f of files) {
      try {
        accessSync(f, constants.W_OK)
      } catch (err) {
        if (codeOf(err) !== 'ENOENT') throw err
      }
    }
  } catch (err) {
    throw new DataFolderError(
      `数据文件夹 ${dir} 只读 / The data folder ${dir} cannot be written to (${codeOf(err)}): ` +
        'give this user write permission on it and its files (or remount the drive read-write), or start with --data pointing at a folder that can be written.',
    )
  }
}
