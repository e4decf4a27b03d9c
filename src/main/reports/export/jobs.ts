/**
 * Exports as jobs: the file is written in the background while the caller polls its progress,
 * then downloaded with a known length (docs/decisions/008-exports-as-jobs.md). Files live in a
 * folder of their own and are removed after a while.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, isAppError } from '../../../shared/errors'
import type { ExportFormat, ExportJob } from '../../../shared/reports'
import { errorMessage } from '../../../shared/locales/index'
import { tableRows, writeCsv, writeXlsx, type AnyTable } from './writers'

export interface ExportContent {
  fileName: string
  tables: AnyTable[]
  timeZone: string
}

interface Entry {
  job: ExportJob
  path: string
  expires: number
}

export interface ExportJobsOptions {
  dir: string
  /** How long a finished file can be fetched. */
  keepMs?: number
  maxRunning?: number
  clock?: () => number
}

export const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

export class ExportJobs {
  private readonly jobs = new Map<string, Entry>()
  private readonly keepMs: number
  private readonly maxRunning: number
  private readonly clock: () => number
  private readonly running = new Set<Promise<void>>()

  constructor(private readonly options: ExportJobsOptions) {
    this.keepMs = options.keepMs ?? 15 * 60_000
    this.maxRunning = options.maxRunning ?? 2
    this.clock = options.clock ?? Date.now
    rmSync(options.dir, { recursive: true, force: true })
    mkdirSync(options.dir, { recursive: true })
  }

  /** Starts writing; `content` is built (and may throw, e.g. a bad range) before the job exists. */
  start(format: ExportFormat, content: () => ExportContent): ExportJob {
    this.sweep()
    if ([...this.jobs.values()].filter((e) => e.job.state === 'running').length >= this.maxRunning) throw new AppError('TOO_MANY_EXPORTS')
    const c = content()
    const id = randomBytes(16).toString('hex')
    const path = join(this.options.dir, `${id}.${format}`)
    const job: ExportJob = {
      id,
      state: 'running',
      format,
      fileName: c.fileName,
      done: 0,
      total: c.tables.reduce((n, t) => n + tableRows(t), 0),
      bytes: null,
      error: null,
      createdAt: this.clock(),
    }
    const entry: Entry = { job, path, expires: Number.POSITIVE_INFINITY }
    this.jobs.set(id, entry)
    const progress = (done: number) => (job.done = done)
    const write = format === 'xlsx' ? writeXlsx(path, c.tables, c.timeZone, progress) : writeCsv(path, c.tables[0]!, c.timeZone, progress)
    const run = write.then(
      () => {
        job.state = 'done'
        job.done = job.total
        job.bytes = statSync(path).size
      },
      (err: unknown) => {
        const code = isAppError(err) ? err.code : 'INTERNAL'
        job.state = 'failed'
        job.error = { code, message: errorMessage(code) }
        rmSync(path, { force: true })
      },
    )
    const settled = run.finally(() => {
      entry.expires = this.clock() + this.keepMs
      this.running.delete(settled)
    })
    this.running.add(settled)
    return { ...job }
  }

  get(id: string): ExportJob {
    this.sweep()
    const entry = this.jobs.get(id)
    if (!entry) throw new AppError('NOT_FOUND', { export: id })
    return { ...entry.job }
  }

  /** The finished file. */
  file(id: string): { path: string; job: ExportJob; mime: string } {
    const job = this.get(id)
    if (job.state === 'failed') throw new AppError('NOT_FOUND', { export: id, error: job.error })
    if (job.state !== 'done') throw new AppError('EXPORT_NOT_READY', { done: job.done, total: job.total })
    return { path: this.jobs.get(id)!.path, job, mime: MIME[job.format] }
  }

  /** Waits for every running job (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running])
  }

  async close(): Promise<void> {
    await this.idle()
    this.jobs.clear()
    rmSync(this.options.dir, { recursive: true, force: true })
  }

  private sweep(): void {
    const now = this.clock()
    for (const [id, e] of this.jobs) {
      if (e.expires > now) continue
      rmSync(e.path, { force: true })
      this.jobs.delete(id)
    }
  }
}
