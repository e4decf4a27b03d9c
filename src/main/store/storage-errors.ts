/**
 * What SQLite's failures mean to someone at a counter: the disk is full or failing, or another
 * program holds the database. Either way nothing was saved, and saying so is better than
 * "internal error".
 */
export function storageProblem(err: unknown): 'STORAGE_FULL' | 'STORAGE_BUSY' | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return 'STORAGE_FULL'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'STORAGE_BUSY'
  return null
}
