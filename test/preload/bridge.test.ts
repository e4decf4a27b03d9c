import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SETUP_IPC } from '../../src/shared/first-start'
import { IPC, IPC_ALLOW_LIST } from '../../src/shared/ipc'

const exposed: Record<string, unknown> = {}
const ipcRenderer = {
  invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, result: args })),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
}
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}))

beforeEach(() => vi.clearAllMocks())

describe('preload bridge', () => {
  it('exposes exactly its named functions as window.hallq, and not ipcRenderer', async () => {
    await import('../../src/preload/index')
    const api = exposed.hallq as Record<string, unknown>
    expect(Object.keys(exposed)).toEqual(['hallq'])
    expect(Object.keys(api).sort()).toEqual(['command', 'onStream', 'printToPdf', 'query', 'reportError', 'saveExport'])
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true)
  })

  it('sends commands and queries on their own channels only', async () => {
    const { bridge } = await import('../../src/preload/index')
    await bridge.command({ name: 'issueTicket', payload: { serviceId: 'MOBILE' } })
    await bridge.query('snapshot', {})
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.command, { name: 'issueTicket', payload: { serviceId: 'MOBILE' } }],
      [IPC.query, { name: 'snapshot', args: {} }],
    ])
  })

  it('stream listeners get the message without the IPC event, and can unsubscribe', async () => {
    const { bridge } = await import('../../src/preload/index')
    const listener = vi.fn()
    const off = bridge.onStream(listener)
    const [channel, handler] = ipcRenderer.on.mock.calls[0] as [string, (e: unknown, m: unknown) => void]
    expect(channel).toBe(IPC.stream)
    // Main is told this window listens, so it sends the other parts' state (device health).
    expect(ipcRenderer.send).toHaveBeenCalledWith(IPC.streamOpen)
    handler({ sender: 'secret' }, { seq: 7 })
    expect(listener).toHaveBeenCalledWith({ seq: 7 })
    off()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.stream, handler)
  })

  it('forwards renderer errors to main', async () => {
    const { bridge } = await import('../../src/preload/index')
    bridge.reportError({ message: 'boom' })
    expect(ipcRenderer.send).toHaveBeenCalledWith(IPC.rendererError, { message: 'boom' })
  })

  it('asks who is logged in and for the voice pack on the query channel, nothing new', async () => {
    const { bridge } = await import('../../src/preload/index')
    await bridge.query('me', { token: 't' })
    await bridge.query('voicePack', { lang: 'zh-CN' })
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.query, { name: 'me', args: { token: 't' } }],
      [IPC.query, { name: 'voicePack', args: { lang: 'zh-CN' } }],
    ])
  })

  it('prints the report to PDF and saves exports on their own allow-listed channels', async () => {
    const { bridge } = await import('../../src/preload/index')
    await bridge.printToPdf({ fileName: '日终考核_2026-11-28.pdf' })
    await bridge.saveExport({ id: 'abc', token: 't' })
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [IPC.printToPdf, { fileName: '日终考核_2026-11-28.pdf' }],
      [IPC.saveExport, { id: 'abc', token: 't' }],
    ])
    expect(IPC_ALLOW_LIST).toEqual(expect.arrayContaining([IPC.printToPdf, IPC.saveExport]))
  })

  it('asks for reports on the query channel, nothing new', async () => {
    const { bridge } = await import('../../src/preload/index')
    await bridge.query('reportSummary', { token: 't', day: '2026-11-28' })
    expect(ipcRenderer.invoke.mock.calls).toEqual([[IPC.query, { name: 'reportSummary', args: { token: 't', day: '2026-11-28' } }]])
  })
})

describe('the first-start chooser’s bridge', () => {
  it('exposes only probe and choose, on their own channels', async () => {
    await import('../../src/preload/setup')
    const api = exposed.hallqSetup as Record<string, (...a: unknown[]) => unknown>
    expect(Object.keys(api).sort()).toEqual(['choose', 'probe'])
    await api.probe!('192.168.1.10')
    await api.choose!({ mode: 'hub' })
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      [SETUP_IPC.probe, '192.168.1.10'],
      [SETUP_IPC.choose, { mode: 'hub' }],
    ])
  })

  it('shares no module with the hall’s bridge: a sandboxed preload cannot load a shared chunk', () => {
    const imports = (file: string) =>
      [...readFileSync(join(import.meta.dirname, '../../src/preload', file), 'utf8').matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]).filter((m) => m !== 'electron')
    const hall = imports('index.ts')
    const setup = imports('setup.ts')
    expect(hall.length).toBeGreaterThan(0)
    expect(setup.length).toBeGreaterThan(0)
    expect(setup.filter((m) => hall.includes(m))).toEqual([])
  })
})
