/**
 * Windows of the desktop app. Every window loads our renderer with the same locked-down
 * preferences: context isolation, sandbox, no Node in the page.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptions {
  preload: string
  /** The renderer entry: a file:// URL when packaged, the dev server in development. */
  url: string
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
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preload },
  })
  // The app never opens other pages in its windows; links go to the system browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(options.url.split('#')[0]!)) event.preventDefault()
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(options.url)
  return win
}
