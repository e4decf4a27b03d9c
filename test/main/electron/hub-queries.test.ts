/**
 * The hub's reads and actions beyond commands (devices, ports, terminals, backups) through the
 * desktop app's IPC: the same functions answer as over HTTP, with the same access rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHallApp, type HallApp } from '../../../src/main/app'
import { registerHallIpc } from '../../../src/main/electron/ipc'
import { HUB_ACTIONS, HUB_READS, IPC, REPORT_QUERY_NAMES } from '../../../src/shared/ipc'
import { ADMIN_PIN, silentLogger, tempDir } from '../../support/hall-fixture'

const RENDERER = 'file:///opt/HallQ/resources/app.asar/out/renderer/index.html'
const ours = { senderFrame: { url: `${RENDERER}#/settings` } }
type Handler = (event: unknown, arg: unknown) => unknown

let app: HallApp
let data: { dir: string; remove(): void }
let query: (name: string, args: Record<string, unknown>) => Promise<any>
let unregister: () => void
let admin: string
let manager: string

const http = async (method: string, path: string, token?: string, body?: unknown) => {
  const res = await fetch(app.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await res.json()) as any
}

beforeAll(async () => {
  data = tempDir('hallq-hub-queries-')
  app = await startHallApp({ dataDir: data.dir, port: 0, host: '127.0.0.1', version: 'test', adminPin: ADMIN_PIN, logger: silentLogger })
  const handlers = new Map<string, Handler>()
  unregister = registerHallIpc({
    ipcMain: { handle: (ch: string, h: Handler) => void handlers.set(ch, h), on: () => undefined, removeHandler: () => undefined, removeAllListeners: () => undefined } as never,
    hall: app.hall,
    logger: silentLogger,
    rendererUrl: RENDERER,
    targets: () => [],
    queries: app.queries,
  })
  query = async (name, args) => handlers.get(IPC.query)!(ours, { name, args })
  admin = (await http('POST', '/api/v1/commands/login', undefined, { staffCode: 'admin', pin: ADMIN_PIN })).token
  await http('POST', '/api/v1/commands/saveClerk', admin, { staffCode: 'm1', name: '经理', role: 'manager', active: true, pin: '1234' })
  manager = (await http('POST', '/api/v1/commands/login', undefined, { staffCode: 'm1', pin: '1234' })).token
  await http('POST', '/api/v1/commands/updateSettings', admin, {
    patch: { devices: { list: [{ id: 'preview', name: '预览打印机', kind: 'printer', connection: { type: 'virtual' }, terminals: ['preview'] }] } },
  })
})
afterAll(async () => {
  unregister?.()
  await app?.close()
  data?.remove()
})

describe('hub queries over IPC', () => {
  it('every read and action has one implementation the hub registers', () => {
    // exportFile is the main process's own (the save dialog copies the file); IPC never forwards it.
    expect([...app.queries.keys()].sort()).toEqual([...REPORT_QUERY_NAMES, 'exportFile', ...HUB_READS, ...HUB_ACTIONS].sort())
  })

  it('answer what the HTTP routes answer', async () => {
    await app.hall.execute('createPairingCode', { name: '大屏', role: 'display' }, { token: admin, terminal: 'x', local: true })
    for (const [name, path] of [
      ['terminals', '/api/v1/terminals'],
      ['backups', '/api/v1/backups'],
      ['devicePorts', '/api/v1/devices/ports'],
    ] as const) {
      expect(await query(name, { token: admin }), name).toEqual({ ok: true, result: await http('GET', path, admin) })
    }
    const devices = await query('devices', { token: manager })
    expect(devices).toMatchObject({ ok: true, result: { devices: [{ id: 'preview', kind: 'printer', backend: 'virtual' }] } })
    expect((await query('terminals', { token: admin })).result.tlsFingerprint).toBeNull()
  })

  it('check the caller as the routes do', async () => {
    expect(await query('devices', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await query('terminals', { token: manager })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '您没有权限执行此操作' } })
    expect(await query('backupNow', { token: manager })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await query('deviceTest', { token: manager, id: 'preview' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await query('deviceTest', { token: admin, id: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DEVICE' } })
    expect(await query('deviceTest', { token: admin, id: 'preview', colour: 'red' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })

  it('a test print and a backup, as the admin asks from the desktop app', async () => {
    const printed = await query('deviceTest', { token: admin, id: 'preview' })
    expect(printed).toMatchObject({ ok: true, result: { kind: 'printer', job: { deviceId: 'preview', ticketId: null, ok: true } } })
    const health = (await query('devices', { token: admin })).result.devices[0]
    expect(health.virtual.printed).toBe(1)
    expect(health.virtual.lastTicket.join('\n')).toContain('A000')
    const made = await query('backupNow', { token: admin })
    expect(made).toMatchObject({ ok: true, result: { name: expect.stringMatching(/^hallq-\d{8}T\d{6}Z\.db$/), bytes: expect.any(Number) } })
    expect((await query('backups', { token: admin })).result.backups.map((b: { name: string }) => b.name)).toContain(made.result.name)
  })
})
