/**
 * Ships the hub's committed event log and day facts to the centre's PostgreSQL, off the command
 * path: commands commit to SQLite as always and only wake the shipper, which reads the log after
 * the centre's position and writes it in batches (ingest.ts). Nothing ever waits for it.
 *
 * At least once, stored exactly once: after any failure — the centre's database stopped, the
 * network cut for hours, this hub killed mid-batch — the shipper asks the centre where its copy
 * ends and reads on from there. The centre accepts only the batch that continues its copy.
 */
import type { Logger } from 'pino'
import type { CentralLinkStatus } from '../../shared/central-link'
import { CENTRAL_SCHEMA_VERSION, centralSchemaVersion, Partitions, type Pool } from '../central/database'
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
  pool: Pool
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
}

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
  }

  private async run(): Promise<void> {
    let backoff = this.o.backoffMs ?? 1000
    while (!this.stopped) {
      try {
        const more = await this.shipOnce()
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
  private async shipOnce(): Promise<boolean> {
    const pool = this.o.pool
    if (this.position === null || this.held === null) {
      const version = await centralSchemaVersion(pool)
      if (version < CENTRAL_SCHEMA_VERSION) throw new SchemaNotReadyError(version)
      this.position = await centralPosition(pool, this.o.link.hallCode)
      this.known = this.position
      this.held = await closedDaysHeld(pool, this.o.link.hallCode)
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
    const answer = await writeBatch(pool, this.partitions, batch, now)
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
