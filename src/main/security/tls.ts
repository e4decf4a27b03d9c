/**
 * Optional TLS for the hall's LAN. The hub makes its own certificate once (EC P-256, ten years,
 * kept in DATA/tls/); terminals that pair over HTTPS pin its SHA-256 fingerprint and refuse any
 * other certificate afterwards, so no certificate authority is needed.
 */
import { X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { networkInterfaces, hostname } from 'node:os'
import { join } from 'node:path'
import type { PeerCertificate } from 'node:tls'

export interface HubCertificate {
  key: string
  cert: string
  /** SHA-256 of the certificate, as 64 lowercase hex digits. */
  fingerprint: string
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase()
}

/** The hub's certificate, made on first use. */
export async function loadOrCreateCertificate(dataDir: string, now = new Date()): Promise<HubCertificate> {
  const dir = join(dataDir, 'tls')
  const keyFile = join(dir, 'hub-key.pem')
  const certFile = join(dir, 'hub-cert.pem')
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = readFileSync(certFile, 'utf8')
    return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: fingerprintOf(cert) }
  }
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal)
    .map((a) => ({ type: 7 as const, ip: a!.address }))
  const notAfter = new Date(now)
  notAfter.setFullYear(notAfter.getFullYear() + 10)
  // Loaded only when a certificate is made: a hub without --tls never needs it.
  const { default: selfsigned } = await import('selfsigned')
  const pems = await selfsigned.generate([{ name: 'commonName', value: `HallQ hub ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, ...addresses] },
    ],
  })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  writeFileSync(keyFile, pems.private, { mode: 0o600 })
  writeFileSync(certFile, pems.cert, { mode: 0o644 })
  return { key: pems.private, cert: pems.cert, fingerprint: fingerprintOf(pems.cert) }
}

/**
 * For a terminal's TLS client: accept the hub only if its certificate is the pinned one
 * (checkServerIdentity for node:tls / https; returns an Error to refuse).
 */
export function pinnedIdentity(fingerprint: string): (host: string, cert: PeerCertificate) => Error | undefined {
  const want = fingerprint.replace(/:/g, '').toLowerCase()
  return (_host, cert) => {
    const got = (cert.fingerprint256 ?? '').replace(/:/g, '').toLowerCase()
    return got === want ? undefined : new Error(`the hub's certificate ${got.slice(0, 16)}… is not the one paired with (${want.slice(0, 16)}…)`)
  }
}
