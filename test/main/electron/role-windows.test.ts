import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

type Win = { options: any; url?: string; handlers: Record<string, () => void>; bounds: any; fullScreen: boolean }
const created: Win[] = []
vi.mock('electron', () => {
  class BrowserWindow {
    record: Win
    webContents: any
    constructor(options: any) {
      this.record = { options, handlers: {}, bounds: { x: options.x, y: options.y, width: options.width, height: options.height }, fullScreen: options.fullscreen }
      created.push(this.record)
      this.webContents = { setWindowOpenHandler: () => undefined, on: () => undefined }
    }
    once() {}
    on(ev: string, h: () => void) {
      this.record.handlers[ev] = h
    }
    loadURL(url: string) {
      this.record.url = url
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
    isFullScreen() {
      return this.record.fullScreen
    }
    getBounds() {
      return this.record.bounds
    }
    getNormalBounds() {
      return this.record.bounds
    }
  }
  return { BrowserWindow, shell: { openExternal: vi.fn() } }
})

const PRIMARY = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
const TV = { id: 7, bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, workArea: { x: 1920, y: 0, width: 1920, height: 1080 } }
const screen = {
  getAllDisplays: () => [PRIMARY, TV],
  getPrimaryDisplay: () => PRIMARY,
  getDisplayMatching: (r: { x: number }) => (r.x >= 1920 ? TV : PRIMARY),
}

beforeEach(() => {
  created.length = 0
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('one window per role', () => {
  it('opens each configured role on its display, locked down, and remembers a moved window', async () => {
    const { openRoleWindows, SECURE_WEB_PREFERENCES } = await import('../../../src/main/electron/windows')
    const saved: any[] = []
    openRoleWindows({
      config: {
        windows: [
          { role: 'counter', displayId: 1, fullscreen: false, bounds: null, terminal: 'counter-3' },
          { role: 'display', displayId: 7, fullscreen: true, bounds: null },
        ],
      },
      screen: screen as never,
      preload: '/app/out/preload/index.cjs',
      rendererUrl: 'file:///app/out/renderer/index.html',
      onConfigChange: (c) => saved.push(c),
    })
    expect(created.map((w) => w.url)).toEqual(['file:///app/out/renderer/index.html#/counter?terminal=counter-3', 'file:///app/out/renderer/index.html#/display'])
    expect(created[1]!.options).toMatchObject({ fullscreen: true, x: 1920, y: 0, width: 1920, height: 1080 })
    for (const w of created) {
      expect(w.options.webPreferences).toMatchObject({ ...SECURE_WEB_PREFERENCES, preload: '/app/out/preload/index.cjs' })
      expect(w.options.webPreferences.nodeIntegration).toBe(false)
    }

    // The clerk drags the counter window to the other monitor.
    created[0]!.bounds = { x: 2000, y: 40, width: 1300, height: 800 }
    created[0]!.handlers.moved!()
    created[0]!.handlers.resized!()
    await vi.advanceTimersByTimeAsync(1000)
    expect(saved).toHaveLength(1)
    expect(saved[0].windows[0]).toMatchObject({ role: 'counter', displayId: 7, bounds: { x: 2000, y: 40, width: 1300, height: 800 } })
    expect(saved[0].windows[1]).toMatchObject({ role: 'display', displayId: 7, fullscreen: true })
  })

  it('sets the content security policy on what the windows load', async () => {
    const { installContentSecurityPolicy } = await import('../../../src/main/electron/windows')
    let listener: any
    installContentSecurityPolicy({ webRequest: { onHeadersReceived: (l: unknown) => (listener = l) } } as never, "default-src 'self'")
    const callback = vi.fn()
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] } })
  })
})
