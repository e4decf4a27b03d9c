/**
 * A clerk's photo for the rating screen: uploaded by the administrator (checked by its bytes,
 * refused by name and changing nothing when it is not a small JPEG or PNG), kept beside the log,
 * removed, deleted when the clerk is disabled, in backups; read by staff and by the evaluator
 * of the counter where that clerk serves, cached by version; refused to everyone else.
 */
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { createBackup } from '../../../src/main/store/backup'
import { CLERK_PHOTO_MAX_BYTES } from '../../../src/shared/domain'
import { evolve, emptyHallState } from '../../../src/shared/hall-state'
import { DEFAULT_SETTINGS } from '../../../src/shared/settings'
import { openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { jpegHeader, makePng, portraitPng } from '../../support/png'

const LAN = '192.168.1.62'
let f: Fixture
let app: FastifyInstance
let dir: { dir: string; remove(): void }

beforeEach(async () => {
  dir = tempDir('hallq-photo-')
  f = await openHall({ file: join(dir.dir, 'hall.db') })
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't' })
})
afterEach(async () => {
  await app.close()
  f.close()
  dir.remove()
})

type Opts = { terminal?: string; rating?: string; clerk?: string; language?: string; local?: boolean; headers?: Record<string, string> }
function http(method: 'GET' | 'POST', url: string, body?: unknown, o: Opts = {}) {
  const cookies = [o.rating ? `hallq_rating=${o.rating}` : ''].filter(Boolean).join('; ')
  return app.inject({
    method,
    url,
    remoteAddress: o.local ? '127.0.0.1' : LAN,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: {
      ...(o.local ? { host: 'localhost' } : {}),
      ...(o.terminal ? { 'x-hallq-terminal-token': o.terminal } : {}),
      ...(o.clerk ? { authorization: `Bearer ${o.clerk}` } : {}),
      ...(o.language ? { 'accept-language': o.language } : {}),
      ...(cookies ? { cookie: cookies } : {}),
      ...o.headers,
    },
  })
}
const cmd = (name: string, body: unknown, clerk?: string, language?: string) => http('POST', `/api/v1/commands/${name}`, body, { clerk, language, local: true })
const clerkId = (code: string) => Object.values(f.hall.state.clerks).find((c) => c.staffCode === code)!.id
const photoRow = (id: number) => f.db.prepare('SELECT type, version, width, height, length(image) AS bytes FROM clerk_photos WHERE clerk_id = ?').get(id) as Record<string, unknown> | undefined

async function pair(role: 'counter' | 'manager' | 'kiosk' | 'display' | 'evaluator', counterId?: number): Promise<string> {
  const { code } = await f.run('createPairingCode', { name: role, role, ...(counterId ? { counterId } : {}) }, f.adminToken)
  const res = await http('POST', '/api/v1/pair', { code })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().token
}

