import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import type { StreamMessage } from '../../../src/shared/api'
import { ADMIN_PIN, openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

let f: Fixture
let app: FastifyInstance

beforeEach(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: '0.0.0-test' })
})
afterEach(async () => {
  await app.close()
  f.close()
})

const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/v1/commands/${name}`, payload: body as object, headers })

async function token(staffCode = 'admin', pin = ADMIN_PIN): Promise<string> {
  const res = await post('login', { staffCode, pin })
  return (res.json() as { token: string }).token
}

describe('HTTP API', () => {
  it('answers health without credentials', async () => {
    const res = await app.inject('/api/v1/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ ok: true, name: 'hallq', version: '0.0.0-test', businessDay: '2026-11-28' })
  })

  it('runs a command and answers its result', async () => {
    const res = await post('issueTicket', { serviceId: 'MOBILE' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ ticket: { number: 'A001' }, service: { id: 'MOBILE' } })
  })

  it('errors are JSON with a stable code and a translated message', async () => {
    const zh = await post('issueTicket', { serviceId: 'NOPE' })
    expect(zh.statusCode).toBe(404)
    expect(zh.json()).toEqual({ error: { code: 'UNKNOWN_SERVICE', message: '没有这项业务', details: { serviceId: 'NOPE' } } })
    const en = await post('issueTicket', { serviceId: 'NOPE' }, { 'accept-language': 'en-US,en;q=0.9' })
    expect(en.json()).toMatchObject({ error: { code: 'UNKNOWN_SERVICE', message: 'There is no such service' } })
  })

  it.each([
    ['malformed JSON', { payload: '{"serviceId":', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['poisoned prototype', { payload: '{"__proto__":{"x":1},"serviceId":"MOBILE"}', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
    ['form body', { payload: 'serviceId=MOBILE', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['huge body', { payload: JSON.stringify({ serviceId: 'MOBILE', x: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } }, 413, 'PAYLOAD_TOO_LARGE'],
    ['empty JSON body', { payload: '', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED'],
  ])('%s → %i %s', async (_name, req, status, code) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/commands/issueTicket', ...req })
    expect(res.statusCode).toBe(status)
    expect(res.json().error.code).toBe(code)
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
  })

  it('unknown paths and commands are 404 JSON', async () => {
    expect((await app.inject('/api/v1/nothing')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await post('dropTables', {})).json()).toMatchObject({ error: { code: 'UNKNOWN_COMMAND' } })
  })

  it('compiles no Fastify route schemas (requests are validated with zod), so Ajv is never loaded', async () => {
    const withSchema = (schema: object) => async (routes: FastifyInstance) => {
      routes.post('/api/v1/schema-test', { schema }, async () => ({ ok: true }))
    }
    for (const schema of [{ body: { type: 'object' } }, { response: { 200: { type: 'object' } } }]) {
      const other = await buildServer({ hall: f.hall, logger: silentLogger, version: '0.0.0-test', routes: [withSchema(schema)] })
      await expect(other.ready()).rejects.toThrow(/validate with the shared zod schemas/)
      await other.close().catch(() => undefined)
    }
  })

  it('bearer tokens carry the clerk; no token is the kiosk', async () => {
    const admin = await token()
    expect((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${admin}` } })).json()).toMatchObject({ actor: { role: 'admin', clerkId: 1 } })
    expect((await app.inject('/api/v1/me')).json()).toMatchObject({ actor: { role: 'anonymous' } })
    expect((await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401)
    expect((await post('closeDay', {})).statusCode).toBe(401)
  })

  it('the terminal header is recorded in the audit log', async () => {
    await post('issueTicket', { serviceId: 'MOBILE' }, { 'x-hallq-terminal': 'kiosk-1' })
    expect(f.store.logAfter(0, 100).at(-1)!.actor.terminal).toBe('kiosk-1@127.0.0.1')
  })

  it('a retried command with the same Idempotency-Key is applied once', async () => {
    const a = await post('issueTicket', { serviceId: 'MOBILE' }, { 'idempotency-key': 'retry-0000001' })
    const b = await post('issueTicket', { serviceId: 'MOBILE' }, { 'idempotency-key': 'retry-0000001' })
    expect(b.json()).toEqual(a.json())
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(1)
    expect((await post('issueTicket', { serviceId: 'MOBILE' }, { 'idempotency-key': 'bad key!' })).statusCode).toBe(400)
  })

  it('day records and the audit log are for managers only', async () => {
    await post('issueTicket', { serviceId: 'MOBILE' })
    expect((await app.inject('/api/v1/days/2026-11-28/records')).statusCode).toBe(401)
    const clerkToken = await f.clerk('c1')
    expect((await app.inject({ url: '/api/v1/days/2026-11-28/records', headers: { authorization: `Bearer ${clerkToken}` } })).statusCode).toBe(403)
    const auth = { authorization: `Bearer ${await token()}` }
    const records = await app.inject({ url: '/api/v1/days/2026-11-28/records', headers: auth })
    expect(records.json()).toMatchObject({ businessDay: '2026-11-28', tickets: [{ number: 'A001' }], records: [] })
    expect((await app.inject({ url: '/api/v1/days/2026-13-45/records', headers: auth })).statusCode).toBe(400)
    const log = await app.inject({ url: '/api/v1/days/2026-11-28/log', headers: auth })
    expect((log.json() as { log: { command: string }[] }).log.map((l) => l.command)).toContain('issueTicket')
  })

  it('lists events after a sequence number', async () => {
    const { seq } = f.hall.snapshot()
    await post('issueTicket', { serviceId: 'MOBILE' })
    const res = (await app.inject(`/api/v1/events?after=${seq}`)).json() as { events: { seq: number; command: string }[]; lastSeq: number }
    expect(res.events.map((e) => [e.seq, e.command])).toEqual([[seq + 1, 'issueTicket']])
    expect(res.lastSeq).toBe(seq + 1)
    expect((await app.inject('/api/v1/events?after=-1')).statusCode).toBe(400)
  })
})

