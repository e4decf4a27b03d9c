/**
 * Files the report page writes in the desktop app, where the page (sandboxed, file://) cannot:
 * the printed assessment as a PDF (webContents.printToPDF of the page's own print layout, A4)
 * and a finished export copied where the manager chooses. Both ask with a save dialog; both
 * answer only our own renderer, like every other channel.
 */
import { copyFile, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { app, BrowserWindow, dialog, type IpcMain, type SaveDialogOptions, type WebContents } from 'electron'
import type { Logger } from 'pino'
import { AppError } from '../../shared/errors'
import { IPC, type IpcReply, type SavedFile } from '../../shared/ipc'
import type { ExtensionQuery } from '../app'
import { EXPORT_FILE_QUERY, type ExportFile } from '../server/routes/reports'
import { failure, trustedSender } from './ipc'

export interface ReportFilesOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  logger: Logger
  rendererUrl: string
  /** The hub's in-process queries (HallApp.queries): the reports' export file lives there. */
  queries: ReadonlyMap<string, ExtensionQuery>
}

type Event = { sender: WebContents; senderFrame: { url: string } | null }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A file name the page suggests, made safe for every file system: no folders, no characters
 * Windows refuses, not empty, with the expected extension.
 */
export function safeFileName(raw: unknown, fallback: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  let name = (typeof raw === 'string' ? raw : '').replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120)
  if (!name) name = fallback
  if (extname(name).toLowerCase() !== extension) name += extension
  return name
}

const FILTERS: Record<string, SaveDialogOptions['filters']> = {
  '.pdf': [{ name: 'PDF', extensions: ['pdf'] }],
  '.xlsx': [{ name: 'Excel', extensions: ['xlsx'] }],
  '.csv': [{ name: 'CSV', extensions: ['csv'] }],
}

async function askWhere(sender: WebContents, fileName: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    defaultPath: join(app.getPath('documents'), fileName),
    filters: FILTERS[extname(fileName).toLowerCase()] ?? [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }
  const window = BrowserWindow.fromWebContents(sender)
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return choice.canceled || !choice.filePath ? null : choice.filePath
}

/** Wires the two channels; returns a function that unwires them. */
export function registerReportFileIpc({ ipcMain, logger, rendererUrl, queries }: ReportFilesOptions): () => void {
  const saved = (path: string | null): IpcReply<SavedFile> => ({ ok: true, result: { path } })

  ipcMain.handle(IPC.printToPdf, async (event: Event, raw: unknown): Promise<IpcReply<SavedFile>> => {
    if (!trustedSender(event, rendererUrl)) return failure(new AppError('FORBIDDEN'), logger)
    const fileName = safeFileName(isObject(raw) ? raw.fileName : undefined, 'report', '.pdf')
    try {
      const path = await askWhere(event.sender, fileName)
      if (path === null) return saved(null)
      // The page's @page rule says A4 and its margins; its @media print styles are the layout.
      const pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
      await writeFile(path, pdf)
      logger.info({ path, bytes: pdf.length }, 'report printed to PDF')
      return saved(path)
    } catch (err) {
      logger.error({ err }, 'printing the report to PDF failed')
      return failure(new AppError('FILE_NOT_SAVED'), logger)
    }
  })

  ipcMain.handle(IPC.saveExport, async (event: Event, raw: unknown): Promise<IpcReply<SavedFile>> => {
    if (!trustedSender(event, rendererUrl)) return failure(new AppError('FORBIDDEN'), logger)
    if (!isObject(raw) || typeof raw.id !== 'string') return failure(new AppError('VALIDATION_FAILED', [{ path: ['id'], message: 'export job id' }]), logger)
    let file: ExportFile
    try {
      const query = queries.get(EXPORT_FILE_QUERY)
      if (!query) throw new AppError('NOT_FOUND', { export: raw.id })
      // The desktop app always sends the manager's token: the job id alone is not enough here.
      const token = typeof raw.token === 'string' && raw.token ? raw.token : undefined
      file = query({ id: raw.id }, { token, terminal: 'desktop', local: true }) as ExportFile
    } catch (err) {
      return failure(err, logger)
    }
    const fileName = safeFileName(file.job.fileName, `report.${file.job.format}`, `.${file.job.format}`)
    try {
      const path = await askWhere(event.sender, fileName)
      if (path === null) return saved(null)
      await copyFile(file.path, path)
      logger.info({ path, bytes: file.job.bytes }, 'report export saved')
      return saved(path)
    } catch (err) {
      logger.error({ err }, 'saving the export failed')
      return failure(new AppError('FILE_NOT_SAVED'), logger)
    }
  })

  return () => {
    ipcMain.removeHandler(IPC.printToPdf)
    ipcMain.removeHandler(IPC.saveExport)
  }
}
