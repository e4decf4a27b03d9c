import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import KioskView from '../../../src/renderer/src/views/KioskView.vue'
import { useKioskStore } from '../../../src/renderer/src/stores/kiosk'
import { ScriptedHall, type FakeTransport } from '../support'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { flush, mountView, setup } from './mount'

let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper

beforeEach(() => {
  ;({ transport } = setup())
  hub = new ScriptedHall()
  hub.now = Date.now()
  hub.run('openCounter', { counterId: 1 }, 1)
  hub.run('issueTicket', { serviceId: 'MOBILE' })
  transport.connect(hub.seq, hub.state)
  transport.replies.set('issueTicket', (p) => {
    const { logged, result } = hub.run('issueTicket', p)
    transport.push(logged)
    return result
  })
  wrapper = mountView(KioskView)
})
afterEach(() => wrapper.unmount())

describe('KioskView', () => {
  it('shows a tile per service with the people waiting and the estimate', () => {
    const mobile = wrapper.get('[data-test=tile-MOBILE]')
    expect(mobile.text()).toContain('移动业务')
    expect(mobile.get('[data-test=tile-waiting]').text()).toBe('等候 1 人')
    expect(mobile.get('[data-test=tile-estimate]').text()).toMatch(/^预计/)
    expect(wrapper.get('[data-test=tile-ENTERPRISE] [data-test=tile-estimate]').text()).toBe('暂无窗口办理，请留意叫号或咨询大堂经理')
    expect(wrapper.findAll('.tile')).toHaveLength(8)
  })

  it('a tap issues a ticket in the chosen lane and shows it with the people ahead', async () => {
    await wrapper.get('[data-test=lane-care]').trigger('click')
    await wrapper.get('[data-test=tile-MOBILE]').trigger('click')
    await flush()
    expect(transport.sent[0]).toMatchObject({ name: 'issueTicket', payload: { serviceId: 'MOBILE', priority: 'care' } })
    const ticket = wrapper.get('[data-test=ticket]')
    expect(ticket.get('[data-test=ticket-number]').text()).toBe('A002')
    expect(ticket.text()).toContain('爱心通道')
    expect(ticket.get('[data-test=ticket-ahead]').text()).toContain('您前面没有人在等候')
    expect(ticket.text()).toContain('过号后请到窗口说明，可顺延办理')
  })

  it("shows the ticket's phone link as a QR beside the number", async () => {
    const link = 'http://hallq.guest:8080/t/2026-01-01/A002?k=AAAAAAAAAAAAAAAA'
    transport.replies.set('issueTicket', (p) => {
      const { logged, result } = hub.run('issueTicket', p)
      transport.push(logged)
      return { ...result, phoneUrl: link }
    })
    await wrapper.get('[data-test=tile-MOBILE]').trigger('click')
    await flush()
    expect(wrapper.get('[data-test=ticket-number]').text()).toBe('A002')
    // Drawn after the number, in the next frame.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
    await flush()
    const src = wrapper.get('[data-test=ticket-phone-qr] img').attributes('src')!
    expect(src.startsWith('data:image/svg+xml,')).toBe(true)
    expect(decodeURIComponent(src.slice('data:image/svg+xml,'.length))).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<path d="M/)
  })

  it('says when printing failed, in words a customer understands', async () => {
    await wrapper.get('[data-test=tile-PAYMENT]').trigger('click')
    await flush()
    const kiosk = useKioskStore()
    kiosk.reportPrintResult(kiosk.shown!.ticket.id, 'failed')
    await flush()
    expect(wrapper.get('[data-test=print-failed]').text()).toBe('号票打印失败 — 请用手机拍下您的号码')
    expect(wrapper.get('[data-test=ticket-number]').text()).toBe('D001')
  })

  it('will not issue while the hall is out of reach', async () => {
    transport.sink!.status('offline', { attempt: 1 })
    await flush()
    expect(wrapper.find('[data-test=kiosk-offline]').exists()).toBe(true)
    await wrapper.get('[data-test=tile-MOBILE]').trigger('click')
    expect(transport.sent).toEqual([])
  })

  it('shows the paused message when issuing is paused', async () => {
    transport.push(hub.run('updateSettings', { patch: { issuing: { paused: true, pausedMessage: '系统维护，请稍候' } } }).logged)
    await flush()
    expect(wrapper.get('[data-test=kiosk-paused]').text()).toContain('系统维护，请稍候')
    expect(wrapper.get('[data-test=tile-MOBILE]').attributes('disabled')).toBeDefined()
  })

  it('asks the customer kindly to wait when the hub holds this kiosk to its pace', async () => {
    transport.replies.set('issueTicket', () => {
      throw new HallError('ISSUING_TOO_FAST', { retryAfterSeconds: 3 })
    })
    await wrapper.get('[data-test=tile-MOBILE]').trigger('click')
    await flush()
    expect(wrapper.get('[data-test=kiosk-error]').text()).toContain('刚才取号的人较多，请稍等几秒再取号')
  })
})
