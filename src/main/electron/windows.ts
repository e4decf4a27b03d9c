/**
 * Windows of the desktop app: one per role this PC has (terminal-config.ts). Every window loads
 * our renderer with the same locked-down preferences: context isolation, sandbox, no Node in
 * the page; it never navigates away, and other pages open in the system browser. On a hub PC
 * the pages come from disk and reach the hall through the preload bridge; on a terminal PC they
 * are the hub's own pages, with no bridge at all, in a persistent session of their own.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type Rectangle, type Screen, type Session } from 'electron'
import {
  placeWindow,
  rememberPlacement,
  remoteRoleUrl,
  roleUrl,
  type Bounds,
  type TerminalConfig,
  type WindowRole,
} from './terminal-config'

export interface WindowOptions {
  /** The bridge to the hall in main; null for a hub's remote pages, which must never have it. */
  preload: string | null
  /** The renderer entry: a file:// URL when packaged, the dev server in development, or a page on the hub. */
  url: string
  /** The session partition (a remote hub's pages: persistent, so the pairing cookie stays). */
  partition?: string
  title: string
  bounds?: Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'>
  fullscreen?: boolean
}

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  sandbox: true,
  webSecurity: true,
  spellcheck: false,
} as const

export function createWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: options.title,
    width: 1366,
    height: 768,
    ...options.bounds,
    fullscreen: options.fullscreen ?? false,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f5f7fa',
    // The hall display speaks without anyone clicking it first.
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      ...(options.preload ? { preload: options.preload } : {}),
      ...(options.partition ? { partition: options.partition } : {}),
      autoplayPolicy: 'no-user-gesture-required',
    },
  })
  // The app never opens other pages in its windows; links go to the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!mayNavigate(options.url, url)) event.preventDefault()
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(options.url)
  return win
}

/** A window stays on its own pages: the same file (packaged), or the same origin (dev server, hub). */
export function mayNavigate(from: string, to: string): boolean {
  try {
    const a = new URL(from)
    const b = new URL(to)
    if (a.protocol === 'file:') return b.protocol === 'file:' && b.pathname === a.pathname
    return a.origin === b.origin
  } catch {
    return false
  }
}

const TITLES: Record<WindowRole, string> = {
  home: 'HallQ',
  kiosk: 'HallQ 取号',
  counter: 'HallQ 窗口',
  rating: 'HallQ 服务评价',
  display: 'HallQ 叫号屏',
  manager: 'HallQ 值班经理',
}

export interface RoleWindowsOptions {
  config: TerminalConfig
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'getDisplayMatching'>
  /** The hall bridge for our own renderer; ignored for a remote hub. */
  preload: string
  rendererUrl: string
  /** A terminal PC: the windows show this hub's pages, without the bridge, in this session partition. */
  remote?: { hubUrl: string; partition: string }
  /** Called with the config after a window moved to another place; the caller saves it. */
  onConfigChange: (config: TerminalConfig) => void
  /** Waits this long after the last move or resize before remembering (ms). */
  rememberDelayMs?: number
}

/** Opens one window per configured role, each where it belongs; remembers where they are moved. */
export function openRoleWindows(options: RoleWindowsOptions): BrowserWindow[] {
  let config = options.config
  const displays = options.screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea }))
  const primaryId = options.screen.getPrimaryDisplay().id
  return config.windows.map((entry, index) => {
    const place = placeWindow(entry, displays, primaryId)
    const remote = options.remote
    const win = createWindow({
      preload: remote ? null : options.preload,
      url: remote ? remoteRoleUrl(remote.hubUrl, entry) : roleUrl(options.rendererUrl, entry),
      ...(remote ? { partition: remote.partition } : {}),
      title: TITLES[entry.role],
      bounds: place.bounds,
      fullscreen: place.fullscreen,
    })
    let timer: ReturnType<typeof setTimeout> | null = null
    const remember = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        if (win.isDestroyed()) return
        const display = options.screen.getDisplayMatching(win.getBounds() as Rectangle)
        const bounds: Bounds | null = win.isFullScreen() ? null : (win.getNormalBounds() as Bounds)
        config = rememberPlacement(config, index, display.id, bounds)
        options.onConfigChange(config)
      }, options.rememberDelayMs ?? 800)
    }
    win.on('moved', remember)
    win.on('resized', remember)
    win.on('enter-full-screen', remember)
    return win
  })
}

/**
 * The same policy as the hub's pages, as a header on whatever the windows load (the dev
 * server in development); packaged pages carry it in index.html's meta tag.
 */
export function installContentSecurityPolicy(session: Pick<Session, 'webRequest'>, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } })
  })
}
