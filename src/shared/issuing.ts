/**
 * Whether a ticket for a service can be taken right now, and if not, why. The kiosk shows it
 * on the tiles before anyone taps; the hall's decide() enforces the same rules in the same
 * order (an emergency, issuing paused, service inactive, outside issuing hours, daily cap), so what the tile
 * says is what the hub would answer.
 */
import type { IssuingWindow } from './domain'
import type { HallState } from './hall-state'
import { wallClock, wallHhmm } from './zone-time'

export type IssuingStatus =
  | { open: true }
  | { open: false; reason: 'paused'; message: string }
  | { open: false; reason: 'inactive' }
  | { open: false; reason: 'outside_hours'; hours: IssuingWindow[] }
  | { open: false; reason: 'cap_reached'; cap: number }
  | { open: false; reason: 'unknown' }

/** 'HH:MM' of an instant in a time zone. */
export function hhmmIn(at: number, timeZone: string): string {
  return wallHhmm(wallClock(at, timeZone))
}

export function issuingStatus(state: HallState, serviceId: string, now: number): IssuingStatus {
  const { issuing, hall } = state.settings
  // An emergency that pauses issuing comes first, as in decide().
  if (state.emergency?.pauseIssuing) return { open: false, reason: 'paused', message: state.emergency.message }
  if (issuing.paused) return { open: false, reason: 'paused', message: issuing.pausedMessage }
  const service = state.services[serviceId]
  if (!service) return { open: false, reason: 'unknown' }
  if (!service.active) return { open: false, reason: 'inactive' }
  if (service.hours.length > 0) {
    const local = hhmmIn(now, hall.timeZone)
    if (!service.hours.some((w) => w.from <= local && local < w.to)) return { open: false, reason: 'outside_hours', hours: service.hours }
  }
  if (service.dailyCap !== null && (state.lastSeq[service.id] ?? 0) >= service.dailyCap) {
    return { open: false, reason: 'cap_reached', cap: service.dailyCap }
  }
  return { open: true }
}

/**
 * Whether an open (or paused) counter serves the service, so a ticket for it will be called.
 * The kiosk, the printed ticket and the counter's transfer dialog all warn when it does not.
 */
export function isServed(state: HallState, serviceId: string): boolean {
  return Object.values(state.counters).some((c) => c.active && c.status !== 'closed' && c.services.some((s) => s.serviceId === serviceId))
}
