/**
 * Ships the hub's committed event log and day facts to the centre's PostgreSQL, off the command
 * path: commands commit to SQLite as always and only wake the shipper, which reads the log after
 * the centre's position and writes it in batches (ingest.ts). Nothing ever waits for it.
 *
 * At least once, stored exactly once: after any failure — the centre's database stopped, the
 * network cut for hours, this hub killed mid-batch — the shipper asks the centre where its copy
 * ends and reads on from there. The centre accepts only the batch that continues its copy.
 *
 * No attempt can hang: each one (connect, ask, write, commit) has an overall deadline. When it
 * passes — the database went away without closing the connection, a lock is never granted, a
 * network cut leaves the socket open — the connection is cut, the attempt counts as failed and
 * the next one starts on a new connection. The server's own statement and idle-in-transaction
 * timeouts (database.ts) end what the cut left behind on its side.
 */
import type pg from 'pg'
import type { Logger } from 'pino'
import type { CentralLinkStatus } from '../../shared/central-link'
import { CENTRAL_SCHEMA_VERSION, centralSchemaVersion, cutClient, Partitions } from '../central/database'
import { centralPosition, closedDaysHeld, writeBatch, type HallBatch, type HallBoard, type HallConfig, type ShippedDay } from '../central/ingest'
import type { OutboxReader } from './reader'

export interface CentralLinkConfig {
  url: string
  hallCode: string
  /** Null: the hall's own name from its settings. */
  hallName: string | null
  region: string
}

/** Today as the hub counts it now: its facts, the names they need and the live board. */
export interface LiveSnapshot {
  businessDay: string
  /** The hall's name in its settings. */
  hallName: string
  day: ShippedDay
  config: HallConfig
  board: HallBoard
}

export interface ShipperOptions {
  /** Opens a connection of the shipper's own to the centre's database (database.ts openClient). */
  connect: () => Promise<pg.Client>
  reader: OutboxReader
  link: CentralLinkConfig
  live: () => LiveSnapshot
  logger: Logger
  now?: () => number
  /** Logged commands per batch. */
  batchSize?: number
  /** Closed days per batch. */
  daysPerBatch?: number
  /** Today's facts are sent at most this often (and when idle, at least this often). */
  liveEveryMs?: number
  /** Pause after a commit before shipping, so that a burst goes in one batch. */
  gatherMs?: number
  /** Retry after a failure: from this, doubling up to maxBackoffMs. */
  backoffMs?: number
  maxBackoffMs?: number
  /** The most one attempt may take, connecting included, before it is cut and retried. */
  attemptTimeoutMs?: number
}

/** Default deadline of one attempt: far above a batch's normal second, far below "for ever". */
export const ATTEMPT_TIMEOUT_MS = 30_000

export class AttemptTimeoutError extends Error {
  constructor(ms: number) {
    super(`the centre's database did not answer within ${Math.round(ms / 1000)} s; the connection was cut and will be opened again`)
    this.name = 'AttemptTimeoutError'
  }
}

/** Thrown inside an attempt that was given up (its deadline passed): it must change nothing. */
class AbandonedError extends Error {}

export class SchemaNotReadyError extends Error {
  constructor(found: number) {
    super(`the centre's database has schema version ${found}, this hub needs ${CENTRAL_SCHEMA_VERSION}: start the centre (npm run central) first`)
    this.name = 'SchemaNotReadyError'
  }
}

export class Shipper {
  private readonly partitions = new Partitions()
  private readonly now: () => number
  private position: number | null = null
  /** The centre's position as last heard, kept while it cannot be reached (for "behind"). */
  private known: number | null = null
  private held: Set<string> | null = null
  private connected = false
  private lastShippedAt: number | null = null
  private lastLiveAt = 0
  private lastLiveSeq = -1
  private error: string | null = null
  private stopped = false
  private wakeUp: (() => void) | null = null
  private woken = false
  private loop: Promise<void> | null = null
  private lastConfig = ''
  private hallName: string | null = null
  private client: pg.Client | null = null
  /** Numbers the attempts: one that is given up sees a newer number and stops. */
  private attempt = 0

  constructor(private readonly o: ShipperOptions) {
    this.now = o.now ?? Date.now
  }

  start(): void {
    this.loop ??= this.run()
  }

  /** A command was committed: ship soon. Cheap, never throws, never waits. */
  wake(): void {
    this.woken = true
    this.wakeUp?.()
  }

