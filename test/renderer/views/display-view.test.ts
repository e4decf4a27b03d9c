import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import DisplayView from '../../../src/renderer/src/views/DisplayView.vue'
import { ScriptedHall, type FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper

beforeEach(() => {
  window.__hallqAnnouncements = []
  ;({ transport } = setup())
  hub = new ScriptedHall()
  hub.now = Date.now()
  hub.run('openCounter', { counterId: 3 }, 1)
  hub.run('openCounter', { counterId: 4 }, 2)
  hub.run('pauseCounter', { counterId: 4, reason: 'meal' }, 2)
  for (let i = 0; i < 3; i++) hub.run('issueTicket', { serviceId: 'BROADBAND' })
  hub.run('setNotice', { notice: '今日宽带业务系统维护' })
  transport.connect(hub.seq, hub.state)
  wrapper = mountView(DisplayView)
})
afterEach(() => wrapper.unmount())

describe('DisplayView', () => {
  it('the newest call very large, the counters, waiting per service, the notice', async () => {
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await flush()
    const big = wrapper.get('[data-test=big-call]')
    expect(big.findAll('span').map((s) => s.text())).toEqual(['请', 'B001', '号', '到', '3', '号窗口办理'])
    expect(wrapper.findAll('[data-test=big-call] .line')).toHaveLength(2)
    expect(wrapper.get('[data-test=display-counter-3]').text()).toContain('B001')
    expect(wrapper.get('[data-test=display-counter-4]').text()).toContain('暂停')
    expect(wrapper.find('[data-test=display-counter-1]').exists()).toBe(false)
    expect(wrapper.get('[data-test=waiting-BROADBAND]').text()).toContain('2 人')
    expect(wrapper.get('[data-test=notice]').text()).toBe('今日宽带业务系统维护')
    // And it asked for the announcement (no pack: the synthesiser).
    await flush()
    expect(window.__hallqAnnouncements![0]).toMatchObject({ number: 'B001', counterId: 3, mode: 'speech', text: '请 B001 号 到 3 号窗口办理' })
  })

  it('lists the earlier calls beside the big one', async () => {
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    transport.push(hub.run('noShow', { counterId: 3 }, 1).logged)
    hub.now += 1000
    transport.push(hub.run('callNext', { counterId: 3 }, 1).logged)
    await flush()
    await new Promise((r) => setTimeout(r, 50))
    expect(wrapper.get('[data-test=recent-calls]').text()).toContain('B001')
  })
})