describe("the administrator sets a clerk's photo", () => {
  it('keeps a PNG or JPEG beside the log: the state and event carry its version only; the audit log no bytes', async () => {
    await f.clerk('1001')
    const png = portraitPng(240, 300)
    const set = await cmd('setClerkPhoto', { clerkId: clerkId('1001'), image: png.toString('base64') }, f.adminToken)
    expect(set.statusCode, set.body).toBe(200)
    const version = set.json().clerk.photo as string
    expect(version).toMatch(/^[0-9a-f]{16}$/)
    expect(f.hall.state.clerks[clerkId('1001')]!.photo).toBe(version)
    expect(photoRow(clerkId('1001'))).toEqual({ type: 'image/png', version, width: 240, height: 300, bytes: png.length })
    const logged = f.store.logAfter(0, 10_000).find((l) => l.command === 'setClerkPhoto')!
    expect(logged.events).toEqual([{ type: 'clerkPhotoChanged', at: expect.any(Number), clerkId: clerkId('1001'), photo: version }])
    expect(JSON.stringify(logged).length).toBeLessThan(600)
    expect(JSON.stringify(f.store.logAfter(0, 10_000))).not.toContain(png.toString('base64').slice(0, 40))
    // A JPEG too; the newer photo replaces the older.
    const jpeg = jpegHeader(240, 300)
    const again = await cmd('setClerkPhoto', { clerkId: clerkId('1001'), image: jpeg.toString('base64') }, f.adminToken)
    expect(again.json().clerk.photo).not.toBe(version)
    expect(photoRow(clerkId('1001'))).toMatchObject({ type: 'image/jpeg', width: 240, height: 300 })
    // Replaying the log gives the same clerk, photo version included; a restart loads it back.
    const replayed = evolve(emptyHallState(f.hall.state.businessDay, DEFAULT_SETTINGS), f.store.logAfter(0, 10_000).flatMap((l) => l.events)).state
    expect(replayed.clerks[clerkId('1001')]).toEqual(f.hall.state.clerks[clerkId('1001')])
    const reopened = await f.reopen()
    expect(reopened.hall.state.clerks[clerkId('1001')]!.photo).toBe(again.json().clerk.photo)
    f = reopened
  })

  it('refuses what is not a small JPEG or PNG by name, in the admin’s language, and keeps the photo it has', async () => {
    await f.clerk('1001')
    const id = clerkId('1001')
    const good = await cmd('setClerkPhoto', { clerkId: id, image: portraitPng(120, 150).toString('base64') }, f.adminToken)
    const before = good.json().clerk.photo
    const refusals: [Buffer, number, string, string, string][] = [
      [Buffer.from('GIF89a this is not a photo'), 400, 'PHOTO_NOT_IMAGE', '照片须为 JPEG 或 PNG 图片', 'The photo must be a JPEG or PNG image'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 400, 'PHOTO_NOT_IMAGE', '照片须为 JPEG 或 PNG 图片', 'The photo must be a JPEG or PNG image'],
      [Buffer.alloc(0), 400, 'PHOTO_NOT_IMAGE', '照片须为 JPEG 或 PNG 图片', 'The photo must be a JPEG or PNG image'],
      [jpegHeader(240, 300, CLERK_PHOTO_MAX_BYTES), 413, 'PHOTO_TOO_LARGE', '照片太大：请换一张较小的图片', 'The photo is too large: choose a smaller picture'],
      [makePng(2000, 10, () => [0, 0, 0]), 413, 'PHOTO_TOO_LARGE', '照片太大：请换一张较小的图片', 'The photo is too large: choose a smaller picture'],
    ]
    const seq = f.hall.snapshot().seq
    for (const [bytes, status, code, zh, en] of refusals) {
      const res = await cmd('setClerkPhoto', { clerkId: id, image: bytes.toString('base64') }, f.adminToken, 'zh-CN')
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json().error).toMatchObject({ code, message: zh })
      const inEnglish = await cmd('setClerkPhoto', { clerkId: id, image: bytes.toString('base64') }, f.adminToken, 'en-US')
      expect(inEnglish.json().error.message).toBe(en)
    }
    expect((await cmd('setClerkPhoto', { clerkId: id, image: 'not base64!' }, f.adminToken)).json().error.code).toBe('VALIDATION_FAILED')
    expect((await cmd('setClerkPhoto', { clerkId: 99, image: portraitPng(12, 15).toString('base64') }, f.adminToken)).json().error.code).toBe('UNKNOWN_CLERK')
    // Only an administrator.
    const manager = await f.clerk('m1', 'manager')
    expect((await cmd('setClerkPhoto', { clerkId: id, image: portraitPng(12, 15).toString('base64') }, manager)).json().error.code).toBe('FORBIDDEN')
    // Nothing changed, nothing logged.
    expect(f.hall.state.clerks[id]!.photo).toBe(before)
    expect(photoRow(id)).toMatchObject({ version: before, width: 120 })
    expect(f.store.logAfter(seq, 100).filter((l) => l.command === 'setClerkPhoto')).toEqual([])
  })

  it('removes a photo, and deletes it when the clerk is disabled; a disabled clerk takes none', async () => {
    await f.clerk('1001')
    await f.clerk('1002')
    const [a, b] = [clerkId('1001'), clerkId('1002')]
    for (const id of [a, b]) expect((await cmd('setClerkPhoto', { clerkId: id, image: portraitPng(24, 30).toString('base64') }, f.adminToken)).statusCode).toBe(200)
    const removed = await cmd('removeClerkPhoto', { clerkId: a }, f.adminToken)
    expect(removed.statusCode, removed.body).toBe(200)
    expect(removed.json().clerk.photo).toBeUndefined()
    expect(photoRow(a)).toBeUndefined()
    const twice = await cmd('removeClerkPhoto', { clerkId: a }, f.adminToken, 'zh-CN')
    expect(twice.statusCode).toBe(404)
    expect(twice.json().error).toMatchObject({ code: 'NO_PHOTO', message: '该营业员没有照片' })

    const clerk = f.hall.state.clerks[b]!
    const disabled = await cmd('saveClerk', { id: b, staffCode: clerk.staffCode, name: clerk.name, role: clerk.role, active: false }, f.adminToken)
    expect(disabled.statusCode, disabled.body).toBe(200)
    expect(f.hall.state.clerks[b]!.photo).toBeUndefined()
    expect(photoRow(b)).toBeUndefined()
    const refused = await cmd('setClerkPhoto', { clerkId: b, image: portraitPng(24, 30).toString('base64') }, f.adminToken)
    expect(refused.json().error.code).toBe('CLERK_DISABLED')
    // Saving an active clerk (a new name) keeps their photo.
    await cmd('setClerkPhoto', { clerkId: a, image: portraitPng(24, 30).toString('base64') }, f.adminToken)
    const renamed = await cmd('saveClerk', { id: a, staffCode: '1001', name: '王芳', role: 'clerk', active: true }, f.adminToken)
    expect(renamed.json().clerk.photo).toBe(f.hall.state.clerks[a]!.photo)
    expect(photoRow(a)).toBeDefined()
  })

  it('a backup holds the photo', async () => {
    await f.clerk('1001')
    const png = portraitPng(24, 30)
    await cmd('setClerkPhoto', { clerkId: clerkId('1001'), image: png.toString('base64') }, f.adminToken)
    const backup = await createBackup(f.db, join(dir.dir, 'backups'), f.clock.now)
    const copy = new Database(backup.file, { readonly: true })
    try {
      expect((copy.prepare('SELECT image FROM clerk_photos').get() as { image: Buffer }).image.equals(png)).toBe(true)
    } finally {
      copy.close()
    }
  })
})

