import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HallqSetupBridge } from '../../../src/shared/first-start'
import SetupView from '../../../src/renderer/src/views/SetupView.vue'
import { flush } from './mount'

const FP = '3f9a'.repeat(16)
let bridge: { probe: ReturnType<typeof vi.fn>; choose: ReturnType<typeof vi.fn> }

beforeEach(() => {
  setActivePinia(createPinia())
  bridge = {
    probe: vi.fn(async (address: string) =>
      address.includes('10')
        ? { ok: true, url: 'https://192.168.1.10:8443', fingerprint: FP, version: '0.1.0', businessDay: '2026-11-28' }
        : { ok: false, problem: 'unreachable', detail: 'ECONNREFUSED' },
    ),
    choose: vi.fn(async () => ({ ok: true })),
  }
  window.hallqSetup = bridge as unknown as HallqSetupBridge
})
afterEach(() => {
  delete window.hallqSetup
  document.body.innerHTML = ''
})

describe('the desktop app’s first start', () => {
  it('"this PC is the hub"', async () => {
    const w = mount(SetupView, { attachTo: document.body })
    expect(w.text()).toContain('本机作为营业厅主机')
    expect(w.text()).toContain('This PC is the hub')
    await w.get('[data-test=setup-hub]').trigger('click')
    expect(bridge.choose).toHaveBeenCalledWith({ mode: 'hub' })
  })

  it('"join a hub": a wrong address is said plainly; the right one shows the fingerprint to compare, then joins', async () => {
    const w = mount(SetupView, { attachTo: document.body })
    await w.get('[data-test=setup-join]').trigger('click')
    await w.get('input[name=hub-address]').setValue('192.168.1.99')
    await w.get('form').trigger('submit')
    await flush()
    expect(w.get('[data-test=setup-problem]').text()).toContain('连接不上这个地址')
    await w.get('input[name=hub-address]').setValue('https://192.168.1.10:8443')
    await w.get('form').trigger('submit')
    await flush()
    expect(w.get('[data-test=setup-found]').text()).toContain('已找到 HallQ 主机')
    expect(w.findAll('[data-test=setup-fingerprint] span').map((s) => s.text())).toEqual(Array(16).fill('3f9a'))
    await w.get('[data-test=setup-pin]').trigger('click')
    expect(bridge.choose).toHaveBeenCalledWith({ mode: 'terminal', url: 'https://192.168.1.10:8443', fingerprint: FP })
  })
})
