/**
 * The desktop app, start to finish. A PC is either the hall's hub — the hall runs in this
 * process (as the headless hub would) and its windows load our renderer from disk, reaching the
 * hall through the preload bridge — or a terminal of a hub elsewhere on the LAN: no hall here,
 * its windows load the hub's own pages (no bridge), in a persistent session so the pairing
 * cookie stays, with the hub's certificate pinned when it speaks https. The first start asks
 * which (first-start.ts); the answer is kept in terminal.json, and the app menu can ask again.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron'
import { startHallApp, type HallApp } from '../app'
import { CONTENT_SECURITY_POLICY } from '../server/routes/screens'
import { appRoot, voiceDirs } from '../server/voice-files'
import { askFirstStart } from './first-start'
import { bareHost, certificateVerdict, probeHub } from './hub-link'
import { createHtmlTicketPrinter } from './html-ticket-printer'
import { registerHallIpc } from './ipc'
import { registerReportFileIpc } from './report-files'
import { loadTerminalConfig, needsChoice, saveTerminalConfig, withChoice, type TerminalConfig } from './terminal-config'
import { createWindow, installContentSecurityPolicy, openRoleWindows } from './windows'

/** The session a terminal PC shows the hub's pages in: persistent, so the pairing cookie survives restarts. */
export const HUB_PARTITION = 'persist:hallq-hub'

export interface DesktopOptions {
  /** Where the built main process lives (out/main): the preloads and the renderer are beside it. */
  mainDir: string
  port?: number
  host?: string
}

export interface Desktop {
  mode: 'hub' | 'terminal' | 'quit'
  hall: HallApp | null
  windows: BrowserWindow[]
}

function rendererUrl(mainDir: string): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(mainDir, '../renderer/index.html')).href
}

export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return { mode: 'quit', hall: null, windows: [] }
  }
  let hall: HallApp | null = null
  let ready = false
  // While the chooser is the only window, closing it is handled there.
  app.on('window-all-closed', () => {
    if (ready) app.quit()
  })
  app.on('before-quit', (event) => {
    if (!hall) return
    event.preventDefault()
    const closing = hall
    hall = null
    void closing.close().finally(() => app.quit())
  })
  await app.whenReady()

  const renderer = rendererUrl(options.mainDir)
  const configFile = join(app.getPath('userData'), 'terminal.json')
  const loaded = loadTerminalConfig(configFile)
  let config = loaded.config
  if (needsChoice(loaded)) {
    const choice = await askFirstStart({
      ipcMain,
      rendererUrl: renderer,
      probe: (address) => probeHub(address),
      openWindow: () => createWindow({ preload: join(options.mainDir, '../preload/setup.cjs'), url: `${renderer.split('#')[0]}#/setup`, title: 'HallQ' }),
    })
    if (!choice) {
      app.quit()
      return { mode: 'quit', hall: null, windows: [] }
    }
    config = withChoice(config, choice)
    saveTerminalConfig(configFile, config)
  }
  installMenu(configFile)

  const remember = (next: TerminalConfig) => {
    try {
      if (!loaded.problem) saveTerminalConfig(configFile, { ...next, mode: config.mode, hub: config.hub })
    } catch {
      // A read-only profile: the windows open where they are configured next time.
    }
  }

  if (config.mode === 'terminal' && config.hub) {
    const hub = config.hub
    const hubSession = session.fromPartition(HUB_PARTITION)
    if (hub.fingerprint) {
      const pin = { host: bareHost(hub.url), fingerprint: hub.fingerprint }
      hubSession.setCertificateVerifyProc((request, callback) => callback(certificateVerdict(pin, request)))
    }
    const windows = openRoleWindows({ config, screen, preload: '', rendererUrl: renderer, remote: { hubUrl: hub.url, partition: HUB_PARTITION }, onConfigChange: remember })
    ready = true
    return { mode: 'terminal', hall: null, windows }
  }

  const dataDir = join(app.getPath('userData'), 'hall')
  try {
    hall = await startHallApp({
      dataDir,
      port: options.port ?? 8080,
      host: options.host ?? '0.0.0.0',
      version: app.getVersion(),
      platform: { htmlTicketPrinter: createHtmlTicketPrinter() },
      pinTimeZone: true,
    })
  } catch (err) {
    dialog.showErrorBox('HallQ', `营业厅服务无法启动 / The hall could not start:\n${err instanceof Error ? err.message : String(err)}`)
    app.exit(1)
    return { mode: 'quit', hall: null, windows: [] }
  }
  if (hall.createdAdminPin) {
    void dialog.showMessageBox({
      type: 'info',
      title: 'HallQ',
      message: `管理员工号 admin，初始密码 ${hall.createdAdminPin}\n请登录后立即修改。\nAdmin staff code "admin", PIN ${hall.createdAdminPin}. Change it after the first login.`,
    })
  }
  registerHallIpc({
    ipcMain,
    hall: hall.hall,
    logger: hall.logger,
    rendererUrl: renderer,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    voiceDirs: voiceDirs(dataDir, appRoot(options.mainDir)),
    streams: hall.streams,
    queries: hall.queries,
  })
  registerReportFileIpc({ ipcMain, logger: hall.logger, rendererUrl: renderer, queries: hall.queries })
  installContentSecurityPolicy(session.defaultSession, CONTENT_SECURITY_POLICY)
  if (loaded.problem) hall.logger.warn({ file: configFile, problem: loaded.problem }, 'terminal.json is not valid; opening the screen chooser')
  // A new PC gets the file written out, so it can be edited to say which screens this PC shows.
  if (loaded.created) saveTerminalConfig(configFile, config)
  const windows = openRoleWindows({ config, screen, preload: join(options.mainDir, '../preload/index.cjs'), rendererUrl: renderer, onConfigChange: remember })
  ready = true
  return { mode: 'hub', hall, windows }
}

/** HallQ ▸ "this PC is the hub / joins a hub…": asks again at the next start, then restarts. */
function installMenu(configFile: string): void {
  const change = async () => {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['重新选择并重启 / Choose again and restart', '取消 / Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'HallQ',
      message: '重新选择本机是营业厅主机还是加入其他主机？应用将重启。\nChoose again whether this PC is the hub or joins one? The app restarts.',
    })
    if (response !== 0) return
    const { config } = loadTerminalConfig(configFile)
    saveTerminalConfig(configFile, { ...config, mode: null })
    app.relaunch()
    app.quit()
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'HallQ',
        submenu: [{ label: '本机角色：主机 / 加入主机… (Hub or terminal…)', click: () => void change() }, { type: 'separator' }, { role: 'quit' }],
      },
      { role: 'editMenu' },
      { role: 'viewMenu' },
    ]),
  )
}
