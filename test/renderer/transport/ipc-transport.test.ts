import { describe, expect, it, vi } from 'vitest'
import type { HallqBridge, IpcStreamMessage } from '../../../src/shared/ipc'
import { IpcTransport } from '../../../src/renderer/src/transport/ipc-transport'

function bridge(overrides: Partial<HallqBridge> = {}) {
  let listener: ((m: IpcStreamMessage) => void) | null = null
  const b: HallqBridge & { emit(m: IpcStreamMessage): void } = {
    command: vi.fn(async () => ({ ok: true as const, result: { ok: true } })),
    query: vi.fn(async (name: string) => {
      if (name === 'snapshot') return { ok: true as const, result: { seq: 5, state: { businessDay: 'd' } } }
      if (name === 'eventsAfter') return { ok: true as const, result: { events: [{ seq: 6 }, { seq: 7 }], lastSeq: 7 } }
      if (name === 'me') return { ok: false as const, error: { code: 'UNAUTHENTICATED' as const, message: '请先登录' } }
      return { ok: true as const, result: null }
    }) as unknown as HallqBridge['query'],
    onStream: vi.fn((l) => {
      listener = l
      return () => (listener = null)
    }),
    reportError: vi.fn(),
    printToPdf: vi.fn(async () => ({ ok: true as const, result: { path: '/home/m/日终考核.pdf' } })),
    saveExport: vi.fn(async () => ({ ok: true as const, result: { path: null } })),
    emit: (m) => listener?.(m),
    ...overrides,
  }
  return b
}

describe('IPC transport', () => {
  it('listens first, then takes the snapshot; logged commands and device messages arrive as on the WebSocket', async () => {
    const b = bridge()
    const t = new IpcTransport(b)
    const messages: unknown[] = []
    const statuses: string[] = []
    t.open({ message: (m) => messages.push(m), status: (s) => statuses.push(s) }, () => null)
    expect(b.onStream).toHaveBeenCalledBefore(b.query as never)
    await vi.waitFor(() => expect(statuses).toContain('online'))
    b.emit({ type: 'event', seq: 6 } as IpcStreamMessage)
    b.emit({ type: 'devices', event: 'snapshot', devices: [] })
    expect(messages).toEqual([
      { type: 'snapshot', seq: 5, state: { businessDay: 'd' } },
      { type: 'event', seq: 6 },
      { type: 'devices', event: 'snapshot', devices: [] },
    ])
  })

  it("names the window's terminal with each command (a kiosk's printer follows it); needs no pairing", async () => {
    const b = bridge()
    const t = new IpcTransport(b, Math.random, 'kiosk-door')
    await t.command('issueTicket', { serviceId: 'MOBILE' })
    expect(b.command).toHaveBeenCalledWith({ name: 'issueTicket', payload: { serviceId: 'MOBILE' }, terminal: 'kiosk-door' })
    expect(await t.terminal()).toBeNull()
  })

  it('catches up from the last seq on resync', async () => {
    const b = bridge()
    const t = new IpcTransport(b)
    const messages: unknown[] = []
    t.open({ message: (m) => messages.push(m), status: () => undefined }, () => 5)
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    expect(b.query).toHaveBeenCalledWith('eventsAfter', { after: 5 })
    expect(messages).toEqual([
      { type: 'event', seq: 6 },
      { type: 'event', seq: 7 },
    ])
  })

  it('sends commands with the token and answers errors as HallErrors', async () => {
    const b = bridge({ command: vi.fn(async () => ({ ok: false as const, error: { code: 'QUEUE_EMPTY' as const, message: '当前没有等候的客户' } })) })
    const t = new IpcTransport(b)
    await expect(t.command('callNext', { counterId: 1 }, { token: 'tok' })).rejects.toMatchObject({ code: 'QUEUE_EMPTY' })
    expect(b.command).toHaveBeenCalledWith({ name: 'callNext', payload: { counterId: 1 }, token: 'tok' })
    await expect(t.whoAmI('stale')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it("asks the hub's reads and actions as queries, with the token", async () => {
    const b = bridge({
      query: vi.fn(async (name: string) =>
        name === 'devices' ? { ok: true as const, result: { devices: [] } } : { ok: false as const, error: { code: 'FORBIDDEN' as const, message: '您没有权限执行此操作' } },
      ) as unknown as HallqBridge['query'],
    })
    const t = new IpcTransport(b)
    await expect(t.read('devices', {}, { token: 'adm' })).resolves.toEqual({ devices: [] })
    expect(b.query).toHaveBeenCalledWith('devices', { token: 'adm' })
    await expect(t.act('deviceTest', { id: 'printer' }, { token: 'mgr' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(b.query).toHaveBeenLastCalledWith('deviceTest', { id: 'printer', token: 'mgr' })
  })

  it('turns the voice pack bytes into playable URLs', async () => {
    const created: Blob[] = []
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), `blob:${created.length}`), revokeObjectURL: vi.fn() }))
    const b = bridge({
      query: vi.fn(async () => ({ ok: true as const, result: { lang: 'zh-CN', clips: { 请: { file: '请.wav', mime: 'audio/wav', bytes: new Uint8Array([1, 2]) } } } })) as never,
    })
    const pack = await new IpcTransport(b).loadVoicePack('zh-CN')
    expect([...pack!.clips]).toEqual([['请', 'blob:1']])
    expect(created[0]!.type).toBe('audio/wav')
    vi.unstubAllGlobals()
  })

  it('reads reports as queries with the token, and prints and saves through main', async () => {
    const summary = { from: '2026-11-28', to: '2026-11-28' }
    const query = vi.fn(async (name: string) => {
      if (name === 'reportSummary') return { ok: true as const, result: summary }
      if (name === 'exportStart') return { ok: true as const, result: { id: 'j1', state: 'running' } }
      return { ok: false as const, error: { code: 'FORBIDDEN' as const, message: '没有权限' } }
    }) as unknown as HallqBridge['query']
    const b = bridge({ query })
    const t = new IpcTransport(b)
    expect(await t.read('reportSummary', { day: '2026-11-28' }, { token: 'mtok' })).toEqual(summary)
    expect(query).toHaveBeenCalledWith('reportSummary', { day: '2026-11-28', token: 'mtok' })
    await expect(t.read('reportDays', {}, { token: 'ctok' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const request = { format: 'xlsx' as const, from: '2026-11-28', to: '2026-11-28' }
    expect(await t.startExport(request, { token: 'mtok' })).toEqual({ id: 'j1', state: 'running' })
    expect(query).toHaveBeenCalledWith('exportStart', { request, token: 'mtok' })
    expect(t.exportFileUrl()).toBeNull()
    expect(await t.saveExport({ id: 'j1' } as never, { token: 'mtok' })).toBeNull()
    expect(b.saveExport).toHaveBeenCalledWith({ id: 'j1', token: 'mtok' })
    expect(await t.printPage('日终考核.pdf')).toBe('/home/m/日终考核.pdf')
    expect(b.printToPdf).toHaveBeenCalledWith({ fileName: '日终考核.pdf' })
  })

  it('a bridge that does not answer is OFFLINE, for reads too', async () => {
    const t = new IpcTransport(bridge({ query: vi.fn(async () => Promise.reject(new Error('gone'))) as unknown as HallqBridge['query'] }))
    await expect(t.read('reportDays', {})).rejects.toMatchObject({ code: 'OFFLINE' })
  })
})
