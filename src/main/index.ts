/**
 * The Electron shell: runs the same hall as the headless hub inside the main process, and
 * opens one window per role this PC has (<userData>/terminal.json). Everything else lives in
 * plain-Node modules.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, screen, session } from 'electron'
import { startHallApp, type HallApp } from './app'
import { createHtmlTicketPrinter } from './electron/html-ticket-printer'
import { registerHallIpc } from './electron/ipc'
import { loadTerminalConfig, saveTerminalConfig } from './electron/terminal-config'
import { installContentSecurityPolicy, openRoleWindows } from './electron/windows'
import { CONTENT_SECURITY_POLICY } from './server/routes/screens'
import { appRoot, voiceDirs } from './server/voice-files'

const PORT = Number(process.env.HALLQ_PORT ?? 8080)
const HOST = process.env.HALLQ_HOST ?? '0.0.0.0'

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href
}

let hallApp: HallApp | null = null

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  const dataDir = join(app.getPath('userData'), 'hall')
  try {
    hallApp = await startHallApp({
      dataDir,
      port: PORT,
      host: HOST,
      version: app.getVersion(),
      platform: { htmlTicketPrinter: createHtmlTicketPrinter() },
    })
  } catch (err) {
    dialog.showErrorBox('HallQ', `营业厅服务无法启动 / The hall could not start:\n${err instanceof Error ? err.message : String(err)}`)
    app.exit(1)
    return
  }
  if (hallApp.createdAdminPin) {
    void dialog.showMessageBox({
      type: 'info',
      title: 'HallQ',
      message: `管理员工号 admin，初始密码 ${hallApp.createdAdminPin}\n请登录后立即修改。\nAdmin staff code "admin", PIN ${hallApp.createdAdminPin}. Change it after the first login.`,
    })
  }
  const url = rendererUrl()
  registerHallIpc({
    ipcMain,
    hall: hallApp.hall,
    logger: hallApp.logger,
    rendererUrl: url,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    voiceDirs: voiceDirs(dataDir, appRoot(import.meta.dirname)),
    queries: hallApp.queries,
  })
  installContentSecurityPolicy(session.defaultSession, CONTENT_SECURITY_POLICY)

  const configFile = join(app.getPath('userData'), 'terminal.json')
  const { config, problem, created } = loadTerminalConfig(configFile)
  if (problem) hallApp.logger.warn({ file: configFile, problem }, 'terminal.json is not valid; opening the screen chooser')
  // A new PC gets the file written out, so it can be edited to say which screens this PC shows.
  if (created) saveTerminalConfig(configFile, config)
  openRoleWindows({
    config,
    screen,
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    rendererUrl: url,
    onConfigChange: (next) => {
      try {
        if (!problem) saveTerminalConfig(configFile, next)
      } catch (err) {
        hallApp?.logger.warn({ err }, 'could not remember the window placement')
      }
    },
  })
}

app.on('window-all-closed', () => app.quit())
app.on('before-quit', (event) => {
  if (!hallApp) return
  event.preventDefault()
  const closing = hallApp
  hallApp = null
  void closing.close().finally(() => app.quit())
})

void main()
