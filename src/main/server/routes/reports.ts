/**
 * The manager's reports under /api/v1/reports: summary of a day or range, the day's
 * assessment, the recomputation check, and exports (XLSX / CSV) as jobs with progress.
 */
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ExtensionFactory, ExtensionQuery } from '../../app'
import { AppError } from '../../../shared/errors'
import { EXPORT_FORMATS, REPORT_PATHS, REPORT_READS, REPORT_TABLES, type ExportJob, type ReportReadName, type ReportReads } from '../../../shared/reports'
import type { Credentials, Hall } from '../../hall'
import { ReportArchive } from '../../reports/archive'
import { ExportJobs } from '../../reports/export/jobs'
import { exportContent, ReportService, type LiveDay } from '../../reports/report-service'
import { isCalendarDay } from '../../../shared/domain'
import { credentials, dayParam, header, requireRoleOf } from '../request'

/** The business day in progress, from the live hall. */
export function liveDayOf(hall: Hall): LiveDay {
  const s = hall.state
  return {
    businessDay: s.businessDay,
    rows: { businessDay: s.businessDay, tickets: Object.values(s.tickets), records: Object.values(s.records), periods: Object.values(s.periods) },
    services: s.services,
    counters: s.counters,
    clerks: s.clerks,
    settings: s.settings,
    asOf: hall.now(),
    complaints: (from, to) => hall.complaintsTaken(from, to),
  }
}

export function reportServiceOf(hall: Hall, archive: ReportArchive): ReportService {
  return new ReportService(archive, () => liveDayOf(hall))
}

/** `?day=` or `?from=&to=`; no parameter means today. */
export function rangeParams(query: { day?: string; from?: string; to?: string }, today: string): { from: string; to: string } {
  if (query.day !== undefined) {
    if (query.from !== undefined || query.to !== undefined) throw new AppError('VALIDATION_FAILED', [{ path: ['day'], message: 'either day, or from and to' }])
    const day = dayParam(query.day)
    return { from: day, to: day }
  }
  if (query.from === undefined && query.to === undefined) return { from: today, to: today }
  if (query.from === undefined || query.to === undefined) throw new AppError('VALIDATION_FAILED', [{ path: [query.from === undefined ? 'from' : 'to'], message: 'from and to go together' }])
  return { from: dayParam(query.from, 'from'), to: dayParam(query.to, 'to') }
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'business day as YYYY-MM-DD').refine(isCalendarDay, 'not a calendar day')
const exportRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    from: day,
    to: day,
    tables: z.array(z.enum(REPORT_TABLES)).min(1).max(REPORT_TABLES.length).optional(),
  })
  .strict()

/** A finished export's file, for whoever sends it: the HTTP route, or the desktop app's save dialog. */
export interface ExportFile {
  path: string
  job: ExportJob
  mime: string
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/**
 * The one implementation of the report reads and exports, for every transport: the HTTP
 * routes below and the desktop app's IPC queries call these with the caller's credentials.
 * Every call needs a manager or admin logged in at a terminal allowed to read.
 */
export class ReportDesk {
  constructor(
    readonly hall: Hall,
    readonly reports: ReportService,
    readonly exports: ExportJobs,
  ) {}

  read<R extends ReportReadName>(name: R, args: Record<string, unknown>, caller: Credentials): ReportReads[R]['result'] | Promise<ReportReads[R]['result']> {
    requireRoleOf(this.hall, caller, 'manager')
    return this.answer(name, args) as ReportReads[R]['result']
  }

  private answer(name: ReportReadName, args: Record<string, unknown>): unknown {
    const today = this.hall.state.businessDay
    switch (name) {
      case 'reportSummary': {
        const { from, to } = rangeParams({ day: text(args.day), from: text(args.from), to: text(args.to) }, today)
        return this.reports.summary(from, to)
      }
      case 'reportDays': {
        const from = args.from === undefined ? '0000-01-01' : dayParam(String(args.from), 'from')
        const to = args.to === undefined ? today : dayParam(String(args.to), 'to')
        return { today, closed: this.reports.archive.closedDays(from, to) } satisfies ReportReads['reportDays']['result']
      }
      case 'reportAssessment':
        return this.reports.assessment(dayParam(String(args.day ?? '')))
      case 'reportVerify':
        return this.reports.verify(dayParam(String(args.day ?? '')))
      case 'reportVisits':
        return this.reports.visits(dayParam(String(args.day ?? '')))
      case 'reportPeriod': {
        const period = args.period
        if (period !== 'week' && period !== 'month') throw new AppError('VALIDATION_FAILED', [{ path: ['period'], message: 'week or month' }])
        return this.reports.periodAssessment(period, args.day === undefined ? today : dayParam(String(args.day)))
      }
      case 'exportJob':
        return this.exports.get(String(args.id ?? ''))
    }
  }

