/**
 * The terminal's role guards routes as it guards commands: a kiosk or a display holding a
 * manager's or admin's token cannot back up, export, read the day's records or list terminals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// Real sockets and scrypt on a shared machine: generous, not timing anything.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })
import { startHallApp, type HallApp } from '../../../src/main/app'
import { backupExtension } from '../../../src/main/backups'
import { reportsExtension } from '../../../src/main/server/routes/reports'
import { devicesExtension } from '../../../src/main/devices-extension'
import { silentLogger, tempDir } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

let app: HallApp
let remove: () => void
let admin: string

beforeEach(async () => {
  const d = tempDir()
  remove = d.remove
  app = await startHallApp({ dataDir: d.dir, port: 0, host: '127.0.0.1', version: 't', adminPin: '1357', logger: silentLogger, extensions: [devicesExtension, reportsExtension, backupExtension] })
  admin = (await rawRequest(app.url, '/api/v1/commands/login', { body: { staffCode: 'admin', pin: '1357' } })).json().token
})
afterEach(async () => {
  await app.close()
  remove()
})

async function pair(role: 'kiosk' | 'display' | 'manager' | 'evaluator' | 'counter'): Promise<string> {
  const counter = role === 'evaluator' || role === 'counter' ? { counterId: 1 } : {}
  const made = await rawRequest(app.url, '/api/v1/commands/createPairingCode', { body: { name: role, role, ...counter }, headers: { authorization: `Bearer ${admin}` } })
  return (await rawRequest(app.url, '/api/v1/pair', { body: { code: made.json().code }, from: '127.0.0.6' })).json().token
}

const ROUTES: [string, string, unknown?][] = [
  ['POST', '/api/v1/backups', {}],
  ['GET', '/api/v1/backups'],
  ['POST', '/api/v1/reports/exports', { format: 'csv', from: '2026-11-28', to: '2026-11-28', tables: ['clerks'] }],
  ['GET', '/api/v1/reports/summary?day=2026-11-28'],
  ['GET', '/api/v1/days/2026-11-28/records'],
  ['GET', '/api/v1/terminals'],
  ['GET', '/api/v1/devices'],
]

describe('a kiosk, display or evaluator with an admin token', () => {
  for (const role of ['kiosk', 'display', 'evaluator'] as const) {
    it(`${role}: every staff route answers 403 TERMINAL_NOT_ALLOWED`, async () => {
      const terminal = await pair(role)
      for (const [method, path, body] of ROUTES) {
        const res = await rawRequest(app.url, path, { method, ...(body ? { body } : {}), from: '127.0.0.6', headers: { authorization: `Bearer ${admin}`, 'x-hallq-terminal-token': terminal } })
        expect(res.status, `${role} ${method} ${path}`).toBe(403)
        expect(res.json().error.code).toBe('TERMINAL_NOT_ALLOWED')
      }
    })
  }

  it('a manager terminal with the same token is served', async () => {
    const terminal = await pair('manager')
    const res = await rawRequest(app.url, '/api/v1/backups', { from: '127.0.0.6', headers: { authorization: `Bearer ${admin}`, 'x-hallq-terminal-token': terminal } })
    expect(res.status, res.body).toBe(200)
    const records = await rawRequest(app.url, '/api/v1/days/2026-11-28/records', { from: '127.0.0.6', headers: { authorization: `Bearer ${admin}`, 'x-hallq-terminal-token': terminal } })
    expect(records.status).not.toBe(403)
  })
})
