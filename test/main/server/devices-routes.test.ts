/**
 * The devices through the hub's own composition (startHallApp with its extensions): the
 * /devices routes and their access rules, and the 'devices' messages on the event stream.
 */
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../../src/main/app'
import { PAGE_CACHE_KIB } from '../../../src/main/store/database'
import type { StreamMessage } from '../../../src/shared/api'
import { ADMIN_PIN, silentLogger, tempDir } from '../../support/hall-fixture'
import { until } from '../../support/fake-serial'

let app: HallApp
let data: { dir: string; remove(): void }
let admin: string
let manager: string
let clerk: string

const call = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

beforeAll(async () => {
  data = tempDir('hallq-devices-routes-')
  app = await startHallApp({ dataDir: data.dir, port: 0, host: '127.0.0.1', version: 'test', adminPin: ADMIN_PIN, logger: silentLogger })
  admin = (await call('POST', '/api/v1/commands/login', undefined, { staffCode: 'admin', pin: ADMIN_PIN })).body.token
  await call('POST', '/api/v1/commands/saveClerk', admin, { staffCode: 'm1', name: '经理', role: 'manager', active: true, pin: '1234' })
  await call('POST', '/api/v1/commands/saveClerk', admin, { staffCode: 'c1', name: '营业员', role: 'clerk', active: true, pin: '1234' })
  manager = (await call('POST', '/api/v1/commands/login', undefined, { staffCode: 'm1', pin: '1234' })).body.token
  clerk = (await call('POST', '/api/v1/commands/login', undefined, { staffCode: 'c1', pin: '1234' })).body.token
  const saved = await call('POST', '/api/v1/commands/updateSettings', admin, {
    patch: {
      devices: {
        list: [
          { id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'virtual' } },
          { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'virtual' } },
        ],
      },
    },
  })
  expect(saved.status).toBe(200)
})
afterAll(async () => {
  await app?.close()
  data?.remove()
})

it("the hub's connection keeps a 4 MB page cache, not better-sqlite3's 16 MB (store/database.ts)", () => {
  expect(app.db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB)
})

describe('/api/v1/devices', () => {
  it('lists every device with its health, for managers and admins only', async () => {
    expect((await call('GET', '/api/v1/devices')).status).toBe(401)
    expect((await call('GET', '/api/v1/devices', clerk)).body.error.code).toBe('FORBIDDEN')
    let res = await call('GET', '/api/v1/devices', manager)
    for (let i = 0; i < 50 && !res.body.devices.every((d: { connected: boolean }) => d.connected); i++) {
      await new Promise((r) => setTimeout(r, 50))
      res = await call('GET', '/api/v1/devices', manager)
    }
    expect(res.status).toBe(200)
    expect(res.body.devices).toEqual([
      expect.objectContaining({ id: 'kiosk-printer', kind: 'printer', backend: 'virtual', connected: true, problems: [], virtual: { kind: 'printer', printed: 0, lastTicket: null } }),
      expect.objectContaining({ id: 'bars', kind: 'counterBars', backend: 'virtual', connected: true }),
    ])
  })

  it('lists the serial ports, without crashing where udevadm is missing', async () => {
    const res = await call('GET', '/api/v1/devices/ports', manager)
    expect(res.status).toBe(200)
    expect(Array.isArray(res.body.ports)).toBe(true)
  })

  it('test print and test display are for admins; an unknown device is 404', async () => {
    expect((await call('POST', '/api/v1/devices/bars/test', manager, {})).body.error.code).toBe('FORBIDDEN')
    expect((await call('POST', '/api/v1/devices/nope/test', admin, {})).body).toMatchObject({ error: { code: 'UNKNOWN_DEVICE', message: '没有这个设备' } })
    expect((await call('POST', '/api/v1/devices/bars/test', admin, { colour: 'red' })).status).toBe(400)
    const display = await call('POST', '/api/v1/devices/bars/test', admin, { text: '测试', address: 1 })
    expect(display).toMatchObject({ status: 200, body: { kind: 'display', ok: true, addresses: [1] } })
    const print = await call('POST', '/api/v1/devices/kiosk-printer/test', admin, {})
    expect(print).toMatchObject({ status: 200, body: { kind: 'printer', job: { ok: true, deviceId: 'kiosk-printer' } } })
  })
})

describe('the event stream', () => {
  it('carries device health after the snapshot, and the result of each print job', async () => {
    const ws = new WebSocket(app.url.replace('http', 'ws') + '/api/v1/stream')
    const got: StreamMessage[] = []
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as StreamMessage))
    await until(() => got.length >= 2, 5000, 'first messages')
    expect(got[0]!.type).toBe('snapshot')
    expect(got[1]).toMatchObject({ type: 'devices', event: 'snapshot', devices: [{ id: 'kiosk-printer' }, { id: 'bars' }] })
    const issued = await call('POST', '/api/v1/commands/issueTicket', undefined, { serviceId: 'MOBILE' })
    await until(() => got.some((m) => m.type === 'devices' && m.event === 'printJob'), 5000, 'print job message')
    const job = got.find((m) => m.type === 'devices' && m.event === 'printJob')
    expect(job).toMatchObject({ job: { ticketId: issued.body.ticket.id, number: issued.body.ticket.number, ok: true } })
    ws.close()
  })
})
