/**
 * A clerk's photo for the customer's side (docs/decisions/031-clerk-photos-beside-the-log.md).
 * Who may read it: staff logged in at a staff terminal (the settings page); the hub's own
 * screens; and an evaluator — a tablet paired as one, or a counter PC's rating screen with its
 * evaluator pairing — for the clerk serving, or who last served, at its own counter. Kiosks,
 * displays and unpaired or guest callers get nothing. The answer is cached by version: the
 * screens ask for `?v=<version>` (in the hall state), which never changes meaning.
 */
import type { FastifyInstance } from 'fastify'
import { API_PREFIX } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { HallState } from '../../../shared/hall-state'
import type { Credentials, Hall } from '../../hall'
import type { HubQueries } from '../../hub-queries'
import type { ClerkPhoto } from '../../store/clerk-photo-store'
import { credentials, intParam, requireRoleOf } from '../request'

/** The clerk at `counterId` now, or the one whose service there ended last (the customer rating it). */
function servesAt(state: HallState, counterId: number | null, clerkId: number): boolean {
  if (counterId === null) return false
  if (state.counters[counterId]?.clerkId === clerkId) return true
  let last: { endedAt: number; clerkId: number } | null = null
  for (const r of Object.values(state.records)) {
    if (r.counterId === counterId && r.endedAt !== null && (last === null || r.endedAt > last.endedAt)) last = { endedAt: r.endedAt, clerkId: r.clerkId }
  }
  return last?.clerkId === clerkId
}

/** The photo, if the caller may see it; NO_PHOTO when there is none, whoever asks. */
export function readClerkPhoto(hall: Hall, creds: Credentials, clerkId: number): ClerkPhoto {
  const calling = hall.terminalOf(creds)
  const evaluator = calling.kind === 'paired' && calling.terminal.role === 'evaluator' ? calling.terminal : hall.ratingTerminalOf(creds)
  const customerSide = evaluator !== null && servesAt(hall.state, evaluator.counterId, clerkId)
  if (!customerSide) {
    if (calling.kind === 'paired' && calling.terminal.role === 'evaluator') throw new AppError('NOT_YOUR_COUNTER', { counterId: calling.terminal.counterId })
    if (calling.kind !== 'local') requireRoleOf(hall, creds, 'clerk')
  }
  if (!hall.state.clerks[clerkId]) throw new AppError('UNKNOWN_CLERK', { clerkId })
  const photo = hall.clerkPhoto(clerkId)
  if (!photo) throw new AppError('NO_PHOTO', { clerkId })
  return photo
}

export function clerkPhotoQueries(hall: Hall) {
  return {
    clerkPhoto: async (args, creds) => {
      const photo = readClerkPhoto(hall, creds, intParam(String(args.clerkId ?? ''), 'clerkId', 1))
      return { clerkId: photo.clerkId, version: photo.version, type: photo.type, bytes: new Uint8Array(photo.image) }
    },
  } satisfies HubQueries
}

export function clerkPhotoRoutes(hall: Hall) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string }; Querystring: { v?: string } }>(`${API_PREFIX}/clerks/:id/photo`, async (request, reply) => {
      const photo = readClerkPhoto(hall, credentials(request, hall), intParam(request.params.id, 'id', 1))
      const etag = `"${photo.version}"`
      // The screens ask by version: that address always means these bytes, so it is kept for good.
      // Asked without it (or for an older version), the browser checks back each time.
      reply.header('etag', etag)
      reply.header('cache-control', request.query.v === photo.version ? 'private, max-age=31536000, immutable' : 'private, no-cache')
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      return reply.type(photo.type).send(photo.image)
    })
  }
}
