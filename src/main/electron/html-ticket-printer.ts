/**
 * The second ticket printer backend: an HTML ticket printed silently through Chromium's
 * printing, for printers Windows drives with its own driver. A hidden, locked-down window
 * per job, destroyed afterwards whatever happened.
 */
import { BrowserWindow, type WebContentsPrintOptions } from 'electron'
import type { HtmlTicketPrinter } from '../devices/ticket-html'
import { SECURE_WEB_PREFERENCES } from './windows'

/** Microns per CSS pixel (96 per inch). */
const MICRONS_PER_PX = 25_400 / 96

export function createHtmlTicketPrinter(): HtmlTicketPrinter {
  return {
    async print(html, { printerName, paper, timeoutMs }) {
      const win = new BrowserWindow({ show: false, width: 400, height: 800, webPreferences: { ...SECURE_WEB_PREFERENCES } })
      let timer: NodeJS.Timeout | undefined
      try {
        const job = (async () => {
          await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
          const heightPx = Number(await win.webContents.executeJavaScript('document.documentElement.scrollHeight'))
          const options: WebContentsPrintOptions = {
            silent: true,
            printBackground: false,
            margins: { marginType: 'none' },
            // Roll paper: the page is as long as the ticket, so the driver cuts right after it.
            pageSize: { width: Number(paper) * 1000, height: Math.max(50_000, Math.ceil((heightPx || 600) * MICRONS_PER_PX)) },
            ...(printerName ? { deviceName: printerName } : {}),
          }
          await new Promise<void>((resolve, reject) => {
            win.webContents.print(options, (success, failureReason) => (success ? resolve() : reject(new Error(failureReason || 'printing failed'))))
          })
        })()
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`printing took longer than ${timeoutMs} ms`)), timeoutMs)
        })
        job.catch(() => undefined)
        await Promise.race([job, timeout])
      } finally {
        clearTimeout(timer)
        if (!win.isDestroyed()) win.destroy()
      }
    },
  }
}