  startExport(body: unknown, caller: Credentials): ExportJob {
    requireRoleOf(this.hall, caller, 'manager')
    const parsed = exportRequest.safeParse(body ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })))
    return this.exports.start(parsed.data.format, () => exportContent(this.reports, parsed.data))
  }

  /**
   * The job id is an unguessable, short-lived capability handed to a manager, so a plain link
   * (browser download) can fetch the file without a token; a token, if sent, must still be a
   * manager's (null: none sent).
   */
  exportFile(id: string, caller: Credentials | null): ExportFile {
    if (caller !== null) requireRoleOf(this.hall, caller, 'manager')
    return this.exports.file(id)
  }

  /** The same calls as in-process queries by name (HallExtension.queries): the desktop app's IPC. */
  queries(): Record<string, ExtensionQuery> {
    const queries: Record<string, ExtensionQuery> = {}
    for (const name of REPORT_READS) queries[name] = (args, caller) => this.read(name, args, caller)
    queries.exportStart = (args, caller) => this.startExport(args.request, caller)
    return queries
  }
}

export function reportRoutes(hall: Hall, desk: ReportDesk) {
  return async (app: FastifyInstance): Promise<void> => {
    type Query = { Querystring: Record<string, string | undefined> }
    const caller = (request: FastifyRequest) => credentials(request, hall)

    app.get<Query>(REPORT_PATHS.summary, async (request) => desk.read('reportSummary', request.query, caller(request)))
    app.get<Query>(REPORT_PATHS.days, async (request) => desk.read('reportDays', request.query, caller(request)))
    app.get<{ Params: { day: string } }>(`${REPORT_PATHS.days}/:day/assessment`, async (request) =>
      desk.read('reportAssessment', { day: request.params.day }, caller(request)),
    )
    app.get<{ Params: { day: string } }>(`${REPORT_PATHS.days}/:day/verify`, async (request) => desk.read('reportVerify', { day: request.params.day }, caller(request)))
    app.get<{ Params: { day: string } }>(`${REPORT_PATHS.days}/:day/visits`, async (request) => desk.read('reportVisits', { day: request.params.day }, caller(request)))
    app.get<{ Params: { period: string }; Querystring: Record<string, string | undefined> }>(REPORT_PATHS.period(':period'), async (request) =>
      desk.read('reportPeriod', { period: request.params.period, day: request.query.day }, caller(request)),
    )

    app.post(REPORT_PATHS.exports, async (request, reply) => reply.status(202).send(desk.startExport(request.body, caller(request))))

    app.get<{ Params: { id: string } }>(`${REPORT_PATHS.exports}/:id`, async (request) => desk.read('exportJob', { id: request.params.id }, caller(request)))

    app.get<{ Params: { id: string } }>(`${REPORT_PATHS.exports}/:id/file`, async (request, reply) => {
      const { path, job, mime } = desk.exportFile(request.params.id, header(request, 'authorization') !== undefined ? caller(request) : null)
      return reply
        .header('content-type', mime)
        .header('content-length', String(job.bytes))
        .header('content-disposition', `attachment; filename="report.${job.format}"; filename*=UTF-8''${encodeURIComponent(job.fileName)}`)
        .header('cache-control', 'no-store')
        .send(createReadStream(path))
    })
  }
}

/**
 * Main's own query for a finished export's file (path included): the desktop app's save
 * dialog copies it. Not a renderer query: IPC forwards only REPORT_QUERY_NAMES.
 */
export const EXPORT_FILE_QUERY = 'exportFile'

/** Plugs the reports into the hub (app.ts EXTENSIONS). */
export const reportsExtension: ExtensionFactory = ({ hall, db, dataDir }) => {
  const reports = reportServiceOf(hall, new ReportArchive(db))
  const exports = new ExportJobs({ dir: join(dataDir, 'exports') })
  const desk = new ReportDesk(hall, reports, exports)
  return {
    routes: [reportRoutes(hall, desk)],
    queries: { ...desk.queries(), [EXPORT_FILE_QUERY]: (args, caller) => desk.exportFile(String(args.id ?? ''), caller) },
    close: () => exports.close(),
  }
}
