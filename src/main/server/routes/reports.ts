/**
 * The manager's reports under /api/v1/reports: summary of a day or range, the day's
 * assessment, the recomputation check, and exports (XLSX / CSV) as jobs with progress.
 */
import type { FastifyInstance } from 'fastify'
import type { ExtensionFactory } from '../../app'
import { AppError } from '../../../shared/errors'
import { REPORT_PATHS } from '../../../shared/reports'
import type { Hall } from '../../hall'
import { ReportArchive } from '../../reports/archive'
import { ReportService, type LiveDay } from '../../reports/report-service'
import { dayParam, requireRole } from '../request'

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

export function reportRoutes(hall: Hall, reports: ReportService) {
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
  }
}

/** Plugs the reports into the hub (app.ts EXTENSIONS). */
export const reportsExtension: ExtensionFactory = ({ hall, db }) => {
  const reports = reportServiceOf(hall, new ReportArchive(db))
  return { routes: [reportRoutes(hall, reports)] }
}
