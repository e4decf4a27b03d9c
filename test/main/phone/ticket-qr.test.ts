/**
 * The printed ticket's phone QR: on by default once the hall has a guest address, with the
 * guest Wi-Fi's name beside it, read back from the ESC/POS bytes as the customer's phone reads it.
 */
import { describe, expect, it } from 'vitest'
import { encodeTicket } from '../../../src/main/devices/escpos'
import { layoutTicket, type TicketFacts } from '../../../src/main/devices/ticket-layout'
import { inNetwork } from '../../../src/main/server/guest'
import { ticketTemplateSchema } from '../../../src/shared/devices'
import { guestHostOf, phoneUrl } from '../../../src/shared/phone'
import { customerText, readEscPos } from '../../support/escpos-reader'
import { ticketFacts } from '../../support/ticket-facts'

const URL_ = phoneUrl('http://10.20.0.1:8080/', '2026-11-28', 'A023', 'Vd3kq0yXb7TtN2pQ')
const facts: TicketFacts = ticketFacts({ phoneUrl: URL_, wifiName: 'HallQ-Guest' })
const read = (f: TicketFacts, patch: Record<string, unknown> = {}) => readEscPos(encodeTicket(layoutTicket(f, ticketTemplateSchema.parse(patch), '58'), 3))

describe("the ticket's phone QR", () => {
  it('prints the phone link by default, with the hint above and the Wi-Fi name below', () => {
    expect(URL_).toBe('http://10.20.0.1:8080/t/2026-11-28/A023?k=Vd3kq0yXb7TtN2pQ')
    const ticket = read(facts)
    expect(ticket.qr.map((q) => q.payload)).toEqual([URL_])
    const text = customerText(ticket)
    expect(text).toContain('手机扫码，随时查看排队进度')
    expect(text).toContain('请连接 Wi-Fi：HallQ-Guest')
  })

  it('leaves out the Wi-Fi line without a name, and the QR without a guest address', () => {
    expect(customerText(read({ ...facts, wifiName: '' })).join('\n')).not.toContain('Wi-Fi')
    const none = read({ ...facts, phoneUrl: null })
    expect(none.qr).toEqual([])
    expect(customerText(none).join('\n')).not.toContain('扫码')
  })

  it("keeps the hall's own QR content, which may carry {phoneUrl}", () => {
    expect(read(facts, { qrPayload: 'https://hall.example.cn/q/{number}' }).qr.map((q) => q.payload)).toEqual(['https://hall.example.cn/q/A023'])
    expect(read(facts, { qrPayload: '{phoneUrl}&src=ticket' }).qr.map((q) => q.payload)).toEqual([`${URL_}&src=ticket`])
  })
})

describe('guest addresses', () => {
  it('matches the guest Host and guest networks exactly', () => {
    expect(guestHostOf('http://Hall.Guest:8080/')).toBe('hall.guest:8080')
    expect(guestHostOf('')).toBeNull()
    expect(inNetwork('10.20.0.57', '10.20.0.0/24')).toBe(true)
    expect(inNetwork('::ffff:10.20.0.57', '10.20.0.0/24')).toBe(true)
    expect(inNetwork('10.20.1.57', '10.20.0.0/24')).toBe(false)
    expect(inNetwork('192.168.1.5', '0.0.0.0/0')).toBe(true)
    expect(inNetwork('::1', '10.20.0.0/24')).toBe(false)
  })
})