  status(): CentralLinkStatus {
    return {
      configured: true,
      hallCode: this.o.link.hallCode,
      hallName: this.o.link.hallName ?? this.hallName,
      region: this.o.link.region,
      connected: this.connected,
      behind: this.known === null ? null : Math.max(0, this.o.reader.head() - this.known),
      lastShippedAt: this.lastShippedAt,
      error: this.error,
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wakeUp?.()
    await this.loop
    const client = this.client
    this.client = null
    if (client) {
      // A polite goodbye when the server answers, a cut when it does not.
      const ended = client.end().catch(() => {})
      let timer: NodeJS.Timeout | undefined
      await Promise.race([ended, new Promise((r) => (timer = setTimeout(r, 1000)))])
      clearTimeout(timer)
      cutClient(client)
    }
  }

  /** One attempt under its deadline; a late attempt is abandoned and its connection cut. */
  private async attemptOnce(): Promise<boolean> {
    const attempt = ++this.attempt
    const ms = this.o.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AttemptTimeoutError(ms)), ms)
    })
    try {
      return await Promise.race([this.shipOnce(attempt), deadline])
    } catch (err) {
      // Whatever the connection is in the middle of, it is not used again.
      this.attempt++
      this.dropConnection()
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  private dropConnection(): void {
    if (this.client) cutClient(this.client)
    this.client = null
  }

  /** The shipper's connection, opened when there is none; throws once the attempt is given up. */
  private async connection(attempt: number): Promise<pg.Client> {
    if (this.client) return this.client
    const client = await this.o.connect()
    if (attempt !== this.attempt) {
      cutClient(client)
      throw new AbandonedError()
    }
    this.client = client
    return client
  }

  /** After each wait: an attempt given up meanwhile stops here and changes nothing. */
  private current(attempt: number): void {
    if (attempt !== this.attempt) throw new AbandonedError()
  }

  private async run(): Promise<void> {
    let backoff = this.o.backoffMs ?? 1000
    while (!this.stopped) {
      try {
        const more = await this.attemptOnce()
        this.connected = true
        this.error = null
        backoff = this.o.backoffMs ?? 1000
        if (!more) await this.sleep(this.o.liveEveryMs ?? 5000, true)
      } catch (err) {
        if (this.connected || this.error === null) this.o.logger.warn({ err }, 'cannot reach the centre; the hall goes on and ships later')
        this.connected = false
        this.error = err instanceof Error ? err.message : String(err)
        // Ask the centre where its copy ends once it answers again.
        this.position = null
        this.held = null
        await this.sleep(backoff, false)
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs ?? 30_000)
      }
    }
  }

  /** Waits `ms`, or (when `wakeable`) until a commit wakes it plus a short gathering pause. */
  private async sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped) return
    if (wakeable && this.woken) {
      this.woken = false
      await new Promise((r) => setTimeout(r, this.o.gatherMs ?? 200))
      return
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = () => {
        if (wakeable || this.stopped) done()
      }
    })
    this.wakeUp = null
    if (wakeable && this.woken && !this.stopped) {
      this.woken = false
      await new Promise((r) => setTimeout(r, this.o.gatherMs ?? 200))
    }
  }

  /** One batch; true when there is more to send right away. */
  private async shipOnce(attempt: number): Promise<boolean> {
    const db = await this.connection(attempt)
    if (this.position === null || this.held === null) {
      const version = await centralSchemaVersion(db)
      this.current(attempt)
      if (version < CENTRAL_SCHEMA_VERSION) throw new SchemaNotReadyError(version)
      const position = await centralPosition(db, this.o.link.hallCode)
      const held = await closedDaysHeld(db, this.o.link.hallCode)
      this.current(attempt)
      this.position = position
      this.known = position
      this.held = held
      this.lastConfig = ''
    }
    const reader = this.o.reader
    const afterSeq = this.position
    // Read everything of the batch in one synchronous turn: the log, the closed days and today
    // describe the same moment.
    const entries = reader.entriesAfter(afterSeq, this.o.batchSize ?? 2000)
    const hubSeq = reader.head()
    const held = this.held
    const pending = reader.closedDays().filter((d) => !held.has(d))
    const days: ShippedDay[] = []
    for (const d of pending.slice(0, this.o.daysPerBatch ?? 20)) {
      const day = reader.closedDay(d)
      if (day) days.push(day)
    }
    const now = this.now()
    const liveDue = hubSeq !== this.lastLiveSeq || now - this.lastLiveAt >= (this.o.liveEveryMs ?? 5000)
    if (entries.length === 0 && days.length === 0 && !liveDue) return false
    const live = this.o.live()
    this.hallName = live.hallName
    const configText = JSON.stringify(live.config)
    const batch: HallBatch = {
      hall: { code: this.o.link.hallCode, name: this.o.link.hallName ?? live.hallName, region: this.o.link.region },
      afterSeq,
      hubSeq,
      businessDay: live.businessDay,
      entries,
      // Today's facts only when the log is shipped through them, so that the centre's figures
      // never run ahead of the events it holds.
      days: entries.length > 0 && entries[entries.length - 1]!.seq < hubSeq ? days : [...days, live.day],
      config: configText === this.lastConfig ? null : live.config,
      board: live.board,
    }
    const answer = await writeBatch(db, this.partitions, batch, now)
    this.current(attempt)
    this.position = answer.lastSeq
    this.known = answer.lastSeq
    if (!answer.accepted) return true
    for (const d of days) held.add(d.facts.businessDay)
    this.lastConfig = configText
    this.lastShippedAt = now
    if (batch.days.includes(live.day)) {
      this.lastLiveAt = now
      this.lastLiveSeq = hubSeq
    }
    return answer.lastSeq < hubSeq || pending.length > days.length
  }
}
