import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../src/shared/settings'
import { ticketTemplateSchema, type TicketTemplate } from '../../../src/shared/devices'
import { encodeTicket } from '../../../src/main/devices/escpos'
import { renderEscPos } from '../../../src/main/devices/escpos-render'
import { printerProblems, isStatusByte } from '../../../src/main/devices/printer-status'
import { layoutTicket, PAPER_COLUMNS, type TicketFacts } from '../../../src/main/devices/ticket-layout'
import { textColumns } from '../../../src/main/devices/text-encoding'
import { customerText, readEscPos } from '../../support/escpos-reader'
import { ticketFacts } from '../../support/ticket-facts'

const facts: TicketFacts = ticketFacts()
const template = (patch: Partial<TicketTemplate> = {}) => ticketTemplateSchema.parse({ ...patch })
const withQr = template({ qrPayload: 'https://hall.example.cn/q/{day}/{number}?t={ticketId}' })

describe('the printed ticket', () => {
  it('decodes to exactly the text the customer should read, with the QR payload, in under 400 bytes', () => {
    const bytes = encodeTicket(layoutTicket(facts, withQr, '80'), withQr.feedLines)
    const ticket = readEscPos(bytes)
    expect(ticket.initialised).toBe(true)
    expect(ticket.chineseMode).toBe(true)
    expect(customerText(ticket)).toEqual([
      '中国电信营业厅',
      '移动业务',
      'A023',
      '您前面还有 5 人在等候',
      '预计等候约 12 分钟',
      '取号时间 2026-11-28 09:05',
      '过号顺延：错过叫号请到窗口出示本票，顺延3位办理',
      '',
      '请妥善保管号票，留意叫号',
    ])
    expect(ticket.qr).toEqual([{ model: 2, moduleSize: 5, errorLevel: 'M', payload: 'https://hall.example.cn/q/2026-11-28/A023?t=23' }])
    expect(new URL(ticket.qr[0]!.payload).pathname).toBe('/q/2026-11-28/A023')
    expect(ticket.cut).toBe('full')
    expect(ticket.fed).toBe(3)
    expect(bytes.length).toBeLessThanOrEqual(400)
  })

  it('the number is huge and bold, the hall name bold, everything centred', () => {
    const ticket = readEscPos(encodeTicket(layoutTicket(facts, withQr, '80'), 3))
    const number = ticket.lines.find((l) => l.text === 'A023')!
    expect(number).toMatchObject({ width: 4, height: 4, bold: true, align: 'center' })
    expect(ticket.lines[0]).toMatchObject({ text: '中国电信营业厅', bold: true, width: 2 })
    expect(ticket.lines.every((l) => l.align === 'center')).toBe(true)
    expect(ticket.lines.find((l) => l.text.startsWith('您前面'))).toMatchObject({ width: 1, bold: false })
  })

  it.each(['58', '80'] as const)('every line fits the %s mm paper', (paper) => {
    const long = { ...facts, message: '投诉请携带有效证件，办理携号转网请带上身份证原件和近三个月的缴费发票' }
    const ticket = readEscPos(encodeTicket(layoutTicket(long, withQr, paper), 3))
    for (const line of ticket.lines) expect(textColumns(line.text) * line.width).toBeLessThanOrEqual(PAPER_COLUMNS[paper])
    // The long message is wrapped, not cut: all of it is on the paper.
    expect(customerText(ticket).join('')).toContain(long.message.replace(/\s/g, ''))
  })

  it('a number too wide for the paper at the chosen size is printed smaller, never split', () => {
    const ticket = readEscPos(encodeTicket(layoutTicket({ ...facts, number: 'ABC1234' }, template({ numberSize: 8 }), '58'), 3))
    const number = ticket.lines.find((l) => l.text === 'ABC1234')!
    expect(number.width).toBe(4)
  })

  it('says what the hall does with a missed call, and when no counter is open', () => {
    const ticket = readEscPos(encodeTicket(layoutTicket({ ...facts, missedCallRule: 'reissue', minutes: null, priority: 'care' }, template(), '58'), 3))
    expect(customerText(ticket)).toContain('过号作废：错过叫号请重新取号')
    expect(customerText(ticket).join('')).toContain('暂无窗口办理，请留意叫号或咨询大堂经理')
    expect(customerText(ticket)).toContain('爱心通道')
    expect(ticket.qr).toEqual([])
  })

  it('blocks follow the template order, and left-out blocks are not printed', () => {
    const ticket = readEscPos(encodeTicket(layoutTicket(facts, template({ blocks: ['number', 'hall'] }), '80'), 0))
    expect(customerText(ticket)).toEqual(['A023', '中国电信营业厅'])
    expect(ticket.fed).toBe(0)
  })

  it('GB18030 round-trips rare characters (𠀀 䶮 龘) through the printer bytes', () => {
    const rare = { ...facts, hallName: '龘𠀀营业厅', serviceName: '䶮业务' }
    const bytes = encodeTicket(layoutTicket(rare, template(), '80'), 3)
    expect(bytes.includes(Buffer.from([0x95, 0x32, 0x82, 0x36]))).toBe(true) // 𠀀 is a four-byte sequence
    expect(customerText(readEscPos(bytes)).slice(0, 2)).toEqual(['龘𠀀营业厅', '䶮业务'])
    const all = '𠀀䶮龘中国电信€·—ABC123'
    expect(iconv.decode(iconv.encode(all, 'gb18030'), 'gb18030')).toBe(all)
  })

  it('the default template needs no QR and the same hall name as the settings', () => {
    expect(DEFAULT_SETTINGS.devices.ticket.qrPayload).toBe('')
    expect(DEFAULT_SETTINGS.hall.name).toBe(facts.hallName)
  })

  it('the virtual printer shows the same words', () => {
    const bytes = encodeTicket(layoutTicket(facts, withQr, '58'), 3)
    const shown = renderEscPos(bytes, 32)
    expect(shown.cut).toBe(true)
    expect(shown.lines.map((l) => l.trim()).filter((l) => l !== '')).toEqual([
      '中国电信营业厅',
      '移动业务',
      'A023',
      '您前面还有 5 人在等候',
      '预计等候约 12 分钟',
      '取号时间 2026-11-28 09:05',
      '过号顺延：错过叫号请到窗口出示本',
      '票，顺延3位办理',
      '[QR] https://hall.example.cn/q/2026-11-28/A023?t=23',
      '请妥善保管号票，留意叫号',
    ])
  })
})

describe('printer status (DLE EOT 1–4)', () => {
  const ok = 0x12
  it.each([
    ['all well', [ok, ok, ok, ok], []],
    ['paper out', [0x1a, 0x32, ok, 0x7e], ['paperOut', 'paperNearEnd']],
    ['paper near end only', [ok, ok, ok, 0x1e], ['paperNearEnd']],
    ['cover open', [0x1a, 0x16, ok, ok], ['coverOpen']],
    ['cutter error', [0x1a, 0x52, 0x1a, ok], ['cutterError']],
    ['head too hot (auto-recoverable)', [0x1a, 0x52, 0x52, ok], ['printerError']],
    ['offline for another reason', [0x1a, ok, ok, ok], ['offline']],
  ] as const)('%s', (_name, bytes, problems) => {
    expect(printerProblems(bytes as unknown as [number, number, number, number])).toEqual(problems)
  })

  it('tells a status byte from noise', () => {
    expect([0x12, 0x16, 0x1a, 0x7e].every(isStatusByte)).toBe(true)
    expect([0x11, 0x13, 0x00, 0xff, 0x41].some(isStatusByte)).toBe(false)
  })
})