describe('event stream', () => {
  let url: string
  beforeEach(async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    url = address.replace('http', 'ws') + '/api/v1/stream'
  })

  function connect(query = ''): Promise<{ ws: WebSocket; messages: StreamMessage[]; next: () => Promise<StreamMessage> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url + query)
      const messages: StreamMessage[] = []
      const waiters: ((m: StreamMessage) => void)[] = []
      let read = 0
      ws.on('message', (data) => {
        messages.push(JSON.parse(String(data)) as StreamMessage)
        waiters.shift()?.(messages[messages.length - 1]!)
      })
      const next = () => (read < messages.length ? Promise.resolve(messages[read++]!) : new Promise<StreamMessage>((r) => waiters.push((m) => (read++, r(m)))))
      ws.on('open', () => resolve({ ws, messages, next }))
      ws.on('error', reject)
    })
  }

  it('starts with a snapshot, then numbered events as they commit', async () => {
    const c = await connect()
    const first = await c.next()
    expect(first.type).toBe('snapshot')
    const seq = (first as { seq: number }).seq
    await post('issueTicket', { serviceId: 'MOBILE' })
    const ev = await c.next()
    expect(ev).toMatchObject({ type: 'event', seq: seq + 1, command: 'issueTicket', events: [{ type: 'ticketIssued', ticket: { number: 'A001' } }] })
    c.ws.close()
  })

  it('a client that reconnects with ?after=N gets exactly what it missed', async () => {
    const { seq } = f.hall.snapshot()
    await post('issueTicket', { serviceId: 'MOBILE' })
    await post('issueTicket', { serviceId: 'PAYMENT' })
    const c = await connect(`?after=${seq}`)
    const a = await c.next()
    const b = await c.next()
    expect([a, b].map((m) => (m as { seq: number }).seq)).toEqual([seq + 1, seq + 2])
    c.ws.close()
  })

  it('a client from the future, or too far behind, gets a fresh snapshot', async () => {
    const c = await connect('?after=999999')
    expect((await c.next()).type).toBe('snapshot')
    c.ws.close()
  })

  it('answers ping, and rejects nonsense without closing', async () => {
    const c = await connect()
    await c.next()
    c.ws.send('not json')
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'VALIDATION_FAILED' } })
    c.ws.send(JSON.stringify({ type: 'ping' }))
    expect(await c.next()).toEqual({ type: 'pong' })
    c.ws.close()
  })
})
