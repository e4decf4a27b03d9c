import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ticketTemplateSchema } from '../../../src/shared/devices'
import { ticketHtml } from '../../../src/main/devices/ticket-html'
import { layoutTicket, type TicketFacts } from '../../../src/main/devices/ticket-layout'
import { ticketFacts } from '../../support/ticket-facts'

interface FakeWindow {
  options: any
  loaded: string | null
  destroyed: boolean
  printed: any
  webContents: any
  loadURL(url: string): Promise<void>
  isDestroyed(): boolean
  destroy(): void
}
const windows: FakeWindow[] = []
let printBehaviour: 'ok' | 'fail' | 'hang' = 'ok'

vi.mock('electron', () => {
  class BrowserWindow implements FakeWindow {
    loaded: string | null = null
    destroyed = false
    printed: any = null
    webContents: any
    constructor(public options: any) {
      windows.push(this)
      this.webContents = {
        executeJavaScript: async () => 700,
        print: (options: any, callback: (success: boolean, reason: string) => void) => {
          this.printed = options
          if (printBehaviour === 'ok') setImmediate(() => callback(true, ''))
          if (printBehaviour === 'fail') setImmediate(() => callback(false, 'Printer is out of paper'))
        },
      }
    }
    async loadURL(url: string) {
      this.loaded = url
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
  }
  return { BrowserWindow, shell: { openExternal: vi.fn() } }
})

const facts: TicketFacts = ticketFacts({
  ticketId: 7,
  serviceName: '宽带业务',
  serviceId: 'BROADBAND',
  number: 'B007',
  ahead: 2,
  minutes: 9,
  issuedAt: Date.parse('2026-11-28T10:00:00+08:00'),
  message: '<b>带身份证</b>',
})
const html = ticketHtml(layoutTicket(facts, ticketTemplateSchema.parse({ qrPayload: 'https://hall.example.cn/q/{number}' }), '80'), '80')

beforeEach(() => {
  windows.length = 0
  printBehaviour = 'ok'
})

describe('the HTML ticket', () => {
  it('has the same words as the paper ticket, escaped, and an SVG QR code', () => {
    for (const words of ['中国电信营业厅', '宽带业务', 'B007', '您前面还有 2 人在等候', '预计等候约 9 分钟', '取号时间 2026-11-28 10:00']) expect(html).toContain(words)
    expect(html).toContain('&#60;b&#62;带身份证&#60;/b&#62;')
    expect(html).not.toContain('<b>')
    expect(html).toMatch(/<svg[^>]*viewBox/)
    expect(html).toContain('size: 80mm auto')
  })
})

describe('silent printing through Electron', () => {
  it('loads the ticket in a hidden sandboxed window, prints silently to the named printer, then destroys the window', async () => {
    const { createHtmlTicketPrinter } = await import('../../../src/main/electron/html-ticket-printer')
    await createHtmlTicketPrinter().print(html, { printerName: 'XP-80C', paper: '80', timeoutMs: 2000 })
    const w = windows[0]!
    expect(w.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } })
    expect(decodeURIComponent(w.loaded!.replace('data:text/html;charset=utf-8,', ''))).toBe(html)
    expect(w.printed).toMatchObject({ silent: true, deviceName: 'XP-80C', margins: { marginType: 'none' }, pageSize: { width: 80_000 } })
    expect(w.printed.pageSize.height).toBeGreaterThanOrEqual(185_000)
    expect(w.destroyed).toBe(true)
  })

  it('the default printer when no name is given', async () => {
    const { createHtmlTicketPrinter } = await import('../../../src/main/electron/html-ticket-printer')
    await createHtmlTicketPrinter().print(html, { printerName: '', paper: '58', timeoutMs: 2000 })
    expect(windows[0]!.printed.deviceName).toBeUndefined()
    expect(windows[0]!.printed.pageSize.width).toBe(58_000)
  })

  it('a failed or hung print is an error, and the window is destroyed either way', async () => {
    const { createHtmlTicketPrinter } = await import('../../../src/main/electron/html-ticket-printer')
    printBehaviour = 'fail'
    await expect(createHtmlTicketPrinter().print(html, { printerName: 'XP-80C', paper: '80', timeoutMs: 2000 })).rejects.toThrow('Printer is out of paper')
    expect(windows[0]!.destroyed).toBe(true)
    printBehaviour = 'hang'
    await expect(createHtmlTicketPrinter().print(html, { printerName: 'XP-80C', paper: '80', timeoutMs: 100 })).rejects.toThrow('longer than 100 ms')
    expect(windows[1]!.destroyed).toBe(true)
  })
})
