/**
 * Guests: phones on the hall's guest Wi-Fi. They reach the customer's phone page (/t/…), its
 * API and stream (/api/v1/phone/…) and its own assets — every other route refuses them as it
 * refuses any unpaired caller (TERMINAL_NOT_PAIRED), even on the hub PC's trusted loopback.
 *
 * A request is a guest's when it arrived on the hub's guest listening address (--guest-listen),
 * when it names the guest address in its Host header, or when it comes from one of the guest
 * networks in settings.phone.guestNetworks (docs/deployment.md, "The customer's phone").
 */
import type { Socket } from 'node:net'
import type { FastifyRequest } from 'fastify'
import { PHONE_API_PREFIX, PHONE_PAGE_PREFIX, guestHostOf } from '../../shared/phone'
import type { HallSettings } from '../../shared/settings'

/** Connections accepted on the guest listening address. */
const guestSockets = new WeakSet<Socket>()

export function markGuestSocket(socket: Socket): void {
  guestSockets.add(socket)
}

/**
 * The names the hub answers to besides its own LAN names: the guest address. A Host allow-list
 * must accept these (a phone sends the guest address as its Host).
 */
export function guestHostNames(settings: HallSettings): string[] {
  const host = guestHostOf(settings.phone.guestUrl)
  return host === null ? [] : [host]
}

function ipv4(address: string): number | null {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  const parts = a.split('.')
  if (parts.length !== 4) return null
  let n = 0
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null
    n = n * 256 + Number(p)
  }
  return n
}

/** Whether `address` lies in the IPv4 network `cidr` (10.20.0.0/24). */
export function inNetwork(address: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/')
  const ip = ipv4(address)
  const base = ipv4(net ?? '')
  const bits = Number(bitsText)
  if (ip === null || base === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false
  const size = 2 ** (32 - bits)
  return Math.floor(ip / size) === Math.floor(base / size)
}

export function isGuest(request: FastifyRequest, settings: HallSettings): boolean {
  if (guestSockets.has(request.raw.socket)) return true
  const host = request.headers.host?.toLowerCase()
  if (host !== undefined && guestHostNames(settings).includes(host)) return true
  return settings.phone.guestNetworks.some((cidr) => inNetwork(request.ip, cidr))
}

/** Further GET paths a guest may have (the phone page's own assets, from the screens). */
export type GuestPaths = (path: string) => boolean

/** The only paths a guest may ask for: the phone page, its API and stream, its own assets. */
export function guestMayReach(method: string, url: string, assets: readonly GuestPaths[] = []): boolean {
  const path = url.split('?')[0]!
  if (path.startsWith(PHONE_API_PREFIX + '/')) return method === 'GET' || method === 'POST'
  if (method !== 'GET' && method !== 'HEAD') return false
  return path.startsWith(PHONE_PAGE_PREFIX) || assets.some((allowed) => allowed(path))
}
