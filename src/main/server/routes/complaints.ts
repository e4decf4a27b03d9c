/**
 * Complaint cases for the staff who handle them: the list (facts only) for a manager or above,
 * and one case with its text and history for a manager or the clerk who owns or took it.
 */
import type { FastifyInstance } from 'fastify'
import { API_PATHS, API_PREFIX } from '../../../shared/api'
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../shared/complaints'
import { AppError } from '../../../shared/errors'
import type { Hall } from '../../hall'
import { dayParam, intParam, requireRole } from '../request'

function statusParam(raw: string | undefined): ComplaintStatus | null {
  if (raw === undefined) return null
  if (!(COMPLAINT_STATUSES as readonly string[]).includes(raw)) {
    throw new AppError('VALIDATION_FAILED', [{ path: ['status'], message: `one of ${COMPLAINT_STATUSES.join(', ')}` }])
  }
  return raw as ComplaintStatus
}

export function complaintRoutes(hall: Hall) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { status?: string; day?: string } }>(API_PATHS.complaints, async (request) => {
      requireRole(hall, request, 'manager')
      const status = statusParam(request.query.status)
      const day = request.query.day === undefined ? null : dayParam(request.query.day)
      return { asOf: hall.now(), complaints: hall.listComplaints({ status, day }) }
    })

    app.get<{ Params: { id: string } }>(`${API_PREFIX}/complaints/:id`, async (request) => {
      const actor = requireRole(hall, request, 'clerk')
      return hall.complaintDetail(intParam(request.params.id, 'id', 1), actor)
    })
  }
}