describe('who sees a photo', () => {
  let id: number
  let version: string
  let png: Buffer
  let clerk: string
  beforeEach(async () => {
    clerk = await f.clerk('1001')
    id = clerkId('1001')
    png = portraitPng(48, 60)
    version = (await cmd('setClerkPhoto', { clerkId: id, image: png.toString('base64') }, f.adminToken)).json().clerk.photo
  })

  it('the evaluator tablet of the counter where the clerk serves gets it, cached by version', async () => {
    await f.run('openCounter', { counterId: 2 }, clerk)
    const tablet = await pair('evaluator', 2)
    const res = await http('GET', `/api/v1/clerks/${id}/photo?v=${version}`, undefined, { terminal: tablet })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.rawPayload.equals(png)).toBe(true)
    expect(res.headers.etag).toBe(`"${version}"`)
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    // Asked again with the version it holds: 304, no bytes.
    const again = await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { terminal: tablet, headers: { 'if-none-match': `"${version}"` } })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    expect(again.headers['cache-control']).toBe('private, no-cache')
    // The evaluator of another counter is not served.
    const other = await pair('evaluator', 3)
    const refused = await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { terminal: other, language: 'zh-CN' })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('NOT_YOUR_COUNTER')
  })

  it("a counter PC's rating screen with its evaluator pairing gets it; staff get it; the hub's own screens get it", async () => {
    await f.run('openCounter', { counterId: 2 }, clerk)
    const pc = await pair('counter', 2)
    const rating = await pair('evaluator', 2)
    expect((await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { terminal: pc, rating })).statusCode).toBe(200)
    // The counter PC alone, without a login or the rating pairing: no.
    expect((await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { terminal: pc })).json().error.code).toBe('UNAUTHENTICATED')
    // Staff logged in at a staff terminal (the settings page), and the hub PC's own screens.
    const manager = await pair('manager')
    expect((await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { terminal: manager, clerk: f.adminToken })).statusCode).toBe(200)
    expect((await http('GET', `/api/v1/clerks/${id}/photo`, undefined, { local: true })).statusCode).toBe(200)
  })

  it('an unpaired browser, a kiosk, a display and a guest get nothing; a clerk without a photo is NO_PHOTO', async () => {
    const url = `/api/v1/clerks/${id}/photo?v=${version}`
    const unpaired = await http('GET', url)
    expect(unpaired.statusCode).toBe(401)
    expect(unpaired.json().error.code).toBe('TERMINAL_NOT_PAIRED')
    expect(unpaired.rawPayload.includes(png.subarray(0, 16))).toBe(false)
    for (const role of ['kiosk', 'display'] as const) {
      const res = await http('GET', url, undefined, { terminal: await pair(role), clerk: f.adminToken })
      expect(res.statusCode, role).toBe(403)
      expect(res.json().error.code).toBe('TERMINAL_NOT_ALLOWED')
    }
    // A phone on the guest Wi-Fi (a guest network) reaches only the phone page, whatever it holds.
    const manager = await pair('manager')
    await f.run('updateSettings', { patch: { phone: { guestNetworks: ['192.168.1.0/24'] } } }, f.adminToken)
    const guest = await http('GET', url, undefined, { terminal: manager, clerk: f.adminToken })
    expect(guest.statusCode).toBe(401)
    expect(guest.json().error.code).toBe('TERMINAL_NOT_PAIRED')
    expect(guest.rawPayload.includes(png.subarray(0, 16))).toBe(false)
    await f.run('updateSettings', { patch: { phone: { guestNetworks: [] } } }, f.adminToken)
    await f.clerk('1002')
    expect((await http('GET', `/api/v1/clerks/${clerkId('1002')}/photo`, undefined, { local: true })).json().error.code).toBe('NO_PHOTO')
  })
})
