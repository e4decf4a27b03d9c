/**
 * A real hall for the simulator: the production database path (openDatabase, migrations,
 * HallStore) and the real Hall service, reading a virtual clock.
 *
 * Bulk mode is for generating history only (simulate --bulk, demo, the benchmarks' data): the
 * connection runs with synchronous=OFF and each simulated day is one transaction, so a year of
 * days is not paced by a disk write and flush per command. Nothing a customer was promised is at
 * stake — an interrupted generation is simply run again — and on close the pragma goes back to
 * FULL and a checkpoint writes and flushes everything. The hub never opens a database this way
 * (docs/decisions/017-bulk-mode.md).
 */
import { randomBytes } from 'node:crypto'
import { dirname } from 'node:path'
import pino, { type Logger } from 'pino'
import { Hall } from '../hall'
import { loadContactKey } from '../security/contact-cipher'
import { openDatabase, type Db } from '../store/database'
import { HallStore } from '../store/hall-store'
import type { DayTransaction } from './simulator'
import type { VirtualClock } from './virtual-clock'

export interface SimulatedHallOptions {
  /** Database file, or ':memory:'. */
  file: string
  clock: VirtualClock
  adminPin: string
  bulk?: boolean
  logger?: Logger
}

export interface SimulatedHall {
  hall: Hall
  db: Db
  clock: VirtualClock
  adminPin: string
  bulk: boolean
  /** In bulk mode, one transaction per simulated day; undefined otherwise. */
  dayTransaction: DayTransaction | undefined
  close(): void
}

export async function openSimulatedHall(options: SimulatedHallOptions): Promise<SimulatedHall> {
  const db = openDatabase(options.file)
  const bulk = options.bulk ?? false
  if (bulk) enterBulkMode(db)
  try {
    const { hall } = await Hall.open({
      store: new HallStore(db),
      clock: options.clock.read,
      logger: options.logger ?? pino({ level: 'silent' }),
      adminPin: options.adminPin,
      // Complaint text is sealed as in any hall: with the key the hub will find beside the file.
      contactKey: options.file === ':memory:' ? randomBytes(32) : loadContactKey(dirname(options.file)),
    })
    return {
      hall,
      db,
      clock: options.clock,
      adminPin: options.adminPin,
      bulk,
      dayTransaction: bulk ? dayTransaction(db) : undefined,
      close: () => closeHallDatabase(db, bulk),
    }
  } catch (err) {
    db.close()
    throw err
  }
}

/** synchronous=OFF for this connection only; it is not stored in the file. */
function enterBulkMode(db: Db): void {
  db.pragma('synchronous = OFF')
  // A day's dirty pages stay in memory until the day commits, and the savepoints' journals too.
  db.pragma('cache_size = -131072')
  db.pragma('temp_store = MEMORY')
}

/**
 * Groups a simulated day's commands into one transaction. Each command's own transaction becomes
 * a savepoint inside it (better-sqlite3 nests them), so a refused command still changes nothing;
 * what is saved is one write of the day's pages instead of one per command.
 */
function dayTransaction(db: Db): DayTransaction {
  return {
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK')
    },
  }
}

function closeHallDatabase(db: Db, bulk: boolean): void {
  if (!db.open) return
  if (db.inTransaction) db.exec('ROLLBACK')
  if (bulk) {
    db.pragma('synchronous = FULL')
    // Moves the whole WAL into the database file and flushes it before we say "done".
    db.pragma('wal_checkpoint(TRUNCATE)')
  }
  db.close()
}
