/**
 * The Electron shell: runs the same hall as the headless hub inside the main process, and
 * opens the desktop window. Everything else lives in plain-Node modules.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import { startHallApp, type HallApp } from './app'
import { createHtmlTicketPrinter } from './electron/html-ticket-printer'
import { registerHallIpc } from './electron/ipc'
import { createWindow } from './electron/windows'

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
  try {
    hallApp = await startHallApp({
      dataDir: join(app.getPath('userData'), 'hall'),
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
  })
  createWindow({ preload: join(import.meta.dirname, '../preload/index.cjs'), url, title: 'HallQ' })
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
