/**
 * DNS rebinding and cross-site WebSockets, over real sockets: a request naming a host that is not
 * the hub's is refused, a WebSocket opened by a page of another site gets nothing, and the hub
 * PC's own trust needs both a loopback connection and a loopback name.
 */
import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { HostPolicy, hostOf } from '../../../src/main/server/host-policy'
import { buildServer } from '../../../src/main/server/http-server'
import { openHall, silentLogger, type Fixture } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

let f: Fixture
let app: FastifyInstance
let base: string
let port: string

beforeEach(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't', hostNames: [() => ['guest.hall.example']] })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
  port = new URL(base).port
})
afterEach(async () => {
  await app.close()
  f.close()
})

/** Opens the event stream with these headers; resolves with the first message, or how it was refused. */
function openStream(headers: Record<string, string>): Promise<{ first?: any; refused?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, { headers })
    ws.on('message', (data) => {
      resolve({ first: JSON.parse(String(data)) })
      ws.close()
    })
    ws.on('unexpected-response', (req, res) => {
      resolve({ refused: res.statusCode })
      req.destroy()
    })
    ws.on('error', () => resolve({ refused: -1 }))
  })
}

describe('a foreign Host', () => {
  it('is refused with 421 for reads, commands and pages, and changes nothing', async () => {
    for (const [path, body] of [['/api/v1/snapshot'], ['/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }], ['/api/v1/health'], ['/kiosk']] as const) {
      const res = await rawRequest(base, path, { headers: { host: `attacker.example:${port}` }, ...(body ? { body } : {}) })
      expect(res.status, path).toBe(421)
      expect(res.json().error.code).toBe('HOST_NOT_ALLOWED')
    }
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
  })

  it('the hub’s own names are served: loopback, its addresses, and names the hall or another part adds', async () => {
    expect((await rawRequest(base, '/api/v1/snapshot')).status).toBe(200)
    expect((await rawRequest(base, '/api/v1/snapshot', { headers: { host: `localhost:${port}` } })).status).toBe(200)
    expect((await rawRequest(base, '/api/v1/health', { headers: { host: `guest.hall.example:${port}` } })).status).toBe(200)
    expect((await rawRequest(base, '/api/v1/health', { headers: { host: 'hallq.lan' } })).status).toBe(421)
    await f.run('updateSettings', { patch: { security: { hostNames: ['hallq.lan'] } } }, f.adminToken)
    expect((await rawRequest(base, '/api/v1/health', { headers: { host: 'HallQ.lan:8080' } })).status).toBe(200)
  })

  it('a loopback connection naming another host is not the hub’s own screen', async () => {
    await f.run('updateSettings', { patch: { security: { hostNames: ['hallq.lan'] } } }, f.adminToken)
    const res = await rawRequest(base, '/api/v1/snapshot', { headers: { host: 'hallq.lan' } })
    expect(res.status).toBe(401)
    expect(res.json().error.code).toBe('TERMINAL_NOT_PAIRED')
    const issue = await rawRequest(base, '/api/v1/commands/issueTicket', { headers: { host: 'hallq.lan' }, body: { serviceId: 'MOBILE' } })
    expect(issue.json().error.code).toBe('TERMINAL_NOT_PAIRED')
  })

  it('another address of this PC with a loopback name is not trusted either', async () => {
    const res = await rawRequest(base, '/api/v1/snapshot', { from: '127.0.0.5' })
    expect(res.json().error.code).toBe('TERMINAL_NOT_PAIRED')
  })
})

describe('a WebSocket from a foreign origin', () => {
  it('is refused before the upgrade and receives no snapshot', async () => {
    expect(await openStream({ origin: 'http://evil.example' })).toEqual({ refused: 403 })
    expect(await openStream({ origin: 'null' })).toEqual({ refused: 403 })
    expect(await openStream({ host: 'evil.example' })).toEqual({ refused: 421 })
  })

  it('the hub’s own pages still get the stream', async () => {
    const own = await openStream({ origin: `http://127.0.0.1:${port}` })
    expect(own.first?.type).toBe('snapshot')
    expect((await openStream({})).first?.type).toBe('snapshot')
  })

  it('a cross-site POST is refused as well', async () => {
    const res = await rawRequest(base, '/api/v1/commands/issueTicket', { headers: { origin: 'https://evil.example' }, body: { serviceId: 'MOBILE' } })
    expect(res.status).toBe(403)
    expect(res.json().error.code).toBe('ORIGIN_NOT_ALLOWED')
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
  })
})

describe('the host policy', () => {
  it('reads Host headers with ports, brackets and trailing dots', () => {
    expect(hostOf('LocalHost:8080')).toBe('localhost')
    expect(hostOf('[::1]:8080')).toBe('::1')
    expect(hostOf('fe80::1')).toBe('fe80::1')
    expect(hostOf('hall.example.:80')).toBe('hall.example')
  })

  it('learns a new address of the PC, at most every few seconds', () => {
    let now = 0
    let names = ['192.168.1.10']
    const p = new HostPolicy(() => [], () => names, () => now)
    expect(p.allows('192.168.1.10')).toBe(true)
    names = ['192.168.1.10', '10.0.0.5']
    expect(p.allows('10.0.0.5')).toBe(false)
    now = 6_000
    expect(p.allows('10.0.0.5')).toBe(true)
    expect(p.allows('evil.example')).toBe(false)
    expect(p.allowsOrigin('http://10.0.0.5:5173')).toBe(true)
    expect(p.allowsOrigin('file://')).toBe(false)
  })
})
