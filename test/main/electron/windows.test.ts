import { describe, expect, it, vi } from 'vitest'

const created: { options: any; handlers: Record<string, (...a: any[]) => void>; openHandler?: (d: { url: string }) => unknown; loaded?: string }[] = []
const openExternal = vi.fn(async () => undefined)
vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof created)[number]
    webContents: any
    constructor(options: unknown) {
      this.record = { options, handlers: {} }
      created.push(this.record)
      this.webContents = {
        setWindowOpenHandler: (h: (d: { url: string }) => unknown) => (this.record.openHandler = h),
        on: (ev: string, h: (...a: any[]) => void) => (this.record.handlers[ev] = h),
      }
    }
    once() {}
    loadURL(url: string) {
      this.record.loaded = url
      return Promise.resolve()
    }
  }
  return { BrowserWindow, shell: { openExternal } }
})

describe('windows', () => {
  it('are isolated, sandboxed and without Node, and never navigate away', async () => {
    const { createWindow } = await import('../../../src/main/electron/windows')
    createWindow({ preload: '/app/out/preload/index.cjs', url: 'file:///app/out/renderer/index.html#/counter', title: 'HallQ' })
    const w = created[0]!
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, preload: '/app/out/preload/index.cjs' })
    expect(w.loaded).toBe('file:///app/out/renderer/index.html#/counter')
    expect(w.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://example.com')
    expect(w.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    const away = { preventDefault: vi.fn() }
    w.handlers['will-navigate']!(away, 'https://evil.example')
    expect(away.preventDefault).toHaveBeenCalled()
    const inside = { preventDefault: vi.fn() }
    w.handlers['will-navigate']!(inside, 'file:///app/out/renderer/index.html#/kiosk')
    expect(inside.preventDefault).not.toHaveBeenCalled()
  })
})
