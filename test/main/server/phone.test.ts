/**
 * The customer's phone page over HTTP: the key printed in the QR opens that ticket's view and
 * nothing else; its stream carries only that ticket; the rating is the customer's, once; and a
 * guest on the Wi-Fi reaches nothing but the phone page.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { WebSocket } from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { phoneAssets, screensRoutes } from '../../../src/main/server/routes/screens'
import type { PhoneStreamMessage, PhoneTicketView } from '../../../src/shared/phone'
import { clerkAtCounter, MINUTE, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'

const GUEST_HOST = 'hallq.guest:8080'
const GUEST_PHONE = '10.20.0.57'
const LAN = '192.168.1.50'
let f: Fixture
let app: FastifyInstance
let build: ReturnType<typeof tempDir>

beforeEach(async () => {
  f = await openHall()
  build = tempDir('hallq-phone-build-')
  mkdirSync(join(build.dir, 'assets'))
  writeFileSync(join(build.dir, 'index.html'), '<!doctype html><script type="module" src="./assets/index-abc.js"></script>')
  writeFileSync(join(build.dir, 'phone.html'), '<!doctype html><script type="module" src="./assets/phone-abc.js"></script><link rel="modulepreload" href="./assets/wait-words-abc.js">')
  for (const name of ['index-abc.js', 'phone-abc.js', 'wait-words-abc.js', 'CounterView-abc.js']) writeFileSync(join(build.dir, 'assets', name), 'export {}')
  await f.run('updateSettings', { patch: { phone: { guestUrl: `http://${GUEST_HOST}`, wifiName: 'Hall-Guest', guestNetworks: ['10.20.0.0/24'] } } }, f.adminToken)
  app = await buildServer({
    hall: f.hall,
    logger: silentLogger,
    version: 't',
    routes: [screensRoutes({ rendererDir: build.dir, voiceDirs: [] })],
    guestPaths: [phoneAssets(build.dir)],
  })
})
afterEach(async () => {
  await app.close()
  f.close()
  build.remove()
})

const issue = async (serviceId = 'MOBILE') => f.run('issueTicket', { serviceId })
const apiOf = (phoneUrl: string) => {
  const u = new URL(phoneUrl)
  return { page: u.pathname + u.search, api: `/api/v1/phone/${u.pathname.slice(3)}${u.search}`, key: u.searchParams.get('k')! }
}

function guest(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method, url, remoteAddress: GUEST_PHONE, headers: { host: GUEST_HOST, ...headers }, ...(body === undefined ? {} : { payload: body as object }) })
}

describe('the phone link', () => {
  it('comes with each ticket: a 96-bit key in the URL, only its hash in the database, nothing in the log', async () => {
    const a = await issue()
    const b = await issue()
    expect(a.phoneUrl).toMatch(new RegExp(`^http://${GUEST_HOST}/t/${a.ticket.businessDay}/${a.ticket.number}\\?k=[A-Za-z0-9_-]{16}$`))
    const ka = apiOf(a.phoneUrl!).key
    expect(ka).not.toBe(apiOf(b.phoneUrl!).key)
    const rows = f.db.prepare('SELECT * FROM phone_links').all() as { key_hash: string; ticket_id: number }[]
    expect(rows.map((r) => r.ticket_id).sort()).toEqual([a.ticket.id, b.ticket.id])
    expect(JSON.stringify(rows)).not.toContain(ka)
    expect(JSON.stringify(f.db.prepare('SELECT * FROM event_log').all())).not.toContain(ka)
  })

  it('is absent while the hall has no guest address', async () => {
    await f.run('updateSettings', { patch: { phone: { guestUrl: '' } } }, f.adminToken)
    expect((await issue()).phoneUrl).toBeNull()
  })

  it('a retried issue (same idempotency key) answers without the link: the key is never stored', async () => {
    const first = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 't', local: true }, { idempotencyKey: 'kiosk-1-000001' })
    const again = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 't', local: true }, { idempotencyKey: 'kiosk-1-000001' })
    expect(first.phoneUrl).not.toBeNull()
    expect(again.ticket.id).toBe(first.ticket.id)
    expect(again.phoneUrl).toBeNull()
  })
})

describe('the ticket view', () => {
  it('shows the ticket, people ahead falling as others are called, the call, and the rating once', async () => {
    const clerk = await clerkAtCounter(f, 'c1', 1)
    await issue()
    await issue()
    const mine = await issue()
    const { api } = apiOf(mine.phoneUrl!)
    const view = async () => {
      const res = await guest('GET', api)
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as PhoneTicketView
    }
    const first = await view()
    expect(first).toMatchObject({ number: mine.ticket.number, state: 'waiting', ahead: 2, missedCallRule: 'requeue', requeuePlaces: 3, service: { zh: '移动业务' }, counter: null })
    expect(first.minutes).toEqual(expect.any(Number))
    // Nothing about anyone else: no other numbers, no clerk.
    const text = JSON.stringify(first)
    expect(text).not.toMatch(/A00[12]/)
    expect(text).not.toContain('营业员')

    await f.run('callNext', { counterId: 1 }, clerk)
    expect((await view()).ahead).toBe(1)
    await f.run('startService', { counterId: 1 }, clerk)
    await f.run('finishService', { counterId: 1 }, clerk)
    await f.run('callNext', { counterId: 1 }, clerk)
    expect((await view()).ahead).toBe(0)
    await f.run('startService', { counterId: 1 }, clerk)
    await f.run('finishService', { counterId: 1 }, clerk)
    await f.run('callNext', { counterId: 1 }, clerk)
    expect(await view()).toMatchObject({ state: 'called', counter: { id: 1, name: '1号窗口' }, ahead: null, callCount: 1 })
    await f.run('startService', { counterId: 1 }, clerk)
    expect((await view()).state).toBe('serving')
    await f.run('finishService', { counterId: 1 }, clerk)
    expect(await view()).toMatchObject({ state: 'done', rating: 'offered' })

    const rated = await guest('POST', api.replace('?', '/rating?'), { score: 4 })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json()).toMatchObject({ state: 'done', rating: 'given' })
    const record = Object.values(f.hall.state.records).find((r) => r.ticketId === mine.ticket.id)!
    expect(record).toMatchObject({ rating: 4, ratingChannel: 'phone' })
    expect(f.db.prepare('SELECT rating, rating_channel FROM service_records WHERE id = ?').get(record.id)).toEqual({ rating: 4, rating_channel: 'phone' })
    const again = await guest('POST', api.replace('?', '/rating?'), { score: 1 })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_RATED')
  })

  it('refuses a rating from a staff device, and a score that is not 1–4', async () => {
    const clerk = await clerkAtCounter(f, 'c1', 1)
    const mine = await issue()
    await f.run('callNext', { counterId: 1 }, clerk)
    await f.run('startService', { counterId: 1 }, clerk)
    await f.run('finishService', { counterId: 1 }, clerk)
    const rating = apiOf(mine.phoneUrl!).api.replace('?', '/rating?')
    const fromLan = (headers: Record<string, string>, remoteAddress = LAN) => app.inject({ method: 'POST', url: rating, remoteAddress, headers, payload: { score: 4 } })
    for (const res of [await fromLan({ authorization: `Bearer ${clerk}` }), await fromLan({ 'x-hallq-terminal-token': 'x' }), await fromLan({ cookie: 'hallq_terminal=x' }), await fromLan({}, '127.0.0.1')]) {
      expect(res.statusCode, res.body).toBe(403)
    }
    expect((await guest('POST', rating, { score: 5 })).statusCode).toBe(400)
    expect(Object.values(f.hall.state.records)[0]!.rating).toBeNull()
  })

  it('says nothing for a missing, wrong or other ticket key, an unknown number, or yesterday', async () => {
    const a = await issue()
    const b = await issue()
    const { key: ka } = apiOf(a.phoneUrl!)
    const { key: kb } = apiOf(b.phoneUrl!)
    const day = a.ticket.businessDay
    for (const url of [
      `/api/v1/phone/${day}/${a.ticket.number}`,
      `/api/v1/phone/${day}/${a.ticket.number}?k=AAAAAAAAAAAAAAAA`,
      `/api/v1/phone/${day}/${a.ticket.number}?k=${kb}`,
      `/api/v1/phone/${day}/A999?k=${ka}`,
      `/api/v1/phone/2026-11-27/${a.ticket.number}?k=${ka}`,
    ]) {
      const res = await guest('GET', url)
      expect(res.statusCode, url).toBe(404)
      expect(res.json().error.code).toBe('NOT_FOUND')
      expect(res.body).not.toContain(a.ticket.number)
    }
    // The next business day: yesterday's link opens nothing.
    f.clock.advance(24 * 60 * MINUTE)
    f.hall.rolloverIfDue()
    expect((await guest('GET', apiOf(a.phoneUrl!).api)).statusCode).toBe(404)
  })

  it('holds an address that keeps guessing keys to a pace', async () => {
    const a = await issue()
    const wrong = `/api/v1/phone/${a.ticket.businessDay}/${a.ticket.number}?k=AAAAAAAAAAAAAAAA`
    for (let i = 0; i < 10; i++) expect((await guest('GET', wrong)).statusCode).toBe(404)
    const locked = await guest('GET', apiOf(a.phoneUrl!).api)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error.code).toBe('TOO_MANY_REQUESTS')
    // Another phone is not held up.
    const other = await app.inject({ method: 'GET', url: apiOf(a.phoneUrl!).api, remoteAddress: '10.20.0.58', headers: { host: GUEST_HOST } })
    expect(other.statusCode).toBe(200)
  })
})

describe('a guest on the Wi-Fi', () => {
  const OTHER_ROUTES = [
    ['GET', '/'],
    ['GET', '/kiosk'],
    ['GET', '/counter'],
    ['GET', '/settings/devices'],
    ['GET', '/assets/index-abc.js'],
    ['GET', '/assets/CounterView-abc.js'],
    ['GET', '/api/v1/health'],
    ['GET', '/api/v1/snapshot'],
    ['GET', '/api/v1/events?after=0'],
    ['GET', '/api/v1/me'],
    ['GET', '/api/v1/stream'],
    ['GET', '/api/v1/terminals'],
    ['GET', '/api/v1/days/2026-11-28/records'],
    ['GET', '/voice/zh-CN/index.json'],
    ['GET', '/nothing-here'],
    ['POST', '/api/v1/commands/issueTicket', { serviceId: 'MOBILE' }],
    ['POST', '/api/v1/commands/login', { staffCode: 'admin', pin: '246810' }],
    ['POST', '/api/v1/pair', { code: 'ABCD-2345' }],
  ] as const

  it('reaches the phone page, its assets and its API', async () => {
    const a = await issue()
    const { page, api } = apiOf(a.phoneUrl!)
    expect((await guest('GET', page)).statusCode).toBe(200)
    expect((await guest('GET', '/assets/phone-abc.js')).statusCode).toBe(200)
    expect((await guest('GET', '/assets/wait-words-abc.js')).statusCode).toBe(200)
    expect((await guest('GET', api)).statusCode).toBe(200)
  })

  it('is refused everywhere else as an unpaired caller — by network, and by the guest address in Host even on loopback', async () => {
    const ticketsBefore = Object.keys(f.hall.state.tickets).length
    for (const [how, send] of [
      ['guest network', (m: 'GET' | 'POST', url: string, body?: unknown) => app.inject({ method: m, url, remoteAddress: GUEST_PHONE, ...(body ? { payload: body as object } : {}) })],
      ['guest Host on loopback', (m: 'GET' | 'POST', url: string, body?: unknown) => app.inject({ method: m, url, remoteAddress: '127.0.0.1', headers: { host: GUEST_HOST }, ...(body ? { payload: body as object } : {}) })],
    ] as const) {
      for (const [method, url, body] of OTHER_ROUTES) {
        const res = await send(method, url, body)
        expect(res.statusCode, `${how} ${method} ${url}`).toBe(401)
        expect(res.json().error.code, url).toBe('TERMINAL_NOT_PAIRED')
      }
    }
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(ticketsBefore)
    // The same routes still answer the hub PC's own screens and the LAN as before.
    expect((await app.inject({ method: 'GET', url: '/api/v1/snapshot', remoteAddress: '127.0.0.1' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/kiosk', remoteAddress: LAN })).statusCode).toBe(200)
  })
})

describe('the phone stream', () => {
  it('sends the ticket and its changes, and nothing of anyone else', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const clerk = await clerkAtCounter(f, 'c1', 1)
    await issue()
    const mine = await issue()
    const other = await issue()
    const { api } = apiOf(mine.phoneUrl!)
    const [path, query] = api.split('?')
    const ws = new WebSocket(`${url.replace('http', 'ws')}${path}/stream?${query}`, { headers: { host: GUEST_HOST } })
    const got: PhoneStreamMessage[] = []
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as PhoneStreamMessage))
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10))
      expect(pred()).toBe(true)
    }
    const last = () => got.filter((m) => m.type === 'ticket').at(-1) as { type: 'ticket'; ticket: PhoneTicketView } | undefined
    await until(() => last()?.ticket.ahead === 1)
    await f.run('callNext', { counterId: 1 }, clerk)
    await until(() => last()?.ticket.ahead === 0)
    await f.run('startService', { counterId: 1 }, clerk)
    await f.run('finishService', { counterId: 1 }, clerk)
    await f.run('callNext', { counterId: 1 }, clerk)
    await until(() => last()?.ticket.state === 'called')
    expect(last()!.ticket.counter).toEqual({ id: 1, name: '1号窗口' })
    ws.close()
    expect(got.every((m) => m.type === 'ticket' && m.ticket.number === mine.ticket.number)).toBe(true)
    expect(JSON.stringify(got)).not.toContain(other.ticket.number)
  })

  it('refuses the upgrade without the right key', async () => {
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const a = await issue()
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/phone/${a.ticket.businessDay}/${a.ticket.number}/stream?k=AAAAAAAAAAAAAAAA`)
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))
    expect(status).toBe(404)
  })
})
