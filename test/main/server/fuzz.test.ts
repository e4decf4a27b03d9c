/**
 * Hostile input against every endpoint and the event stream: thousands of generated requests
 * and messages. Every answer is a 2xx, or a 4xx with a known error code; never a 5xx, never a
 * crash; and a refused request changes nothing.
 */
import type { FastifyInstance } from 'fastify'
import fc from 'fast-check'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { COMMAND_NAMES } from '../../../src/shared/commands'
import { isErrorCode } from '../../../src/shared/errors'
import { ADMIN_PIN, clerkAtCounter, openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

let f: Fixture
let app: FastifyInstance
let admin: string
let clerk: string

beforeAll(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
  admin = (await app.inject({ method: 'POST', url: '/api/v1/commands/login', payload: { staffCode: 'admin', pin: ADMIN_PIN } })).json().token
  clerk = await clerkAtCounter(f, 'c1', 1)
  for (let i = 0; i < 5; i++) await f.run('issueTicket', { serviceId: 'MOBILE' })
})
afterAll(async () => {
  await app.close()
  f.close()
})

const fingerprint = () => JSON.stringify([f.hall.state, f.hall.snapshot().seq])

const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '%00', '..', '%2e%2e%2f', '__proto__', 'constructor', '-1', '1e309', 'NaN', '9'.repeat(30)))
const path = fc.oneof(
  fc.constantFrom(
    '/api/v1/health',
    '/api/v1/snapshot',
    '/api/v1/me',
    '/api/v1/events',
    '/api/v1/stream',
    '/api/v1/pair',
    '/api/v1/unpair',
    '/api/v1/terminals',
    '/api/v1/backups',
  ),
  fc.constantFrom(...COMMAND_NAMES, 'nope').map((n) => `/api/v1/commands/${n}`),
  junk.map((d) => `/api/v1/days/${encodeURIComponent(d)}/records`),
  junk.map((d) => `/api/v1/days/${encodeURIComponent(d)}/log`),
  junk.map((x) => `/api/v1/${encodeURIComponent(x)}`),
)
const query = fc.option(fc.dictionary(fc.constantFrom('after', 'limit', 'day', 'x'), junk, { maxKeys: 3 }), { nil: undefined })
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('serviceId', 'counterId', 'number', 'patch', 'pin', 'staffCode', 'score', 'recordId', 'code', 'phone', 'callbackPhone', 'complaint', 'kind', 'terminalId', 'contactId'), fc.jsonValue({ maxDepth: 2 })),
)
const rawBody = fc.oneof(body.map((b) => JSON.stringify(b)), fc.string({ maxLength: 60 }), fc.constant('{"__proto__":{"admin":true}}'))
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '')
const headers = fc.record(
  {
    authorization: fc.oneof(fc.constant(`Bearer ${'x'.repeat(43)}`), junk.map((j) => `Bearer ${j}`), junk),
    'x-hallq-terminal-token': junk,
    cookie: junk.map((j) => `hallq_terminal=${encodeURIComponent(j)}`),
    'idempotency-key': junk,
    'x-hallq-terminal': junk,
    'accept-language': fc.constantFrom('en-US', 'zh-CN', '*', '', 'xx'),
  },
  { requiredKeys: [] },
)

describe('hostile HTTP', () => {
  it('thousands of generated requests: never a 5xx, always a known code, refusals change nothing', { timeout: 300_000 }, async () => {
    let refused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
        path,
        query,
        rawBody,
        contentType,
        headers,
        fc.constantFrom('127.0.0.1', '192.168.1.77'),
        fc.constantFrom('none', 'admin', 'clerk'),
        async (method, url, q, payload, type, hdrs, remoteAddress, who) => {
          const before = fingerprint()
          const auth = who === 'admin' ? { authorization: `Bearer ${admin}` } : who === 'clerk' ? { authorization: `Bearer ${clerk}` } : {}
          const res = await app.inject({
            method: method as 'GET',
            url,
            query: q,
            remoteAddress,
            headers: { ...(type ? { 'content-type': type } : {}), ...hdrs, ...auth },
            ...(method === 'GET' || method === 'HEAD' ? {} : { payload }),
          })
          expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500)
          if (res.statusCode >= 400 && method !== 'HEAD') {
            refused++
            expect(isErrorCode(res.json().error?.code), res.body).toBe(true)
            expect(fingerprint(), `${method} ${url} was refused but changed the hall`).toBe(before)
          }
        },
      ),
      { numRuns: 3000 },
    )
    expect(refused).toBeGreaterThan(2000)
  })
})

describe('hostile event-stream messages', () => {
  it('any message gets a pong or an error; the stream stays up and nothing changes', { timeout: 120_000 }, async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const ws = new WebSocket(address.replace('http', 'ws') + '/api/v1/stream')
    const replies: string[] = []
    const waiters: ((m: string) => void)[] = []
    ws.on('message', (m) => {
      const text = String(m)
      const w = waiters.shift()
      if (w) w(text)
      else replies.push(text)
    })
    await new Promise((r) => ws.once('open', r))
    const next = () => (replies.length ? Promise.resolve(replies.shift()!) : new Promise<string>((r) => waiters.push(r)))
    expect(JSON.parse(await next()).type).toBe('snapshot')
    const before = fingerprint()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{"type":"ping"}', '{"type":"ping","x":1}', '{"type":"snapshot"}', '{"__proto__":{"type":"ping"}}'),
          fc.uint8Array({ maxLength: 64 }),
        ),
        async (message) => {
          ws.send(message)
          const reply = JSON.parse(await next()) as { type: string; error?: { code: string } }
          if (reply.type === 'error') expect(isErrorCode(reply.error?.code)).toBe(true)
          else expect(reply.type).toBe('pong')
        },
      ),
      { numRuns: 1000 },
    )
    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect(fingerprint()).toBe(before)
    ws.close()
  })
})
