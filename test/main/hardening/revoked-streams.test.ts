/**
 * Revocation cuts an open event stream: a revoked terminal, a clerk who logs out, gets a new PIN
 * or is disabled — their streams close at once with a named code and receive nothing more.
 */
import { describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { STREAM_CLOSE } from '../../../src/shared/api'
import { rawRequest } from '../../support/raw-http'
import { openStream, pairTerminal, servedHallPerTest } from '../../support/served-hall'

const hub = servedHallPerTest()
const open = (headers: Record<string, string>, from?: string) => openStream(hub, headers, from ? { from } : {})
const pairDisplay = (name: string) => pairTerminal(hub, { name, role: 'display' })

const settle = () => new Promise((r) => setTimeout(r, 100))

describe('a revoked terminal', () => {
  it('has its open stream closed at once (4401) and is sent nothing more; other terminals go on', async () => {
    const tv = await pairDisplay('TV')
    const other = await pairDisplay('TV 2')
    const stream = await open({ 'x-hallq-terminal-token': tv.token }, '127.0.0.3')
    const kept = await open({ 'x-hallq-terminal-token': other.token }, '127.0.0.3')
    await hub.f.run('revokeTerminal', { terminalId: tv.id }, hub.f.adminToken)
    expect(await stream.closed).toBe(STREAM_CLOSE.terminalRevoked)
    await hub.f.run('issueTicket', { serviceId: 'MOBILE' })
    await settle()
    expect(stream.messages.map((m) => m.type)).toEqual(['snapshot'])
    expect(kept.messages.map((m) => m.command ?? m.type)).toEqual(['snapshot', 'revokeTerminal', 'issueTicket'])
    // And it cannot come back.
    const again = await rawRequest(hub.base, '/api/v1/snapshot', { headers: { 'x-hallq-terminal-token': tv.token }, from: '127.0.0.3' })
    expect(again.status).toBe(401)
  })
})

describe('a clerk whose access ends', () => {
  for (const [how, end] of [
    ['logs out', async (token: string) => void (await hub.f.run('logout', {}, token))],
    ['gets a new PIN', async () => void (await hub.f.run('resetClerkPin', { clerkId: 2, pin: '9999' }, hub.f.adminToken))],
    ['is disabled', async () => void (await hub.f.run('saveClerk', { id: 2, staffCode: '1001', name: '营业员1001', role: 'clerk', active: false }, hub.f.adminToken))],
  ] as const) {
    it(`${how}: the stream opened with their token closes (4402), another clerk's stays`, async () => {
      const token = await hub.f.clerk('1001')
      const otherToken = await hub.f.clerk('1002')
      const stream = await open({ authorization: `Bearer ${token}` })
      const kept = await open({ authorization: `Bearer ${otherToken}` })
      await end(token)
      expect(await stream.closed).toBe(STREAM_CLOSE.sessionEnded)
      await hub.f.run('issueTicket', { serviceId: 'MOBILE' })
      await settle()
      expect(stream.messages.some((m) => m.command === 'issueTicket')).toBe(false)
      expect(kept.messages.some((m) => m.command === 'issueTicket')).toBe(true)
    })
  }

  it('a stream cannot be opened with an ended token', async () => {
    const token = await hub.f.clerk('1001')
    await hub.f.run('logout', {}, token)
    const res = await rawRequest(hub.base, '/api/v1/stream', { headers: { authorization: `Bearer ${token}`, connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } })
    expect(res.status).toBe(401)
  })
})
