/**
 * What every route needs from a request: who is calling, and parameters checked the same way.
 */
import type { FastifyRequest } from 'fastify'
import { TERMINAL_HEADER } from '../../shared/api'
import { RATING_COOKIE, TERMINAL_COOKIE, TERMINAL_TOKEN_HEADER, terminalMayUseStaffRoutes } from '../../shared/terminals'
import { isCalendarDay, type Actor } from '../../shared/domain'
import { AppError } from '../../shared/errors'
import { hasRank } from '../core/decide'
import type { Credentials, Hall } from '../hall'
import { isGuest } from './guest'
import { hostOf, isLoopbackHost } from './host-policy'


export function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name]
  return Array.isArray(v) ? v[0] : v
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function isLoopback(ip: string): boolean {
  return LOOPBACK.has(ip)
}

export function credentials(request: FastifyRequest, hall: Hall): Credentials {
  const auth = header(request, 'authorization')
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined
  const named = header(request, TERMINAL_HEADER)?.trim()
  const terminal = named && /^[\w.:-]{1,40}$/.test(named) ? `${named}@${request.ip}` : request.ip
  const terminalToken = header(request, TERMINAL_TOKEN_HEADER)?.trim() || request.cookies?.[TERMINAL_COOKIE] || undefined
  // Trusted only when the connection comes from this PC *and* names it: a page that rebinds its
  // own name to 127.0.0.1 is still not the hub's own screen.
  // A guest (guest.ts) is never the hub's own screen either, even through a port forwarded on the hub PC.
  const local = isLoopback(request.ip) && isLoopbackHost(hostOf(request.headers.host ?? '')) && hall.state.settings.security.trustLoopback && !isGuest(request, hall.state.settings)
  const ratingToken = request.cookies?.[RATING_COOKIE] || undefined
  return { token: token || undefined, terminal, terminalToken, local, address: request.ip, ratingToken }
}

/** Reads are for paired terminals (and the hub's own screens) only. */
export function requireTerminal(hall: Hall, request: FastifyRequest): void {
  hall.terminalOf(credentials(request, hall))
}

/** The caller, who must be logged in with at least `role`. */
export function requireRole(hall: Hall, request: FastifyRequest, role: 'clerk' | 'manager' | 'admin'): Actor {
  return requireRoleOf(hall, credentials(request, hall), role)
}

/** The same check for credentials that did not come over HTTP (the desktop app's IPC). */
export function requireRoleOf(hall: Hall, creds: Credentials, role: 'clerk' | 'manager' | 'admin'): Actor {
  const calling = hall.terminalOf(creds)
  // A kiosk, display or evaluator is refused whoever logs in at it, as for commands.
  if (calling.kind === 'paired' && !terminalMayUseStaffRoutes(calling.terminal.role)) {
    throw new AppError('TERMINAL_NOT_ALLOWED', { terminalRole: calling.terminal.role })
  }
  const actor = hall.authenticate(creds)
  if (actor.role === 'anonymous') throw new AppError('UNAUTHENTICATED')
  if (!hasRank(actor, role)) throw new AppError('FORBIDDEN', { needs: role })
  return actor
}

export function intParam(raw: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new AppError('VALIDATION_FAILED', [{ path: [name], message: `integer from ${min} to ${max}` }])
  }
  return Number(raw)
}

export function dayParam(day: string, name = 'day'): string {
  if (!isCalendarDay(day)) {
    throw new AppError('VALIDATION_FAILED', [{ path: [name], message: 'business day as YYYY-MM-DD' }])
  }
  return day
}
