/**
 * A browser that has not joined the hall sees the join page — what it is, where the code
 * comes from — and nothing of the hall; a wrong code is refused in words; the right one opens
 * the screen the page was opened for.
 */
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NConfigProvider } from 'naive-ui'
import App from '../../../src/renderer/src/App.vue'
import { TERMINAL } from '../../../src/renderer/src/context'
import { clearNotice } from '../../../src/renderer/src/notice'
import { useTerminalStore } from '../../../src/renderer/src/stores/terminal'
import { FakeTransport, ScriptedHall } from '../support'

let transport: FakeTransport
let wrapper: VueWrapper | null = null
const settle = async () => {
  await vi.dynamicImportSettled()
  await new Promise((r) => setTimeout(r, 20))
}

beforeEach(() => {
  setActivePinia(createPinia())
  transport = new FakeTransport()
  transport.me = 'TERMINAL_NOT_PAIRED'
  transport.codes.set('K7MQ2XPD', { id: 3, name: '门口取号机', role: 'kiosk', counterId: null, createdAt: 1, lastSeenAt: null, revokedAt: null })
})
afterEach(() => {
  clearNotice()
  wrapper?.unmount()
  document.body.innerHTML = ''
})

async function type(value: string): Promise<void> {
  await wrapper!.get('input[name=pairing-code]').setValue(value)
  await wrapper!.get('form').trigger('submit')
  await settle()
}

describe('joining from a browser', () => {
  it('join page, wrong code refused, right code → the kiosk', async () => {
    await useTerminalStore().begin(transport)
    wrapper = mount(App, { props: { screen: 'kiosk' }, attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 'kiosk-door' } } })
    await settle()
    const join = wrapper.get('[data-test=join]')
    expect(join.text()).toContain('接入营业厅')
    expect(join.text()).toContain('Join this hall')
    expect(join.text()).toContain('请向值班经理索取')
    expect(join.text()).toContain('接入后打开：取号机 · 本机名称：kiosk-door')
    expect(wrapper.find('[data-test=kiosk]').exists()).toBe(false)
    expect(transport.asked).toEqual(['terminal'])

    await type('AAAA-BBBB')
    expect(wrapper.get('[data-test=join-error]').text()).toBe('配对码无效或已过期')
    expect(transport.asked).not.toContain('open')

    await type('k7mq-2xpd')
    expect(transport.asked).toContain('pair K7MQ-2XPD')
    expect(wrapper.get('[data-test=notice]').text()).toContain('已接入：门口取号机（取号机）')
    expect(transport.asked.at(-1)).toBe('open')
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(wrapper.find('[data-test=join]').exists()).toBe(false)
    expect(wrapper.find('[data-test=kiosk]').exists()).toBe(true)
    // The notice outlives the join page: the kiosk shows it.
    expect(wrapper.get('[data-test=notice]').text()).toContain('已接入：门口取号机（取号机）')
    // Plain pages: neither the join page nor the kiosk loads Naive UI.
    expect(wrapper.findComponent(NConfigProvider).exists()).toBe(false)
  })

  it('a counter joins on the plain page, then gets its screen inside Naive UI’s providers', async () => {
    transport.codes.set('CNTR2AAA', { id: 5, name: '3号窗口', role: 'counter', counterId: 3, createdAt: 1, lastSeenAt: null, revokedAt: null })
    await useTerminalStore().begin(transport)
    wrapper = mount(App, { props: { screen: 'counter' }, attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 'pc-3' } } })
    await settle()
    expect(wrapper.find('[data-test=join]').exists()).toBe(true)
    expect(wrapper.findComponent(NConfigProvider).exists()).toBe(false)
    await type('CNTR-2AAA')
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(wrapper.find('[data-test=join]').exists()).toBe(false)
    expect(wrapper.findComponent(NConfigProvider).exists()).toBe(true)
    expect(wrapper.get('[data-test=notice]').text()).toContain('已接入：3号窗口')
  })

  it('the hall display joins on the plain light page, and shows its dark board once joined, without Naive UI', async () => {
    transport.codes.set('DSPY7AYQ', { id: 4, name: '大厅叫号屏', role: 'display', counterId: null, createdAt: 1, lastSeenAt: null, revokedAt: null })
    await useTerminalStore().begin(transport)
    wrapper = mount(App, { props: { screen: 'display' }, attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 'tv-hall' } } })
    await settle()
    expect(wrapper.find('[data-test=join]').exists()).toBe(true)
    await type('DSPY-7AYQ')
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(wrapper.find('[data-test=display]').exists()).toBe(true)
    expect(wrapper.findComponent(NConfigProvider).exists()).toBe(false)
  })
})
