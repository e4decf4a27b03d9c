/**
 * Ratings come from the customer's side only: the evaluator keypad, a tablet paired as the
 * counter's evaluator, or the rating screen facing the customer — never the clerk's own
 * counter screen or any login.
 */
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { openHall, silentLogger, type Fixture } from '../../support/hall-fixture'

const LAN = '192.168.1.60'
let f: Fixture
let app: FastifyInstance
let manager: string

beforeEach(async () => {
  f = await openHall()
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
  manager = await f.clerk('m1', 'manager')
})
afterEach(async () => {
  await app.close()
  f.close()
})

function lan(method: 'GET' | 'POST', url: string, body?: unknown, opts: { terminal?: string; clerk?: string; cookie?: string; language?: string } = {}) {
  return app.inject({
    method,
    url,
    remoteAddress: LAN,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: {
      ...(opts.terminal ? { 'x-hallq-terminal-token': opts.terminal } : {}),
      ...(opts.clerk ? { authorization: `Bearer ${opts.clerk}` } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.language ? { 'accept-language': opts.language } : {}),
    },
  })
}

async function code(role: 'counter' | 'evaluator' | 'manager' | 'kiosk', counterId?: number): Promise<string> {
  return (await f.run('createPairingCode', { name: `${role} ${counterId ?? ''}`.trim(), role, ...(counterId ? { counterId } : {}) }, manager)).code
}

/** Pairs a fresh terminal (no cookie yet); answers its token. */
async function pair(role: 'counter' | 'evaluator' | 'manager' | 'kiosk', counterId?: number): Promise<string> {
  const res = await lan('POST', '/api/v1/pair', { code: await code(role, counterId) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().token
}

/** A clerk serves one customer at counter 1 through the counter PC; answers the finished record. */
async function served(counterPc: string, clerk: string, counterId = 1): Promise<number> {
  const at = (name: string, body: unknown) => lan('POST', `/api/v1/commands/${name}`, body, { terminal: counterPc, clerk })
  expect((await at('openCounter', { counterId })).statusCode).toBe(200)
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  expect((await at('callNext', { counterId })).statusCode).toBe(200)
  expect((await at('startService', { counterId })).statusCode).toBe(200)
  const done = await at('finishService', { counterId })
  expect(done.statusCode, done.body).toBe(200)
  return done.json().record.id
}

const ratings = () => f.store.logAfter(0, 10_000).filter((l) => l.command === 'rateService')

describe('a rating from the clerk’s side', () => {
  it('is refused from the clerk’s own counter PC and session, in both languages, and changes nothing', async () => {
    const counterPc = await pair('counter', 1)
    const clerk = await f.clerk('c1')
    const recordId = await served(counterPc, clerk)

    const own = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: counterPc, clerk, language: 'zh-CN' })
    expect(own.statusCode).toBe(403)
    expect(own.json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    expect(own.json().error.message).toMatch(/客户/)
    const en = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: counterPc, clerk, language: 'en-US' })
    expect(en.json().error.message).toMatch(/customer/)

    // Without the login, the counter PC's pairing alone is not the customer either.
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: counterPc })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    // Nor a manager's login, nor a manager terminal, nor the kiosk.
    const managerPc = await pair('manager')
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: managerPc, clerk: manager })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: managerPc })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: await pair('kiosk') })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    // Even on the hub PC itself, a login never rates.
    await expect(f.run('rateService', { recordId, score: 4 }, clerk)).rejects.toMatchObject({ code: 'RATING_NOT_FROM_CUSTOMER' })

    expect(f.hall.state.records[recordId]!.rating).toBeNull()
    expect(f.hall.dayRecords(f.hall.state.businessDay).records[0]!.rating).toBeNull()
    expect(ratings()).toHaveLength(0)
  })
})

