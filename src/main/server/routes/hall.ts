/**
 * The hall's own routes: health, commands, reads and the day's records.
 */
import type { FastifyInstance } from 'fastify'
import { API_PATHS, API_PREFIX, IDEMPOTENCY_HEADER, MAX_CATCH_UP, type Health } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { Hall } from '../../hall'
import { credentials, dayParam, header, intParam, requireRole } from '../request'
import { screenViewOf } from '../screen-view'
import { hasRank } from '../../core/decide'
import { forViewer } from './stream'

export function hallRoutes(hall: Hall, version: string) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(API_PATHS.health, async (): Promise<Health> => {
      const { seq, state } = hall.snapshot()
      return { ok: true, name: 'hallq', version, businessDay: state.businessDay, seq }
    })

    app.post<{ Params: { name: string } }>(`${API_PREFIX}/commands/:name`, async (request) => {
      const key = header(request, IDEMPOTENCY_HEADER)
      if (key !== undefined && !/^[A-Za-z0-9_.:-]{8,100}$/.test(key)) {
        throw new AppError('VALIDATION_FAILED', [{ path: ['Idempotency-Key'], message: '8-100 characters: letters, digits, _ . : -' }])
      }
      return hall.execute(request.params.name, request.body, credentials(request, hall), { idempotencyKey: key })
    })

    app.get(API_PATHS.snapshot, async (request) => {
      const view = screenViewOf(hall.terminalOf(credentials(request, hall)))
      const { seq, state } = hall.snapshot()
      return { seq, state: view.state(state) }
    })

    app.get(API_PATHS.me, async (request) => {
      const creds = credentials(request, hall)
      const calling = hall.terminalOf(creds)
      return {
        actor: hall.authenticate(creds),
        terminal: calling.kind === 'paired' ? calling.terminal : null,
        /** The evaluator pairing this browser's rating screen rates with (a counter PC's second screen). */
        rating: hall.ratingTerminalOf(creds),
      }
    })

    app.get<{ Querystring: { after?: string; limit?: string } }>(API_PATHS.events, async (request) => {
      const view = screenViewOf(hall.terminalOf(credentials(request, hall)))
      const actor = hall.authenticate(credentials(request, hall))
      const after = intParam(request.query.after ?? '0', 'after', 0)
      const limit = intParam(request.query.limit ?? String(MAX_CATCH_UP), 'limit', 1, MAX_CATCH_UP)
      const complaints = actor.clerkId !== null && hasRank(actor, 'manager')
      return { events: hall.eventsAfter(after, limit).map((l) => forViewer(view.logged(l), complaints)), lastSeq: hall.snapshot().seq }
    })

    app.get<{ Params: { day: string } }>(`${API_PREFIX}/days/:day/records`, async (request) => {
      requireRole(hall, request, 'manager')
      return hall.dayRecords(dayParam(request.params.day))
    })

    app.get<{ Params: { day: string } }>(`${API_PREFIX}/days/:day/log`, async (request) => {
      requireRole(hall, request, 'manager')
      const day = dayParam(request.params.day)
      return { businessDay: day, log: hall.logOfDay(day) }
    })
  }
}
