import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { evolve } from '../../../src/shared/hall-state'
import { seededState } from '../../support/pure-hall'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import ManagerView from '../../../src/renderer/src/views/ManagerView.vue'
import RatingView from '../../../src/renderer/src/views/RatingView.vue'
import { ScriptedHall, type FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper

beforeEach(() => {
  localStorage.clear()
  ;({ transport } = setup())
  hub = new ScriptedHall()
  hub.now = Date.now()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('ManagerView', () => {
  beforeEach(() => {
    hub = new ScriptedHall(evolve(seededState(), [{ type: 'clerkSaved', at: 0, clerk: { id: 9, staffCode: 'm9', name: '张经理', role: 'manager', active: true } }]).state)
    hub.now = Date.now()
    hub.run('openCounter', { counterId: 2 }, 1)
    hub.run('pauseCounter', { counterId: 2, reason: 'training' }, 1)
    hub.now -= 25 * 60_000
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.now += 25 * 60_000
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'mtok', clerk: hub.state.clerks[9] }))
    transport.replies.set('setNotice', (p) => {
      const { logged, result } = hub.run('setNotice', p, 9)
      transport.push(logged)
      return result
    })
    transport.answers.set('centralLink', () => ({
      configured: true,
      hallCode: 'GZ-TH-001',
      hallName: '天河营业厅',
      region: '广东/广州/天河',
      connected: false,
      behind: 37,
      lastShippedAt: hub.now - 3 * 60_000,
      error: 'connect ECONNREFUSED',
    }))
    wrapper = mountView(ManagerView)
  })

  it('says the PC clock was corrected while the hall is on a day ahead of the calendar, and nothing after the close', async () => {
    await flush()
    expect(wrapper.find('[data-test=clock-corrected]').exists()).toBe(false)
    const correction = { noticedAt: hub.now, wallAt: hub.now, aheadMs: 74 * 3_600_000, hallDay: '2026-12-01', realDay: '2026-11-28' }
    hub.seq += 1
    transport.push({ seq: hub.seq, at: hub.now, businessDay: hub.state.businessDay, actor: { role: 'system', clerkId: null, terminal: 'hub' }, command: 'clockCorrected', events: [{ type: 'clockCorrected', at: hub.now, correction }] })
    hub.hall.state = evolve(hub.state, [{ type: 'clockCorrected', at: hub.now, correction }]).state
    await flush()
    const notice = wrapper.get('[data-test=clock-corrected]').text()
    expect(notice).toContain('主机时钟曾被调快约 74 小时')
    expect(notice).toContain('大厅仍在 2026-12-01 营业日，实际日期为 2026-11-28')
    const { logged } = hub.run('closeDay', {}, 9)
    transport.push(logged)
    await flush()
    expect(wrapper.find('[data-test=clock-corrected]').exists()).toBe(false)
  })

  it('says 磁盘空间不足 with the space left while the hub\'s disk is low, and nothing once it is not', async () => {
    await flush()
    expect(wrapper.find('[data-test=storage-low]').exists()).toBe(false)
    transport.sink!.message({ type: 'storage', low: true, freeBytes: 150 * 1024 * 1024 })
    await flush()
    expect(wrapper.get('[data-test=storage-low]').text()).toContain('磁盘空间不足：剩余 150 MB')
    transport.sink!.message({ type: 'storage', low: false, freeBytes: 900 * 1024 * 1024 })
    await flush()
    expect(wrapper.find('[data-test=storage-low]').exists()).toBe(false)
  })

  it('shows the link to the head office: not connected, how many commands wait, when it last reported', async () => {
    await flush()
    expect(transport.hubAsked.find((a) => a.name === 'centralLink')).toEqual({ name: 'centralLink', args: {}, token: 'mtok' })
    const panel = wrapper.get('[data-test=central-link]')
    expect(panel.attributes('data-state')).toBe('down')
    expect(panel.get('[data-test=central-link-state]').text()).toBe('未连接，稍后自动重试')
    expect(panel.get('[data-test=central-link-behind]').text()).toBe('待上报 37 条')
    expect(panel.get('[data-test=central-link-last]').text()).toMatch(/^上次上报 3 分 0\d 秒前$/)
    expect(panel.text()).toContain('厅编号 GZ-TH-001 · 天河营业厅 · 广东/广州/天河')
    expect(panel.text()).toContain('ECONNREFUSED')
  })

  it('waiting per service, counters with state and clerk, and the alert for a wait past its target', () => {
    expect(wrapper.get('[data-test=service-row-MOBILE] [data-test=service-waiting]').text()).toBe('1')
    expect(wrapper.get('[data-test=counter-row-2] [data-test=counter-state]').text()).toBe('暂停 · 培训')
    expect(wrapper.get('[data-test=counter-row-2]').text()).toContain('培训')
    expect(wrapper.get('[data-test=counter-row-2]').text()).toContain('c1')
    expect(wrapper.get('[data-test=alert-overTarget]').text()).toMatch(/^移动业务：最长已等 25 分 0\d 秒，超过目标 15 分钟$/)
    expect(wrapper.get('[data-test=fig-waiting]').text()).toBe('1')
    expect(wrapper.find('[data-test=device-health]').exists()).toBe(true)
  })

  it('sets the notice on the displays', async () => {
    await wrapper.get('textarea[name=notice]').setValue(' 今日 14:00 系统维护 ')
    await wrapper.get('[data-test=notice-save]').trigger('click')
    await flush()
    expect(transport.sent.at(-1)).toEqual({ name: 'setNotice', payload: { notice: '今日 14:00 系统维护' }, token: 'mtok' })
    expect(wrapper.get('[data-test=notice-current]').text()).toBe('今日 14:00 系统维护')
  })
})

describe('ManagerView without a manager', () => {
  it('a clerk account is told this page needs a manager', () => {
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 't', clerk: hub.state.clerks[1] }))
    wrapper = mountView(ManagerView)
    expect(wrapper.text()).toContain('此页面需要值班经理或管理员账号')
    expect(wrapper.find('[data-test=hall-figures]').exists()).toBe(false)
  })
})

describe('RatingView, facing the customer', () => {
  it('on the hub PC, offers the four buttons after a service at the clerk’s counter, and sends the score without the login', async () => {
    hub.run('openCounter', { counterId: 1 }, 1)
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('callNext', { counterId: 1 }, 1)
    hub.run('startService', { counterId: 1 }, 1)
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'ctok', clerk: hub.state.clerks[1] }))
    transport.replies.set('rateService', (p) => {
      const { logged, result } = hub.run('rateService', p)
      transport.push(logged)
      return result
    })
    wrapper = mountView(RatingView)
    expect(wrapper.text()).toContain('欢迎光临')
    expect(wrapper.find('[data-test=rate-4]').exists()).toBe(false)
    const { logged, result } = hub.run('finishService', { counterId: 1 }, 1)
    transport.push(logged)
    await flush()
    expect(wrapper.get('[data-test=rating-clerk]').text()).toContain(hub.state.clerks[1]!.name)
    expect(wrapper.get('[data-test=rating-clerk]').text()).toContain(`工号 ${hub.state.clerks[1]!.staffCode}`)
    await wrapper.get('[data-test=rate-3]').trigger('click')
    await flush()
    expect(transport.sent.at(-1)).toEqual({ name: 'rateService', payload: { recordId: result.record.id, score: 3 }, token: null })
    expect(wrapper.find('[data-test=rating-thanks]').exists()).toBe(true)
  })
})