describe('a rating from the customer’s side', () => {
  it('is accepted from the tablet paired as the counter’s evaluator, for its own counter only', async () => {
    const counterPc = await pair('counter', 1)
    const clerk = await f.clerk('c1')
    const recordId = await served(counterPc, clerk)
    const otherTablet = await pair('evaluator', 2)
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: otherTablet })).json().error.code).toBe('NOT_YOUR_COUNTER')
    const tablet = await pair('evaluator', 1)
    // The tablet carries no login; one sent along is refused all the same.
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { terminal: tablet, clerk })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    const rated = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 1, reason: 'wait' }, { terminal: tablet })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json().record).toMatchObject({ rating: 1, ratingChannel: 'tablet', ratingReason: 'wait' })
    expect(f.hall.dayRecords(f.hall.state.businessDay).records[0]).toMatchObject({ rating: 1, ratingChannel: 'tablet', ratingReason: 'wait' })
    expect(ratings()).toHaveLength(1)
    expect(ratings()[0]!.actor).toMatchObject({ role: 'system', clerkId: null })
    expect(ratings()[0]!.actor.terminal).toMatch(/^evaluator 1#\d+@/)
  })

  it('is accepted from the counter PC’s rating screen once it holds its own evaluator pairing', async () => {
    const paired = await lan('POST', '/api/v1/pair', { code: await code('counter', 1) })
    const counterCookie = String(paired.headers['set-cookie']).split(';')[0]!
    expect(counterCookie).toMatch(/^hallq_terminal=/)
    const clerk = await f.clerk('c1')
    const counterPc = paired.json().token as string
    const recordId = await served(counterPc, clerk)

    // The rating screen of the same browser pairs with an evaluator code: a second cookie, for the API only.
    const screen = await lan('POST', '/api/v1/pair', { code: await code('evaluator', 1) }, { cookie: counterCookie })
    expect(screen.statusCode, screen.body).toBe(200)
    const set = String(screen.headers['set-cookie'])
    expect(set).toMatch(/^hallq_rating=[^;]+;.*Path=\/api\/v1/)
    expect(set).toMatch(/HttpOnly/)
    const both = `${counterCookie}; ${set.split(';')[0]}`
    // The browser is still counter 1's PC, and the hub tells the page it may rate.
    const me = (await lan('GET', '/api/v1/me', undefined, { cookie: both })).json()
    expect(me.terminal).toMatchObject({ role: 'counter', counterId: 1 })
    expect(me.rating).toMatchObject({ role: 'evaluator', counterId: 1 })

    // The clerk's login with it is still refused; the screen without a login is the customer.
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4 }, { cookie: both, clerk })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
    const rated = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 2, reason: 'attitude' }, { cookie: both })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json().record).toMatchObject({ rating: 2, ratingChannel: 'screen', ratingReason: 'attitude' })

    // Revoked, the screen's pairing rates no more.
    const evaluator = f.hall.listTerminals().find((t) => t.role === 'evaluator')!
    await f.run('revokeTerminal', { terminalId: evaluator.id }, f.adminToken)
    const next = await served(counterPc, clerk)
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId: next, score: 4 }, { cookie: both })).json().error.code).toBe('RATING_NOT_FROM_CUSTOMER')
  })

  it('keeps a reason only for 一般 and 不满意', async () => {
    const counterPc = await pair('counter', 1)
    const clerk = await f.clerk('c1')
    const recordId = await served(counterPc, clerk)
    const tablet = await pair('evaluator', 1)
    const wrong = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 4, reason: 'wait' }, { terminal: tablet })
    expect(wrong.json().error.code).toBe('VALIDATION_FAILED')
    expect((await lan('POST', '/api/v1/commands/rateService', { recordId, score: 2, reason: 'rude' }, { terminal: tablet })).json().error.code).toBe('VALIDATION_FAILED')
    expect(f.hall.state.records[recordId]!.rating).toBeNull()
    const rated = await lan('POST', '/api/v1/commands/rateService', { recordId, score: 3 }, { terminal: tablet })
    expect(rated.json().record).toMatchObject({ rating: 3, ratingChannel: 'tablet', ratingReason: null })
  })
})
