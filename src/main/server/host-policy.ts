/**
 * Which names the hub answers to. A web page elsewhere can make a browser on the hub PC (or on a
 * terminal) send requests to the hub by pointing its own DNS name at the hub's address (DNS
 * rebinding); such requests carry the page's name in `Host`, and its site in `Origin`. Only the
 * hub's own names and addresses are served: `localhost`, loopback, every address of the PC's
 * network interfaces, the PC's host name, and the further names the hall sets
 * (`security.hostNames`, e.g. a guest Wi-Fi address or a LAN DNS name). Other parts of the hub
 * add names through `extraNames`.
 */
import { hostname, networkInterfaces } from 'node:os'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1'])
/** How often the interfaces' addresses are read again when an unknown name comes in. */
const REFRESH_MS = 5_000

/** The host part of a Host header or URL authority, lower case, without port or IPv6 brackets. */
export function hostOf(authority: string): string {
  const a = authority.trim().toLowerCase()
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') === -1 ? undefined : a.indexOf(']'))
  const colons = a.split(':').length - 1
  // One colon: name:port. More: a bare IPv6 address (no port possible without brackets).
  const host = colons === 1 ? a.slice(0, a.indexOf(':')) : a
  return host.endsWith('.') ? host.slice(0, -1) : host
}

/** localhost, 127.x.x.x, ::1 — a name only this PC itself can mean. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host.endsWith('.localhost')
}

export class HostPolicy {
  private own = new Set<string>()
  private readAt = -Infinity

  constructor(
    /** Names set by the hall (settings) and by other parts of the hub, read on every check. */
    private readonly extraNames: () => readonly string[],
    /** Reads the PC's own addresses and names; replaceable in tests. */
    private readonly ownNames: () => string[] = machineNames,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `host` (from hostOf) is one of the hub's own names. */
  allows(host: string): boolean {
    if (host === '') return false
    if (isLoopbackHost(host)) return true
    if (this.extraNames().includes(host)) return true
    if (this.own.has(host)) return true
    // A new address (DHCP, a cable plugged in) is learnt at most every few seconds.
    if (this.now() - this.readAt < REFRESH_MS) return false
    this.readAt = this.now()
    this.own = new Set(this.ownNames().map((n) => n.toLowerCase()))
    return this.own.has(host)
  }

  /** Whether an `Origin` header names one of the hub's own sites (any port: a dev server is one). */
  allowsOrigin(origin: string): boolean {
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      return false
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
    return this.allows(hostOf(url.host))
  }
}

function machineNames(): string[] {
  const names = [hostname(), `${hostname()}.local`]
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) names.push(address.address.split('%')[0]!)
  }
  return names
}
