/**
 * A desktop terminal's link to a hub elsewhere on the LAN: the address typed at first start,
 * what answers there (a HallQ hub? over https, with which certificate?), and the pinned
 * certificate check the app's session applies to every page, stream and request to the hub.
 * Plain Node: the Electron shell passes `certificateVerdict` to session.setCertificateVerifyProc.
 */
import { get as httpGet, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { HubProbe } from '../../shared/first-start'
import { fingerprintOf } from '../security/tls'

/** The hub's port when the address names none (`npm run hub` and the desktop hub both use it). */
export const DEFAULT_HUB_PORT = 8080

/** `http(s)://host:port` from what the installer typed ("192.168.1.10", "https://hub:8443/kiosk" …), or null. */
export function normalizeHubAddress(input: string): string | null {
  let text = input.trim()
  if (!text) return null
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`
  const m = /^(https?):\/\/(\[[0-9a-f:.]+\]|[^/:?#@[\]\s]+)(?::(\d{1,5}))?(?:[/?#].*)?$/i.exec(text)
  if (!m) return null
  const port = m[3] === undefined ? DEFAULT_HUB_PORT : Number(m[3])
  if (port < 1 || port > 65535) return null
  return `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}:${port}`
}

/** A host as Chromium names it in a certificate check: no brackets around an IPv6 address. */
export function bareHost(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '')
}

/** Asks the address for its health; over https also reads the certificate it presents (not trusted yet: shown to compare). */
export function probeHub(address: string, timeoutMs = 6000): Promise<HubProbe> {
  const url = normalizeHubAddress(address)
  if (!url) return Promise.resolve({ ok: false, problem: 'badAddress', detail: null })
  const target = new URL('/api/v1/health', url)
  const tls = target.protocol === 'https:'
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage) => {
      const fingerprint = tls ? ((res.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '').replace(/:/g, '').toLowerCase() : null
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
        if (body.length > 64 * 1024) res.destroy()
      })
      res.on('end', () => {
        try {
          const health = JSON.parse(body) as { ok?: unknown; name?: unknown; version?: unknown; businessDay?: unknown }
          if (res.statusCode === 200 && health.ok === true && health.name === 'hallq' && (!tls || /^[0-9a-f]{64}$/.test(fingerprint ?? ''))) {
            resolve({ ok: true, url, fingerprint, version: String(health.version ?? ''), businessDay: String(health.businessDay ?? '') })
            return
          }
        } catch {
          // not JSON: not a hub
        }
        resolve({ ok: false, problem: 'notHallq', detail: `HTTP ${res.statusCode ?? '?'}` })
      })
    }
    const options = { timeout: timeoutMs, agent: false as const, headers: { accept: 'application/json' } }
    // The hub's certificate is its own (no authority signs it): read it here, pin it once the installer has compared it.
    const req = tls ? httpsGet(target, { ...options, rejectUnauthorized: false }, onResponse) : httpGet(target, options, onResponse)
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)))
    req.on('error', (err) => resolve({ ok: false, problem: 'unreachable', detail: err.message }))
  })
}

export interface PinnedHub {
  /** The hub's host, as in its address. */
  host: string
  /** SHA-256 of the certificate paired with, 64 hex digits. */
  fingerprint: string
}

/** What session.setCertificateVerifyProc is told: 0 trust, -2 refuse, -3 let Chromium decide. */
export function certificateVerdict(pin: PinnedHub, request: { hostname: string; certificate: { data: string } }): 0 | -2 | -3 {
  // Other sites (there should be none) are checked the usual way; the hub only by its pin.
  if (request.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== pin.host.toLowerCase()) return -3
  try {
    return fingerprintOf(request.certificate.data) === pin.fingerprint.replace(/:/g, '').toLowerCase() ? 0 : -2
  } catch {
    return -2
  }
}
