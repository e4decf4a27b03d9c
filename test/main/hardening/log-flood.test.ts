/**
 * Logs as an attack surface (issue 12, point 12): garbage WebSocket frames and refused
 * connections each leave at most one short line — no stack trace — and a flood of them leaves a
 * handful of lines and a count, not a line per connection.
 */
import { connect, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 })
import { buildServer } from '../../../src/main/server/http-server'
import { ThrottledLog } from '../../../src/main/server/throttled-log'
import { PHONE_PATHS } from '../../../src/shared/phone'
import { openHall, type Fixture } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

let f: Fixture
let app: FastifyInstance
let base: string
let lines: string[]

beforeEach(async () => {
  f = await openHall()
  lines = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  app = await buildServer({ hall: f.hall, logger: pino({ level: 'info' }, sink), version: 't' })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterEach(async () => {
  await app.close()
  f.close()
})

async function pairDisplay(): Promise<string> {
  const { code } = await f.run('createPairingCode', { name: 'TV', role: 'display' }, f.adminToken)
  return (await rawRequest(base, '/api/v1/pair', { body: { code }, from: '127.0.0.3' })).json().token as string
}

/** Opens the stream, waits for the snapshot, then writes raw bytes that are no WebSocket frame. */
async function garbage(token: string): Promise<void> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/stream`, { headers: { 'x-hallq-terminal-token': token }, localAddress: '127.0.0.3' })
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve())
    ws.once('error', reject)
  })
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
  ws.on('error', () => undefined)
  // An unmasked frame with a reserved opcode: the server must refuse it.
  ;(ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0x8b, 0x05, 0x41, 0x41, 0x41, 0x41, 0x41, 0xff, 0xff, 0xff]))
  await closed
}

/** An upgrade with no credentials from a LAN address: refused before the upgrade. */
async function refused(): Promise<void> {
  const { port } = new URL(base)
  await new Promise<void>((resolve) => {
    const s = connect({ port: Number(port), host: '127.0.0.1', localAddress: '127.0.0.4' }, () => {
      s.write('GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    })
    s.on('data', () => s.end())
    s.on('close', () => resolve())
    s.on('error', () => resolve())
  })
}

const settle = () => new Promise((r) => setTimeout(r, 200))

describe('garbage on the event stream', () => {
  it('one garbage connection: one short line naming the address, no stack', async () => {
    const token = await pairDisplay()
    lines = []
    await garbage(token)
    await settle()
    expect(lines).toHaveLength(1)
    expect(lines[0]!.length).toBeLessThan(400)
    expect(lines[0]).not.toMatch(/stack| {4}at /)
    expect(lines[0]).toContain('127.0.0.3')
  })

  it('a refused connection: one short line naming the address and the reason', async () => {
    lines = []
    await refused()
    await settle()
    expect(lines).toHaveLength(1)
    expect(lines[0]!.length).toBeLessThan(400)
    expect(lines[0]).toContain('127.0.0.4')
    expect(lines[0]).toContain('TERMINAL_NOT_PAIRED')
  })

  it('150 garbage connections and 150 refused ones leave a few lines, not 300', async () => {
    const token = await pairDisplay()
    lines = []
    for (let i = 0; i < 150; i++) await Promise.all([garbage(token), refused()])
    await settle()
    const bytes = lines.reduce((n, l) => n + l.length, 0)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThanOrEqual(25)
    expect(bytes).toBeLessThan(25 * 400)
    expect(lines.join('\n')).not.toMatch(/"stack"/)
  })
})

describe('garbage on a customer\'s phone stream', () => {
  it('one short line naming the address, no stack — the phone stream is open to guests', async () => {
    await f.run('updateSettings', { patch: { phone: { guestUrl: base } } }, f.adminToken)
    const { ticket, phoneUrl } = await f.run('issueTicket', { serviceId: 'MOBILE' })
    const key = new URL(phoneUrl!).searchParams.get('k')!
    const ws = new WebSocket(`${base.replace('http', 'ws')}${PHONE_PATHS.stream(ticket.businessDay, ticket.number)}?k=${key}`, { localAddress: '127.0.0.5' })
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve())
      ws.once('error', reject)
    })
    lines = []
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
    ws.on('error', () => undefined)
    ;(ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0x8b, 0x05, 0x41, 0x41, 0x41, 0x41, 0x41, 0xff, 0xff, 0xff]))
    await closed
    await settle()
    expect(lines).toHaveLength(1)
    expect(lines[0]!.length).toBeLessThan(400)
    expect(lines[0]).not.toMatch(/stack| {4}at /)
    expect(lines[0]).toContain('127.0.0.5')
  })
})

describe('a throttled line', () => {
  it('after a flooded minute, says how many it left out', () => {
    const out: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        out.push(String(chunk))
        done()
      },
    })
    let now = 0
    const log = new ThrottledLog(pino({ level: 'info' }, sink), 'event stream refused', 10, () => now)
    for (let i = 0; i < 500; i++) log.line({ address: '10.0.0.9', code: 'TERMINAL_NOT_PAIRED' })
    expect(out).toHaveLength(10)
    now += 60_000
    log.line({ address: '10.0.0.9', code: 'TERMINAL_NOT_PAIRED' })
    expect(out).toHaveLength(12)
    expect(out[10]).toContain('490 more in the last minute were not logged')
  })
})
