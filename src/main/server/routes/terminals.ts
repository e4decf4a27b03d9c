/**
 * Joining the hall: a terminal pairs with a one-time code and keeps a long-lived token — a
 * browser as an HttpOnly cookie (sent with every request and the event stream), other programs
 * in the X-HallQ-Terminal-Token header. Admins list and revoke terminals.
 */
import type { FastifyInstance } from 'fastify'
import { API_PREFIX } from '../../../shared/api'
import { RATING_COOKIE, TERMINAL_COOKIE } from '../../../shared/terminals'
import type { Credentials, Hall } from '../../hall'
import type { HubQueries } from '../../hub-queries'
import { credentials, requireRoleOf } from '../request'

const TEN_YEARS_S = 10 * 365 * 24 * 3600

/** Paired terminals, and the certificate fingerprint an installer compares at pairing. */
export function terminalQueries(hall: Hall) {
  return {
    terminals: async (_args, creds) => {
      requireRoleOf(hall, creds, 'admin')
      return { terminals: hall.listTerminals(), tlsFingerprint: hall.tlsFingerprint }
    },
  } satisfies HubQueries
}

export function terminalRoutes(hall: Hall, options: { secure: boolean }) {
  const queries = terminalQueries(hall)
  return async (app: FastifyInstance): Promise<void> => {
    app.post(`${API_PREFIX}/pair`, async (request, reply) => {
      const creds = credentials(request, hall)
      const already = pairedAlready(hall, creds)
      const result = await hall.execute('pairTerminal', request.body, creds)
      // A counter PC pairs its customer-facing rating screen as the counter's evaluator: kept
      // beside the PC's own pairing, sent with the hub's API only, used for ratings only.
      const asRatingScreen = already && result.terminal.role === 'evaluator'
      reply.setCookie(asRatingScreen ? RATING_COOKIE : TERMINAL_COOKIE, result.token, {
        path: asRatingScreen ? API_PREFIX : '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secure,
        maxAge: TEN_YEARS_S,
      })
      return result
    })

    /** A browser terminal forgets its token (the hub keeps the terminal until an admin revokes it). */
    app.post(`${API_PREFIX}/unpair`, async (_request, reply) => {
      reply.clearCookie(TERMINAL_COOKIE, { path: '/' })
      reply.clearCookie(RATING_COOKIE, { path: API_PREFIX })
      return { ok: true }
    })

    app.get(`${API_PREFIX}/terminals`, async (request) => queries.terminals({}, credentials(request, hall)))
  }
}

/** Whether the caller is already a paired terminal other than an evaluator (a counter PC, say). */
function pairedAlready(hall: Hall, creds: Credentials): boolean {
  if (!creds.terminalToken) return false
  try {
    const calling = hall.terminalOf({ ...creds, local: false })
    return calling.kind === 'paired' && calling.terminal.role !== 'evaluator'
  } catch {
    return false
  }
}
