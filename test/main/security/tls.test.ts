import { request } from 'node:https'
import { afterEach, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../../src/main/app'
import { fingerprintOf, loadOrCreateCertificate, pinnedIdentity } from '../../../src/main/security/tls'
import { silentLogger, tempDir } from '../../support/hall-fixture'

const cleanup: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

function get(url: string, pinned: { cert: string; fingerprint: string }, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        // The hub's certificate is its own; the terminal trusts exactly the pinned one.
        ca: pinned.cert,
        checkServerIdentity: pinnedIdentity(pinned.fingerprint),
        headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      },
      (res) => {
        let data = ''
        res.on('data', (c) => (data += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data), headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(init.body ? JSON.stringify(init.body) : undefined)
  })
}

describe('TLS on the LAN', () => {
  it('the hub makes its certificate once and keeps it', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    const a = await loadOrCreateCertificate(d.dir)
    const b = await loadOrCreateCertificate(d.dir)
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toEqual(a)
    expect(fingerprintOf(a.cert)).toBe(a.fingerprint)
  })

  it('terminals reach a TLS hub only through the pinned certificate, and learn it when pairing', async () => {
    const d = tempDir()
    cleanup.push(d.remove)
    let app: HallApp | null = await startHallApp({ dataDir: d.dir, port: 0, host: '127.0.0.1', version: 't', adminPin: '1357', logger: silentLogger, tls: true, extensions: [] })
    cleanup.push(() => app?.close())
    expect(app.url).toMatch(/^https:/)
    const fingerprint = app.hall.tlsFingerprint!
    const pinned = { cert: (await loadOrCreateCertificate(d.dir)).cert, fingerprint }
    const health = await get(`${app.url}/api/v1/health`, pinned)
    expect(health).toMatchObject({ status: 200, body: { ok: true } })
    await expect(get(`${app.url}/api/v1/health`, { ...pinned, fingerprint: 'ab'.repeat(32) })).rejects.toThrow(/not the one paired with/)
    const stranger = await (async () => {
      const other = tempDir()
      cleanup.push(other.remove)
      return loadOrCreateCertificate(other.dir)
    })()
    await expect(get(`${app.url}/api/v1/health`, { cert: stranger.cert, fingerprint: stranger.fingerprint })).rejects.toThrow()

    const login = await get(`${app.url}/api/v1/commands/login`, pinned, { method: 'POST', body: { staffCode: 'admin', pin: '1357' } })
    const code = await app.hall.execute('createPairingCode', { name: '大屏', role: 'display' }, { token: login.body.token, terminal: 'x', local: true })
    const paired = await get(`${app.url}/api/v1/pair`, pinned, { method: 'POST', body: { code: code.code } })
    expect(paired.body.tlsFingerprint).toBe(fingerprint)
    // The settings page shows the same fingerprint, so the installer can compare the two.
    const listed = await get(`${app.url}/api/v1/terminals`, pinned, { headers: { authorization: `Bearer ${login.body.token}` } })
    expect(listed.body.tlsFingerprint).toBe(fingerprint)
    expect(paired.body.tlsCertificate).toBe(pinned.cert)
    expect(String(paired.headers['set-cookie'])).toMatch(/Secure/)

    // The certificate survives a restart: paired terminals keep working.
    await app.close()
    app = await startHallApp({ dataDir: d.dir, port: 0, host: '127.0.0.1', version: 't', logger: silentLogger, tls: true, extensions: [] })
    expect(app.hall.tlsFingerprint).toBe(fingerprint)
    expect((await get(`${app.url}/api/v1/health`, pinned)).status).toBe(200)
  })
})
