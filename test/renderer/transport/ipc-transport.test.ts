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
    emit: (m) => listener?.(m),
    ...overrides,
  }
  return b
}

describe('IPC transport', () => {
  it('listens first, then takes the snapshot; stream messages arrive as events', async () => {
    const b = bridge()
    const t = new IpcTransport(b)
    const messages: unknown[] = []
    const statuses: string[] = []
    t.open({ message: (m) => messages.push(m), status: (s) => statuses.push(s) }, () => null)
    expect(b.onStream).toHaveBeenCalledBefore(b.query as never)
    await vi.waitFor(() => expect(statuses).toContain('online'))
    b.emit({ seq: 6 } as IpcStreamMessage)
    expect(messages).toEqual([{ type: 'snapshot', seq: 5, state: { businessDay: 'd' } }, { type: 'event', seq: 6 }])
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
})
