/**
 * Revocation cuts an open event stream: a revoked terminal, a clerk who logs out, gets a new PIN
 * or is disabled — their streams close at once with a named code and receive nothing more.
 */
import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { buildServer } from '../../../src/main/server/http-server'
import { STREAM_CLOSE } from '../../../src/shared/api'
import { openHall, silentLogger, type Fixture } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

let f: Fixture
let app: FastifyInstance
let base: string
const sockets: WebSocket[] = []

beforeEach(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  await app.close()
  f.close()
})

interface Stream {
  messages: any[]
  closed: Promise<number>
}

/** Opens the stream and waits for its first message (the snapshot). */
async function open(headers: Record<string, string>, from?: string): Promise<Stream> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/stream`, { headers, ...(from ? { localAddress: from } : {}) })
  sockets.push(ws)
  const messages: any[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)))
      resolve()
    })
    ws.on('error', reject)
  })
  return { messages, closed }
}

async function pairDisplay(name: string): Promise<{ id: number; token: string }> {
  const { code } = await f.run('createPairingCode', { name, role: 'display' }, f.adminToken)
  const res = await rawRequest(base, '/api/v1/pair', { body: { code }, from: '127.0.0.3' })
  return { id: res.json().terminal.id, token: res.json().token }
}

const settle = () => new Promise((r) => setTimeout(r, 100))

describe('a revoked terminal', () => {
  it('has its open stream closed at once (4401) and is sent nothing more; other terminals go on', async () => {
    const tv = await pairDisplay('TV')
    const other = await pairDisplay('TV 2')
    const stream = await open({ 'x-hallq-terminal-token': tv.token }, '127.0.0.3')
    const kept = await open({ 'x-hallq-terminal-token': other.token }, '127.0.0.3')
    await f.run('revokeTerminal', { terminalId: tv.id }, f.adminToken)
    expect(await stream.closed).toBe(STREAM_CLOSE.terminalRevoked)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await settle()
    expect(stream.messages.map((m) => m.type)).toEqual(['snapshot'])
    expect(kept.messages.map((m) => m.command ?? m.type)).toEqual(['snapshot', 'revokeTerminal', 'issueTicket'])
    // And it cannot come back.
    const again = await rawRequest(base, '/api/v1/snapshot', { headers: { 'x-hallq-terminal-token': tv.token }, from: '127.0.0.3' })
    expect(again.status).toBe(401)
  })
})

describe('a clerk whose access ends', () => {
  for (const [how, end] of [
    ['logs out', async (token: string) => void (await f.run('logout', {}, token))],
    ['gets a new PIN', async () => void (await f.run('resetClerkPin', { clerkId: 2, pin: '9999' }, f.adminToken))],
    ['is disabled', async () => void (await f.run('saveClerk', { id: 2, staffCode: '1001', name: '营业员1001', role: 'clerk', active: false }, f.adminToken))],
  ] as const) {
    it(`${how}: the stream opened with their token closes (4402), another clerk's stays`, async () => {
      const token = await f.clerk('1001')
      const otherToken = await f.clerk('1002')
      const stream = await open({ authorization: `Bearer ${token}` })
      const kept = await open({ authorization: `Bearer ${otherToken}` })
      await end(token)
      expect(await stream.closed).toBe(STREAM_CLOSE.sessionEnded)
      await f.run('issueTicket', { serviceId: 'MOBILE' })
      await settle()
      expect(stream.messages.some((m) => m.command === 'issueTicket')).toBe(false)
      expect(kept.messages.some((m) => m.command === 'issueTicket')).toBe(true)
    })
  }

  it('a stream cannot be opened with an ended token', async () => {
    const token = await f.clerk('1001')
    await f.run('logout', {}, token)
    const res = await rawRequest(base, '/api/v1/stream', { headers: { authorization: `Bearer ${token}`, connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } })
    expect(res.status).toBe(401)
  })
})
