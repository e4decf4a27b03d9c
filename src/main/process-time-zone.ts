/**
 * The hub's process takes the hall's time zone as its own, so the hall's calendar is read
 * through Date's local time instead of Intl (src/shared/zone-time.ts: Intl would keep 6–7 MB of
 * ICU's locale data resident). For a process that runs one hall: the hub and the desktop app.
 */
import { markProcessTimeZone, pinnedTimeZone } from '../shared/zone-time'

/**
 * Sets TZ (Node applies it at once) and marks the zone pinned. On Linux, where this is how the
 * hub is measured; elsewhere a no-op and the hall's zone is read through Intl. Returns whether
 * the process is pinned to `timeZone`.
 */
export function pinProcessTimeZone(timeZone: string): boolean {
  if (process.platform !== 'linux') return false
  if (pinnedTimeZone() === timeZone) return true
  process.env.TZ = timeZone
  markProcessTimeZone(timeZone)
  return true
}
