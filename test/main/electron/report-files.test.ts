import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HallExtension } from '../../../src/main/app'
import { reportsExtension } from '../../../src/main/server/routes/reports'
import { IPC } from '../../../src/shared/ipc'
import { clerkAtCounter, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'

const dialogs: { window: unknown; options: any }[] = []
let dialogAnswer: () => { canceled: boolean; filePath?: string } = () => ({ canceled: true })
const documents = '/home/manager/Documents'

vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'documents' ? documents : '/tmp') },
  BrowserWindow: { fromWebContents: (sender: { window?: unknown }) => sender.window ?? null },
  dialog: {
    showSaveDialog: vi.fn(async (...args: unknown[]) => {
      const [window, options] = args.length === 2 ? args : [null, args[0]]
      dialogs.push({ window, options })
      return dialogAnswer()
    }),
  },
}))

const { registerReportFileIpc, safeFileName } = await import('../../../src/main/electron/report-files')

const RENDERER = 'file:///opt/HallQ/resources/app.asar/out/renderer/index.html'
type Handler = (event: unknown, arg: unknown) => Promise<any>

let f: Fixture
let out: { dir: string; remove(): void }
let extension: HallExtension
let handlers: Map<string, Handler>
let unregister: () => void
let printed: unknown[]
let printBehaviour: 'ok' | 'fail'
const win = { id: 'manager-window' }

function event(url = `${RENDERER}#/reports`) {
  return {
    senderFrame: { url },
    sender: {
      window: win,
      printToPDF: vi.fn(async (options: unknown) => {
        printed.push(options)
        if (printBehaviour === 'fail') throw new Error('printing failed')
        return Buffer.from('%PDF-1.7 the assessment')
      }),
    },
  }
}

beforeEach(async () => {
  f = await openHall()
  out = tempDir('hallq-report-files-')
  extension = await reportsExtension({ hall: f.hall, db: f.db, logger: silentLogger, dataDir: join(out.dir, 'hub') })
  handlers = new Map()
  dialogs.length = 0
  printed = []
  printBehaviour = 'ok'
  dialogAnswer = () => ({ canceled: true })
  unregister = registerReportFileIpc({
    ipcMain: { handle: (ch: string, h: Handler) => void handlers.set(ch, h), removeHandler: (ch: string) => void handlers.delete(ch) } as never,
    logger: silentLogger,
    rendererUrl: RENDERER,
    queries: new Map(Object.entries(extension.queries ?? {})),
  })
})
afterEach(async () => {
  unregister()
  await extension.close?.()
  out.remove()
  f.close()
})

describe('printing the report to PDF', () => {
  it('asks where, prints the page on A4 with its own print styles, and writes the file', async () => {
    const target = join(out.dir, '考核.pdf')
    dialogAnswer = () => ({ canceled: false, filePath: target })
    const reply = await handlers.get(IPC.printToPdf)!(event(), { fileName: '日终考核_2026-11-28.pdf' })
    expect(reply).toEqual({ ok: true, result: { path: target } })
    expect(printed).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }])
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7 the assessment')
    expect(dialogs).toHaveLength(1)
    expect(dialogs[0]!.window).toBe(win)
    expect(dialogs[0]!.options).toMatchObject({ defaultPath: join(documents, '日终考核_2026-11-28.pdf'), filters: [{ extensions: ['pdf'] }] })
  })

  it('does nothing when the manager cancels the dialog', async () => {
    const reply = await handlers.get(IPC.printToPdf)!(event(), { fileName: 'x.pdf' })
    expect(reply).toEqual({ ok: true, result: { path: null } })
    expect(printed).toEqual([])
  })

  it('says so, as a hall error, when the PDF cannot be made', async () => {
    dialogAnswer = () => ({ canceled: false, filePath: join(out.dir, 'a.pdf') })
    printBehaviour = 'fail'
    expect(await handlers.get(IPC.printToPdf)!(event(), { fileName: 'a.pdf' })).toMatchObject({ ok: false, error: { code: 'FILE_NOT_SAVED', message: '文件没有保存成功，请换一个位置再试' } })
    expect(existsSync(join(out.dir, 'a.pdf'))).toBe(false)
  })

  it('answers only our own renderer', async () => {
    dialogAnswer = () => ({ canceled: false, filePath: join(out.dir, 'evil.pdf') })
    expect(await handlers.get(IPC.printToPdf)!(event('https://evil.example/'), { fileName: 'x.pdf' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await handlers.get(IPC.saveExport)!(event('https://evil.example/'), { id: 'x', token: f.adminToken })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(dialogs).toEqual([])
    expect(printed).toEqual([])
  })
})

describe('saving an export', () => {
  async function finishedExport(): Promise<string> {
    const day = f.hall.state.businessDay
    const start = extension.queries!.exportStart!
    const job = start({ request: { format: 'csv', from: day, to: day, tables: ['counters'] } }, { token: f.adminToken, terminal: 'desktop', local: true }) as { id: string }
    for (let i = 0; i < 200; i++) {
      const now = extension.queries!.exportJob!({ id: job.id }, { token: f.adminToken, terminal: 'desktop', local: true }) as { state: string }
      if (now.state !== 'running') break
      await new Promise((r) => setTimeout(r, 10))
    }
    return job.id
  }

  it('copies the finished file where the manager chooses, named for the day', async () => {
    await clerkAtCounter(f, 'c1', 1)
    const id = await finishedExport()
    const target = join(out.dir, 'counters.csv')
    dialogAnswer = () => ({ canceled: false, filePath: target })
    expect(await handlers.get(IPC.saveExport)!(event(), { id, token: f.adminToken })).toEqual({ ok: true, result: { path: target } })
    const csv = readFileSync(target, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv).toContain('1号窗口')
    expect(dialogs[0]!.options).toMatchObject({ defaultPath: join(documents, `营业报表_窗口_${f.hall.state.businessDay}.csv`), filters: [{ extensions: ['csv'] }] })
  })

  it('needs a manager’s token, an existing job, and a finished file', async () => {
    const id = await finishedExport()
    dialogAnswer = () => ({ canceled: false, filePath: join(out.dir, 'x.csv') })
    expect(await handlers.get(IPC.saveExport)!(event(), { id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const clerk = await f.clerk('c1')
    expect(await handlers.get(IPC.saveExport)!(event(), { id, token: clerk })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await handlers.get(IPC.saveExport)!(event(), { id: 'nope', token: f.adminToken })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await handlers.get(IPC.saveExport)!(event(), { token: f.adminToken })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    expect(dialogs).toEqual([])
  })
})

describe('file names from the page', () => {
  it('keep no folders or characters Windows refuses, and get their extension', () => {
    expect(safeFileName('日终考核_2026-11-28.pdf', 'report', '.pdf')).toBe('日终考核_2026-11-28.pdf')
    expect(safeFileName('../../etc/passwd', 'report', '.pdf')).toBe('_.._etc_passwd.pdf')
    expect(safeFileName('a<b>c:d"e|f?g*h', 'report', '.pdf')).toBe('a_b_c_d_e_f_g_h.pdf')
    expect(safeFileName('', 'report', '.pdf')).toBe('report.pdf')
    expect(safeFileName(42, 'report', '.xlsx')).toBe('report.xlsx')
    expect(safeFileName('营业报表.XLSX', 'report', '.xlsx')).toBe('营业报表.XLSX')
  })
})
