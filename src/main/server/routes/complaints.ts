/**
 * Complaint cases for the staff who handle them: the list (facts only) for a manager or above,
 * and one case with its text and history for a manager or the clerk who owns or took it. The
 * desktop app's IPC asks the same two queries (`complaints`, `complaint`).
 */
import type { FastifyInstance } from 'fastify'
import { API_PATHS, API_PREFIX } from '../../../shared/api'
import { COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from '../../../shared/complaints'
import { COMPLAINT_CATEGORIES } from '../../../shared/domain'
import { AppError } from '../../../shared/errors'
import type { Hall } from '../../hall'
import type { HubQueries } from '../../hub-queries'
import { credentials, dayParam, intParam, requireRoleOf } from '../request'

function oneOf<T extends string>(raw: unknown, values: readonly T[], name: string): T | null {
  if (raw === undefined || raw === null || raw === '') return null
  if (typeof raw !== 'string' || !(values as readonly string[]).includes(raw)) {
    throw new AppError('VALIDATION_FAILED', [{ path: [name], message: `one of ${values.join(', ')}` }])
  }
  return raw as T
}

export function complaintQueries(hall: Hall) {
  return {
    complaints: async (args, creds) => {
      requireRoleOf(hall, creds, 'manager')
      const status = oneOf(args.status, COMPLAINT_STATUSES, 'status')
      const channel = oneOf(args.channel, COMPLAINT_CHANNELS, 'channel')
      const category = oneOf(args.category, COMPLAINT_CATEGORIES, 'category')
      const day = args.day === undefined || args.day === '' ? null : dayParam(String(args.day))
      return { asOf: hall.now(), complaints: hall.listComplaints({ status, day, channel, category }) }
    },
    complaint: async (args, creds) => {
      const actor = requireRoleOf(hall, creds, 'clerk')
      return hall.complaintDetail(intParam(String(args.id ?? ''), 'id', 1), actor)
    },
  } satisfies HubQueries
}

export function complaintRoutes(hall: Hall) {
  const queries = complaintQueries(hall)
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: Record<string, string | undefined> }>(API_PATHS.complaints, async (request) => {
      const { status, day, channel, category } = request.query
      return queries.complaints({ status, day, channel, category }, credentials(request, hall))
    })

    app.get<{ Params: { id: string } }>(`${API_PREFIX}/complaints/:id`, async (request) => queries.complaint({ id: request.params.id }, credentials(request, hall)))
  }
}
