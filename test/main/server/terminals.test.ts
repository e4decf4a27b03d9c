import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

const LAN = '192.168.1.50'
let f: Fixture
let app: FastifyInstance

beforeEach(async () => {
  f = await openHall()
  f.hall.sleep = async () => undefined
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
})
afterEach(async () => {
  await app.close()
  f.close()
})

/** A request from a PC on the hall's LAN, with an optional terminal token and clerk token. */
function lan(method: 'GET' | 'POST', url: string, body?: unknown, opts: { terminal?: string; clerk?: string; cookie?: string } = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: LAN,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: {
      ...(opts.terminal ? { 'x-hallq-terminal-token': opts.terminal } : {}),
      ...(opts.clerk ? { authorization: `Bearer ${opts.clerk}` } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
  })
}

let managers = 0
async function pairingCode(role: string, counterId?: number): Promise<string> {
  const manager = await f.clerk(`m${++managers}`, 'manager')
  return (await f.run('createPairingCode', { name: `${role} ${counterId ?? ''}`.trim(), role: role as never, ...(counterId ? { counterId } : {}) }, manager)).code
}

async function pair(role: string, counterId?: number): Promise<string> {
  const res = await lan('POST', '/api/v1/pair', { code: await pairingCode(role, counterId) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().token
}

describe('an unpaired client on the LAN', () => {
  it('gets nothing but health and pairing', async () => {
    expect((await lan('GET', '/api/v1/health')).statusCode).toBe(200)
    for (const [method, url, body] of [
      ['GET', '/api/v1/snapshot'],
      ['GET', '/api/v1/events?after=0'],
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/days/2026-11-28/records'],
      ['POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }],
      ['POST', '/api/v1/commands/login', { staffCode: 'admin', pin: '246810' }],
    ] as const) {
      const res = await lan(method, url, body)
      expect(res.statusCode, url).toBe(401)
      expect(res.json().error.code).toBe('TERMINAL_NOT_PAIRED')
    }
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
    expect((await lan('POST', '/api/v1/pair', { code: 'AAAA-BBBB' })).json().error.code).toBe('PAIRING_CODE_INVALID')
  })

  it('a forged or revoked terminal token is no better', async () => {
    expect((await lan('GET', '/api/v1/snapshot', undefined, { terminal: 'forged-token' })).statusCode).toBe(401)
    const token = await pair('display')
    expect((await lan('GET', '/api/v1/snapshot', undefined, { terminal: token })).statusCode).toBe(200)
    const id = f.hall.listTerminals()[0]!.id
    await f.run('revokeTerminal', { terminalId: id }, f.adminToken)
    expect((await lan('GET', '/api/v1/snapshot', undefined, { terminal: token })).statusCode).toBe(401)
  })
})

describe('pairing', () => {
  it('a code is single use, expires after ten minutes, and is never stored or logged in clear', async () => {
    const code = await pairingCode('kiosk')
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
    const first = await lan('POST', '/api/v1/pair', { code: code.toLowerCase().replace('-', '') })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ terminal: { role: 'kiosk', name: 'kiosk' }, tlsFingerprint: null, tlsCertificate: null })
    const cookie = first.cookies.find((c) => c.name === 'hallq_terminal')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(cookie.value).toBe(first.json().token)
    expect((await lan('POST', '/api/v1/pair', { code })).json().error.code).toBe('PAIRING_CODE_INVALID')

    const late = await pairingCode('display')
    f.clock.minutes(11)
    expect((await lan('POST', '/api/v1/pair', { code: late })).json().error.code).toBe('PAIRING_CODE_INVALID')

    const dump = JSON.stringify([f.db.prepare('SELECT * FROM terminals').all(), f.db.prepare('SELECT * FROM pairing_codes').all(), f.db.prepare('SELECT * FROM event_log').all()])
    expect(dump).not.toContain(first.json().token)
    expect(dump).not.toContain(code)
    expect(dump).not.toContain(code.replace('-', ''))
    const audit = f.hall.logOfDay(f.hall.state.businessDay).map((l) => l.command)
    expect(audit).toEqual(expect.arrayContaining(['createPairingCode', 'pairTerminal']))
  })

  it('guessing codes is throttled and then locked', async () => {
    const codes: string[] = []
    for (let i = 0; i < 12; i++) codes.push((await lan('POST', '/api/v1/pair', { code: `AAAA-${'BCDEFGHJKLMN'[i]}AAA` })).json().error.code)
    expect(codes.slice(0, 10).every((c) => c === 'PAIRING_CODE_INVALID')).toBe(true)
    expect(codes.slice(10)).toEqual(['PIN_LOCKED', 'PIN_LOCKED'])
  })

  it('only a manager makes codes, only an admin revokes; codes name a real counter', async () => {
    const clerk = await f.clerk('c1')
    expect((await f.run('createPairingCode', { name: 'x', role: 'kiosk' }, clerk).catch((e) => e)).code).toBe('FORBIDDEN')
    expect((await f.run('createPairingCode', { name: 'x', role: 'counter', counterId: 99 }, f.adminToken).catch((e) => e)).code).toBe('UNKNOWN_COUNTER')
    expect((await f.run('createPairingCode', { name: 'x', role: 'counter' }, f.adminToken).catch((e) => e)).code).toBe('VALIDATION_FAILED')
    const manager = await f.clerk('boss', 'manager')
    expect((await f.run('revokeTerminal', { terminalId: 1 }, manager).catch((e) => e)).code).toBe('FORBIDDEN')
    expect((await f.run('revokeTerminal', { terminalId: 99 }, f.adminToken).catch((e) => e)).code).toBe('UNKNOWN_TERMINAL')
  })
})

describe('what each terminal may do', () => {
  it('a kiosk only issues tickets (and reads the hall for its tiles)', async () => {
    const kiosk = await pair('kiosk')
    expect((await lan('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }, { terminal: kiosk })).statusCode).toBe(200)
    expect((await lan('GET', '/api/v1/snapshot', undefined, { terminal: kiosk })).statusCode).toBe(200)
    const login = await lan('POST', '/api/v1/commands/login', { staffCode: 'admin', pin: '246810' }, { terminal: kiosk })
    expect(login.json().error.code).toBe('TERMINAL_NOT_ALLOWED')
  })

  it('a display only reads, also through the cookie', async () => {
    const display = await pair('display')
    const cookie = `hallq_terminal=${display}`
    expect((await lan('GET', '/api/v1/snapshot', undefined, { cookie })).statusCode).toBe(200)
    expect((await lan('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }, { cookie })).json().error.code).toBe('TERMINAL_NOT_ALLOWED')
  })

  it('a counter terminal: the clerk logs in, and only its own counter opens', async () => {
    const counter2 = await pair('counter', 2)
    await f.clerk('1001')
    const login = await lan('POST', '/api/v1/commands/login', { staffCode: '1001', pin: '1234' }, { terminal: counter2 })
    const clerk = login.json().token as string
    expect((await lan('POST', '/api/v1/commands/openCounter', { counterId: 1 }, { terminal: counter2, clerk })).json().error.code).toBe('NOT_YOUR_COUNTER')
    expect((await lan('POST', '/api/v1/commands/openCounter', { counterId: 2 }, { terminal: counter2, clerk })).statusCode).toBe(200)
    // The clerk's token alone, from an unpaired PC, is not enough.
    expect((await lan('POST', '/api/v1/commands/closeCounter', { counterId: 2 }, { clerk })).json().error.code).toBe('TERMINAL_NOT_PAIRED')
    const log = f.hall.logOfDay(f.hall.state.businessDay).find((l) => l.command === 'openCounter')!
    expect(log.actor.terminal).toMatch(/^counter 2#\d+@192\.168\.1\.50$/)
  })

  it('an evaluator tablet rates the services of its own counter, without a login', async () => {
    const t1 = await f.clerk('c1')
    await f.run('openCounter', { counterId: 1 }, t1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, t1)
    await f.run('startService', { counterId: 1 }, t1)
    const { record } = await f.run('finishService', { counterId: 1 }, t1)
    const other = await pair('evaluator', 2)
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId: record.id, score: 4 }, { terminal: other })).json().error.code).toBe('NOT_YOUR_COUNTER')
    const mine = await pair('evaluator', 1)
    expect((await lan('POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }, { terminal: mine })).json().error.code).toBe('TERMINAL_NOT_ALLOWED')
    const rated = await lan('POST', '/api/v1/commands/rateService', { recordId: record.id, score: 4 }, { terminal: mine })
    expect(rated.statusCode).toBe(200)
    expect(rated.json().record.rating).toBe(4)
  })
})

describe('the hub PC itself', () => {
  it('is trusted on loopback by default, and must pair like anyone once that is turned off', async () => {
    expect((await app.inject('/api/v1/snapshot')).statusCode).toBe(200)
    await f.run('updateSettings', { patch: { security: { trustLoopback: false } } }, f.adminToken)
    expect((await app.inject('/api/v1/snapshot')).statusCode).toBe(401)
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(address.replace('http', 'ws') + '/api/v1/stream')
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => resolve(101))
    })
    expect(refused).toBe(401)
    const token = await pair('display')
    const first = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(address.replace('http', 'ws') + '/api/v1/stream', { headers: { 'x-hallq-terminal-token': token } })
      ws.on('message', (m) => {
        resolve(JSON.parse(String(m)).type)
        ws.close()
      })
      ws.on('error', reject)
    })
    expect(first).toBe('snapshot')
  })
})
