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
import { useTerminalStore } from '../../../src/renderer/src/stores/terminal'
import { darkTheme } from '../../../src/renderer/src/theme'
import { FakeTransport, ScriptedHall } from '../support'

// Naive's toast keeps a timer past unmounting; here it is only checked that the page says it joined.
const toast = vi.hoisted(() => ({ success: [] as string[] }))
vi.mock('naive-ui', async (original) => ({
  ...(await original<Record<string, unknown>>()),
  useMessage: () => ({ success: (text: string) => toast.success.push(text), error: () => undefined, warning: () => undefined, destroyAll: () => undefined }),
}))

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
    expect(toast.success).toEqual(['已接入：门口取号机（取号机）'])
    expect(transport.asked.at(-1)).toBe('open')
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(wrapper.find('[data-test=join]').exists()).toBe(false)
    expect(wrapper.find('[data-test=kiosk]').exists()).toBe(true)
  })

  it('the hall display joins on a light page, and turns dark once it shows the hall', async () => {
    transport.codes.set('DSPY7AYQ', { id: 4, name: '大厅叫号屏', role: 'display', counterId: null, createdAt: 1, lastSeenAt: null, revokedAt: null })
    await useTerminalStore().begin(transport)
    wrapper = mount(App, { props: { screen: 'display' }, attachTo: document.body, global: { provide: { [TERMINAL as symbol]: 'tv-hall' } } })
    await settle()
    const theme = () => wrapper!.findComponent(NConfigProvider).props('theme')
    expect(wrapper.find('[data-test=join]').exists()).toBe(true)
    expect(theme()).toBeNull()
    await type('DSPY-7AYQ')
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    await settle()
    expect(wrapper.find('[data-test=display]').exists()).toBe(true)
    expect(theme()).toBe(darkTheme)
  })
})
