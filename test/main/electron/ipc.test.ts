import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerHallIpc, trustedSender } from '../../../src/main/electron/ipc'
import { IPC } from '../../../src/shared/ipc'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HallExtension } from '../../../src/main/app'
import { buildServer } from '../../../src/main/server/http-server'
import { reportsExtension } from '../../../src/main/server/routes/reports'
import { ADMIN_PIN, clerkAtCounter, MINUTE, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'

const RENDERER = 'file:///opt/HallQ/resources/app.asar/out/renderer/index.html'
const ours = { senderFrame: { url: `${RENDERER}#/counter` } }
const stranger = { senderFrame: { url: 'https://evil.example/index.html' } }

type Handler = (event: unknown, arg: unknown) => unknown
let f: Fixture
let handlers: Map<string, Handler>
let listeners: Map<string, Handler>
let sent: [string, unknown][]
let unregister: () => void
let voice: { dir: string; remove(): void }

beforeEach(async () => {
  f = await openHall()
  handlers = new Map()
  listeners = new Map()
  sent = []
  const ipcMain = {
    handle: (ch: string, h: Handler) => void handlers.set(ch, h),
    on: (ch: string, h: Handler) => void listeners.set(ch, h),
    removeHandler: (ch: string) => void handlers.delete(ch),
    removeAllListeners: (ch: string) => void listeners.delete(ch),
  }
  const target = { isDestroyed: () => false, send: (ch: string, m: unknown) => sent.push([ch, m]) }
  voice = tempDir('hallq-ipc-voice-')
  mkdirSync(join(voice.dir, 'zh-CN'))
  writeFileSync(join(voice.dir, 'zh-CN', '请.wav'), Buffer.from([82, 73, 70, 70]))
  unregister = registerHallIpc({ ipcMain: ipcMain as never, hall: f.hall, logger: silentLogger, rendererUrl: RENDERER, targets: () => [target as never], voiceDirs: [voice.dir] })
})
afterEach(() => {
  unregister()
  f.close()
  voice.remove()
})

describe('Electron IPC', () => {
  it('trusts only frames that show our renderer', () => {
    expect(trustedSender(ours, RENDERER)).toBe(true)
    expect(trustedSender(stranger, RENDERER)).toBe(false)
    expect(trustedSender({ senderFrame: { url: 'file:///tmp/evil.html' } }, RENDERER)).toBe(false)
    expect(trustedSender({ senderFrame: null }, RENDERER)).toBe(false)
    expect(trustedSender({ senderFrame: { url: 'http://localhost:5173/#/kiosk' } }, 'http://localhost:5173/')).toBe(true)
  })

  it('runs commands through the hall and returns errors as data', async () => {
    const cmd = handlers.get(IPC.command)!
    expect(await cmd(ours, { name: 'issueTicket', payload: { serviceId: 'MOBILE' } })).toMatchObject({ ok: true, result: { ticket: { number: 'A001' } } })
    expect(await cmd(ours, { name: 'issueTicket', payload: { serviceId: 'NOPE' } })).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_SERVICE', message: '没有这项业务', details: { serviceId: 'NOPE' } },
    })
    expect(await cmd(ours, 'garbage')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    const login = (await cmd(ours, { name: 'login', payload: { staffCode: 'admin', pin: ADMIN_PIN } })) as { ok: true; result: { token: string } }
    expect(await cmd(ours, { name: 'setNotice', payload: { notice: '欢迎' }, token: login.result.token })).toMatchObject({ ok: true })
  })

  it('refuses strangers without touching the hall', async () => {
    expect(await handlers.get(IPC.command)!(stranger, { name: 'issueTicket', payload: { serviceId: 'MOBILE' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await handlers.get(IPC.query)!(stranger, { name: 'snapshot' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(Object.keys(f.hall.state.tickets)).toHaveLength(0)
  })

  it('answers the snapshot and catch-up queries', async () => {
    const q = handlers.get(IPC.query)!
    const snap = (await q(ours, { name: 'snapshot', args: {} })) as { ok: true; result: { seq: number } }
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(await q(ours, { name: 'eventsAfter', args: { after: snap.result.seq } })).toMatchObject({ ok: true, result: { events: [{ command: 'issueTicket' }] } })
    expect(await q(ours, { name: 'eventsAfter', args: { after: -1 } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    expect(await q(ours, { name: 'dropTables' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } })
  })

  it('streams every logged command to the windows, as the WebSocket does', async () => {
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(sent).toEqual([[IPC.stream, expect.objectContaining({ type: 'event', command: 'issueTicket' })]])
  })

  it("gives each window that opens the stream the parts' messages, starting with their current state", async () => {
    // A part of the hub (the devices) that streams its own messages, as on the WebSocket.
    const listeners = new Set<(m: any) => void>()
    const devices = (send: (m: any) => void) => {
      send({ type: 'devices', event: 'snapshot', devices: [] })
      listeners.add(send)
      return () => listeners.delete(send)
    }
    const emit = (m: any) => listeners.forEach((l) => l(m))
    unregister()
    const registered = new Map<string, Handler>()
    const ipcMain = {
      handle: (ch: string, h: Handler) => void registered.set(`handle ${ch}`, h),
      on: (ch: string, h: Handler) => void registered.set(ch, h),
      removeHandler: () => undefined,
      removeAllListeners: (ch: string) => void registered.delete(ch),
    }
    unregister = registerHallIpc({ ipcMain: ipcMain as never, hall: f.hall, logger: silentLogger, rendererUrl: RENDERER, targets: () => [], streams: [devices] })
    const windows = [1, 2].map((id) => {
      const got: unknown[] = []
      const destroyed: (() => void)[] = []
      return { got, destroy: () => destroyed.forEach((d) => d()), sender: { id, isDestroyed: () => false, send: (_ch: string, m: unknown) => got.push(m), once: (ev: string, h: () => void) => ev === 'destroyed' && destroyed.push(h) } }
    })
    const open = registered.get(IPC.streamOpen)!
    open({ ...ours, sender: windows[0]!.sender }, undefined)
    open({ ...stranger, sender: windows[1]!.sender }, undefined)
    expect(windows[0]!.got).toEqual([{ type: 'devices', event: 'snapshot', devices: [] }])
    expect(windows[1]!.got).toEqual([])
    emit({ type: 'devices', event: 'health', device: { id: 'printer' } })
    expect(windows[0]!.got).toHaveLength(2)
    // Opening again starts afresh (one subscription, a new snapshot); a closed window is let go.
    open({ ...ours, sender: windows[0]!.sender }, undefined)
    expect(listeners.size).toBe(1)
    expect(windows[0]!.got.at(-1)).toEqual({ type: 'devices', event: 'snapshot', devices: [] })
    windows[0]!.destroy()
    expect(listeners.size).toBe(0)
    unregister()
    expect(registered.has(IPC.streamOpen)).toBe(false)
  })

  it("records the window's terminal name with its commands", async () => {
    await handlers.get(IPC.command)!(ours, { name: 'issueTicket', payload: { serviceId: 'MOBILE' }, terminal: 'kiosk-door' })
    await handlers.get(IPC.command)!(ours, { name: 'issueTicket', payload: { serviceId: 'MOBILE' }, terminal: 'bad name!' })
    expect(f.hall.eventsAfter(0).filter((l) => l.command === 'issueTicket').map((l) => l.actor.terminal)).toEqual(['kiosk-door@desktop', 'desktop'])
  })

  it('logs renderer errors from trusted frames only', () => {
    const spy = vi.spyOn(silentLogger, 'error')
    listeners.get(IPC.rendererError)!(stranger, { message: 'x' })
    expect(spy).not.toHaveBeenCalled()
    listeners.get(IPC.rendererError)!(ours, { message: 'x' })
    expect(spy).toHaveBeenCalledTimes(1)
    spy.mockRestore()
  })

  it('says who a token belongs to, for a screen restoring its session', async () => {
    const q = handlers.get(IPC.query)!
    expect(await q(ours, { name: 'me', args: { token: f.adminToken } })).toEqual({ ok: true, result: { actor: { role: 'admin', clerkId: 1, terminal: 'desktop' } } })
    expect(await q(ours, { name: 'me', args: {} })).toMatchObject({ ok: true, result: { actor: { role: 'anonymous' } } })
    expect(await q(ours, { name: 'me', args: { token: 'stale' } })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('hands the display its voice pack as bytes, and nothing for a bad language', async () => {
    const q = handlers.get(IPC.query)!
    const reply = (await q(ours, { name: 'voicePack', args: { lang: 'zh-CN' } })) as any
    expect(reply.ok).toBe(true)
    expect(reply.result.lang).toBe('zh-CN')
    expect(Object.keys(reply.result.clips)).toEqual(['请'])
    expect(reply.result.clips['请']).toMatchObject({ file: '请.wav', mime: 'audio/wav' })
    expect([...reply.result.clips['请'].bytes]).toEqual([82, 73, 70, 70])
    expect(await q(ours, { name: 'voicePack', args: { lang: '../..' } })).toEqual({ ok: true, result: null })
    expect(await q(stranger, { name: 'voicePack', args: { lang: 'zh-CN' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('Electron IPC: the reports, from the same code as the HTTP routes', () => {
  let exportsDir: { dir: string; remove(): void }
  let extension: HallExtension
  let unwire: () => void

  beforeEach(async () => {
    exportsDir = tempDir('hallq-ipc-reports-')
    extension = await reportsExtension({ hall: f.hall, db: f.db, logger: silentLogger, dataDir: exportsDir.dir })
    // Re-register with the extension's queries, as the desktop app does with HallApp.queries.
    unregister()
    unwire = registerHallIpc({
      ipcMain: { handle: (ch: string, h: Handler) => void handlers.set(ch, h), on: () => undefined, removeHandler: (ch: string) => void handlers.delete(ch), removeAllListeners: () => undefined } as never,
      hall: f.hall,
      logger: silentLogger,
      rendererUrl: RENDERER,
      targets: () => [],
      queries: new Map(Object.entries(extension.queries ?? {})),
    })
    unregister = unwire
  })
  afterEach(async () => {
    await extension.close?.()
    exportsDir.remove()
  })

  it('answers the summary, days and assessment for a manager, equal to what HTTP answers', async () => {
    const manager = await f.clerk('m1', 'manager')
    const clerk = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.clock.minutes(3)
    await f.run('callNext', { counterId: 1 }, clerk)
    const q = handlers.get(IPC.query)!
    const day = f.hall.state.businessDay
    const ipc = (await q(ours, { name: 'reportSummary', args: { token: manager, day } })) as any
    expect(ipc.ok).toBe(true)
    expect(ipc.result.hall.wait).toMatchObject({ count: 1, avgMs: 3 * MINUTE })

    const app = await buildServer({ hall: f.hall, logger: silentLogger, version: 'test', routes: extension.routes ?? [] })
    try {
      const http = await app.inject({ method: 'GET', url: `/api/v1/reports/summary?day=${day}`, headers: { authorization: `Bearer ${manager}` } })
      expect(ipc.result).toEqual(http.json())
    } finally {
      await app.close()
    }
    expect(await q(ours, { name: 'reportDays', args: { token: manager } })).toEqual({ ok: true, result: { today: day, closed: [] } })
    expect(await q(ours, { name: 'reportAssessment', args: { token: manager, day } })).toMatchObject({ ok: true, result: { businessDay: day, frozen: false } })
    expect(await q(ours, { name: 'reportSummary', args: { token: manager, day: '28.11.2026' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })

  it('refuses a clerk, a missing token and a stranger; keeps main-only queries out of reach', async () => {
    const clerk = await f.clerk('c1')
    const q = handlers.get(IPC.query)!
    expect(await q(ours, { name: 'reportSummary', args: { token: clerk } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await q(ours, { name: 'reportSummary', args: {} })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await q(stranger, { name: 'reportSummary', args: { token: f.adminToken } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await q(ours, { name: 'exportFile', args: { token: f.adminToken, id: 'x' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } })
  })

  it('starts an export and reports its progress', async () => {
    const q = handlers.get(IPC.query)!
    const day = f.hall.state.businessDay
    const started = (await q(ours, { name: 'exportStart', args: { token: f.adminToken, request: { format: 'csv', from: day, to: day, tables: ['clerks'] } } })) as any
    expect(started).toMatchObject({ ok: true, result: { state: 'running', format: 'csv' } })
    let job = started.result
    for (let i = 0; i < 100 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      job = ((await q(ours, { name: 'exportJob', args: { token: f.adminToken, id: job.id } })) as any).result
    }
    expect(job).toMatchObject({ state: 'done', fileName: `营业报表_营业员_${day}.csv` })
    expect(await q(ours, { name: 'exportStart', args: { token: f.adminToken, request: { format: 'pdf', from: day, to: day } } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    })
  })
})
