/**
 * The manager's reports under /api/v1/reports: summary of a day or range, the day's
 * assessment, the recomputation check, and exports (XLSX / CSV) as jobs with progress.
 */
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ExtensionFactory } from '../../app'
import { AppError } from '../../../shared/errors'
import { EXPORT_FORMATS, REPORT_PATHS, REPORT_TABLES } from '../../../shared/reports'
import type { Hall } from '../../hall'
import { ReportArchive } from '../../reports/archive'
import { ExportJobs } from '../../reports/export/jobs'
import { exportContent, ReportService, type LiveDay } from '../../reports/report-service'
import { dayParam, header, requireRole } from '../request'

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

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'business day as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date')
const exportRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    from: day,
    to: day,
    tables: z.array(z.enum(REPORT_TABLES)).min(1).max(REPORT_TABLES.length).optional(),
  })
  .strict()

export function reportRoutes(hall: Hall, reports: ReportService, exports: ExportJobs) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { day?: string; from?: string; to?: string } }>(REPORT_PATHS.summary, async (request) => {
      requireRole(hall, request, 'manager')
      const { from, to } = rangeParams(request.query, hall.state.businessDay)
      return reports.summary(from, to)
    })

    app.get<{ Querystring: { from?: string; to?: string } }>(REPORT_PATHS.days, async (request) => {
      requireRole(hall, request, 'manager')
      const today = hall.state.businessDay
      const from = request.query.from === undefined ? '0000-01-01' : dayParam(request.query.from, 'from')
      const to = request.query.to === undefined ? today : dayParam(request.query.to, 'to')
      return { today, closed: reports.archive.closedDays(from, to) }
    })

    app.get<{ Params: { day: string } }>(`${REPORT_PATHS.days}/:day/assessment`, async (request) => {
      requireRole(hall, request, 'manager')
      return reports.assessment(dayParam(request.params.day))
    })

    app.get<{ Params: { day: string } }>(`${REPORT_PATHS.days}/:day/verify`, async (request) => {
      requireRole(hall, request, 'manager')
      return reports.verify(dayParam(request.params.day))
    })

    app.post(REPORT_PATHS.exports, async (request, reply) => {
      requireRole(hall, request, 'manager')
      const parsed = exportRequest.safeParse(request.body ?? {})
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })))
      const job = exports.start(parsed.data.format, () => exportContent(reports, parsed.data))
      return reply.status(202).send(job)
    })

    app.get<{ Params: { id: string } }>(`${REPORT_PATHS.exports}/:id`, async (request) => {
      requireRole(hall, request, 'manager')
      return exports.get(request.params.id)
    })

    // The job id is an unguessable, short-lived capability handed to a manager, so a plain link
    // (browser download, Electron downloadURL) can fetch the file without a header; a token, if
    // sent, must still be a manager's.
    app.get<{ Params: { id: string } }>(`${REPORT_PATHS.exports}/:id/file`, async (request, reply) => {
      if (header(request, 'authorization') !== undefined) requireRole(hall, request, 'manager')
      const { path, job, mime } = exports.file(request.params.id)
      return reply
        .header('content-type', mime)
        .header('content-length', String(job.bytes))
        .header('content-disposition', `attachment; filename="report.${job.format}"; filename*=UTF-8''${encodeURIComponent(job.fileName)}`)
        .header('cache-control', 'no-store')
        .send(createReadStream(path))
    })
  }
}

/** Plugs the reports into the hub (app.ts EXTENSIONS). */
export const reportsExtension: ExtensionFactory = ({ hall, db, dataDir }) => {
  const reports = reportServiceOf(hall, new ReportArchive(db))
  const exports = new ExportJobs({ dir: join(dataDir, 'exports') })
  return { routes: [reportRoutes(hall, reports, exports)], close: () => exports.close() }
}
