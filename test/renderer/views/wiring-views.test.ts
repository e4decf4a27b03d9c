/**
 * The screens wired to the hall's devices, emergencies and terminals: the manager's device
 * panel, emergency controls and pairing codes; the kiosk, display, counter and rating screens
 * during an emergency; keyboard-wedge keypads; the evaluator tablet.
 */
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceHealth } from '../../../src/shared/devices'
import { EMERGENCY_PRESETS } from '../../../src/shared/emergency'
import { evolve } from '../../../src/shared/hall-state'
import { seededState } from '../../support/pure-hall'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import { useTerminalStore } from '../../../src/renderer/src/stores/terminal'
import CounterView from '../../../src/renderer/src/views/CounterView.vue'
import DisplayView from '../../../src/renderer/src/views/DisplayView.vue'
import KioskView from '../../../src/renderer/src/views/KioskView.vue'
import ManagerView from '../../../src/renderer/src/views/ManagerView.vue'
import RatingView from '../../../src/renderer/src/views/RatingView.vue'
import { ScriptedHall, type FakeTransport } from '../support'
import { flush, mountView, setup } from './mount'

const OUTAGE = EMERGENCY_PRESETS['zh-CN'].outage
const MANAGER = 9
let hub: ScriptedHall
let transport: FakeTransport
let wrapper: VueWrapper | null = null

function answer(clerkId: number | null, ...names: string[]) {
  for (const name of names) {
    transport.replies.set(name, (payload) => {
      const { logged, result } = hub.run(name as never, payload as never, clerkId)
      transport.push(logged)
      return result
    })
  }
}
const body = () => document.body.textContent ?? ''
const click = async (selector: string) => {
  const el = document.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`no ${selector}`)
  el.click()
  await flush()
  await flush()
}
const press = async (key: string, target: EventTarget = window) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true }))
  await flush()
}
const device = (id: string, patch: Partial<DeviceHealth> = {}): DeviceHealth => ({
  id,
  name: id === 'printer' ? '取号机打印机' : '窗口屏',
  kind: id === 'printer' ? 'printer' : 'counterBars',
  backend: 'serial',
  enabled: true,
  port: '/dev/ttyUSB0',
  connected: true,
  responding: true,
  problems: [],
  lastError: null,
  lastOkAt: null,
  since: Date.now() - 5 * 60_000,
  virtual: null,
  ...patch,
})

beforeEach(() => {
  localStorage.clear()
  ;({ transport } = setup())
  hub = new ScriptedHall(evolve(seededState(), [{ type: 'clerkSaved', at: 0, clerk: { id: MANAGER, staffCode: 'm9', name: '张经理', role: 'manager', active: true } }]).state)
  hub.now = Date.now()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

describe('the manager’s live view', () => {
  beforeEach(() => {
    transport.connect(hub.seq, hub.state)
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'mtok', clerk: hub.state.clerks[MANAGER] }))
    answer(MANAGER, 'startEmergency', 'endEmergency', 'createPairingCode')
    transport.replies.set('createPairingCode', (p) => ({ code: 'K7MQ-2XPD', expiresAt: Date.now() + 10 * 60_000, name: p.name, role: p.role, counterId: p.counterId ?? null }))
    wrapper = mountView(ManagerView)
  })

  it('lists every device live: connected or not, problems in words, since when', async () => {
    expect(wrapper!.get('[data-test=device-health]').text()).toBe('正在读取设备状态…')
    transport.sink!.message({ type: 'devices', event: 'snapshot', devices: [device('printer'), device('bars')] })
    await flush()
    expect(wrapper!.get('[data-test=device-printer]').attributes('data-state')).toBe('ok')
    expect(wrapper!.get('[data-test=device-printer]').text()).toContain('取号打印机')
    expect(wrapper!.get('[data-test=device-printer]').text()).toMatch(/已持续 (4 分 5\d|5 分 0\d) 秒/)
    transport.sink!.message({ type: 'devices', event: 'health', device: device('bars', { connected: false, problems: ['notConnected'], since: Date.now() }) })
    transport.sink!.message({ type: 'devices', event: 'health', device: device('printer', { problems: ['paperNearEnd'] }) })
    await flush()
    expect(wrapper!.get('[data-test=device-bars]').attributes('data-state')).toBe('down')
    expect(wrapper!.get('[data-test=device-bars] [data-test=device-problems]').text()).toBe('设备未连接（串口无法打开或连接线已断开）')
    expect(wrapper!.get('[data-test=device-printer]').attributes('data-state')).toBe('warning')
    expect(wrapper!.get('[data-test=device-printer] [data-test=device-problems]').text()).toBe('打印纸即将用完')
  })

  it('starts an emergency with the preset after a confirmation, shows the banner, and ends it', async () => {
    await click('[data-test=emergency-open]')
    expect(body()).toContain('发布突发事件广播')
    expect((document.querySelector('textarea[name=emergency-message]') as HTMLTextAreaElement).value).toBe(OUTAGE)
    await click('[data-test=emergency-next]')
    expect(document.querySelector('[data-test=emergency-confirm-message]')!.textContent).toBe(OUTAGE)
    expect(body()).toContain('取号机将暂停取号。')
    await click('[data-test=emergency-publish]')
    expect(transport.sent.at(-1)).toEqual({
      name: 'startEmergency',
      payload: { kind: 'outage', message: '', pauseIssuing: true, severity: 'general', drill: false, reportedBy: '', assessment: '' },
      token: 'mtok',
    })
    expect(wrapper!.get('[data-test=emergency-banner]').text()).toContain(OUTAGE)
    expect(wrapper!.get('[data-test=emergency-banner]').text()).toContain('取号已暂停')
    expect(wrapper!.find('[data-test=emergency-open]').exists()).toBe(false)

    await click('[data-test=emergency-end]')
    expect(body()).toContain('结束突发事件广播？')
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) => b.textContent?.includes('结束广播'))!
    confirm.click()
    await flush()
    await flush()
    expect(transport.sent.at(-1)).toEqual({ name: 'endEmergency', payload: { note: '' }, token: 'mtok' })
    expect(wrapper!.find('[data-test=emergency-banner]').exists()).toBe(false)
  })

  it('an emergency in own words, without pausing the kiosk', async () => {
    await click('[data-test=emergency-open]')
    await click('[data-test=emergency-kind-custom]')
    const text = document.querySelector('textarea[name=emergency-message]') as HTMLTextAreaElement
    expect(text.value).toBe('')
    expect((document.querySelector('[data-test=emergency-next]') as HTMLButtonElement).disabled).toBe(true)
    text.value = '空调故障，请到二楼等候'
    text.dispatchEvent(new Event('input'))
    await flush()
    await click('[data-test=emergency-pause]')
    await click('[data-test=emergency-next]')
    expect(body()).toContain('取号机照常取号。')
    await click('[data-test=emergency-publish]')
    expect(transport.sent.at(-1)!.payload).toEqual({ kind: 'custom', message: '空调故障，请到二楼等候', pauseIssuing: false, severity: 'general', drill: false, reportedBy: '', assessment: '' })
  })

  it('makes a pairing code for a new terminal and shows it large, with its countdown', async () => {
    await click('[data-test=pair-open]')
    await click('[data-test=pair-role-evaluator]')
    const name = document.querySelector('input[name=terminal-name]') as HTMLInputElement
    name.value = '3号窗口评价器'
    name.dispatchEvent(new Event('input'))
    await flush()
    // An evaluator belongs to a counter: not without one.
    expect((document.querySelector('[data-test=pair-create]') as HTMLButtonElement).disabled).toBe(true)
    await click('[data-test=pair-role-display]')
    await click('[data-test=pair-create]')
    expect(transport.sent.at(-1)).toEqual({ name: 'createPairingCode', payload: { name: '3号窗口评价器', role: 'display' }, token: 'mtok' })
    expect(document.querySelector('[data-test=pairing-code]')!.textContent).toBe('K7MQ-2XPD')
    expect(document.querySelector('[data-test=pairing-countdown]')!.textContent).toMatch(/^(10:00|9:5\d) 后失效，只能使用一次$/)
    expect(body()).toContain('/display')
  })
})

describe('an emergency on the other screens', () => {
  it('takes the display over with the message, and ending it gives the calls back', async () => {
    hub.run('openCounter', { counterId: 3 }, 1)
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('callNext', { counterId: 3 }, 1)
    transport.connect(hub.seq, hub.state)
    wrapper = mountView(DisplayView)
    await flush()
    expect(wrapper.find('[data-test=emergency-takeover]').exists()).toBe(false)
    transport.push(hub.run('startEmergency', { kind: 'outage' }, MANAGER).logged)
    await flush()
    const takeover = wrapper.get('[data-test=emergency-takeover]')
    expect(takeover.get('[data-test=emergency-takeover-message]').text()).toBe(OUTAGE)
    expect(takeover.text()).toContain(EMERGENCY_PRESETS['en-US'].outage)
    expect(takeover.text()).toContain('紧急通知')
    expect(takeover.text()).toContain('取号已暂停')
    transport.push(hub.run('endEmergency', {}, MANAGER).logged)
    await flush()
    expect(wrapper.find('[data-test=emergency-takeover]').exists()).toBe(false)
    expect(wrapper.get('[data-test=big-number]').text()).toBe('A001')
  })

  it('the kiosk shows the message instead of tiles while issuing is paused, and the tiles after', async () => {
    transport.connect(hub.seq, hub.state)
    wrapper = mountView(KioskView)
    transport.push(hub.run('startEmergency', { kind: 'crowding' }, MANAGER).logged)
    await flush()
    expect(wrapper.get('[data-test=kiosk-emergency]').text()).toContain(EMERGENCY_PRESETS['zh-CN'].crowding)
    expect(wrapper.find('[data-test=kiosk-paused]').exists()).toBe(false)
    transport.push(hub.run('endEmergency', {}, MANAGER).logged)
    await flush()
    expect(wrapper.find('[data-test=kiosk-emergency]').exists()).toBe(false)
    expect(wrapper.get('[data-test=tile-MOBILE]').attributes('disabled')).toBeUndefined()
    // One that leaves issuing on: a strip above the tiles.
    transport.push(hub.run('startEmergency', { kind: 'security', pauseIssuing: false }, MANAGER).logged)
    await flush()
    expect(wrapper.find('[data-test=kiosk-emergency]').exists()).toBe(false)
    expect(wrapper.get('[data-test=emergency-banner]').text()).toContain(EMERGENCY_PRESETS['zh-CN'].security)
  })

  it('a clerk sees the banner above the counter', async () => {
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'tok', clerk: hub.state.clerks[3] }))
    hub.run('openCounter', { counterId: 1 }, 3)
    transport.connect(hub.seq, hub.state)
    wrapper = mountView(CounterView)
    transport.push(hub.run('startEmergency', { kind: 'power' }, MANAGER).logged)
    await flush()
    expect(wrapper.get('[data-test=emergency-banner]').text()).toContain(EMERGENCY_PRESETS['zh-CN'].power)
    transport.push(hub.run('endEmergency', {}, MANAGER).logged)
    await flush()
    expect(wrapper.find('[data-test=emergency-banner]').exists()).toBe(false)
  })
})

describe('the kiosk and its printer', () => {
  it('says before a tap that tickets will not print, and shows how printing went after one', async () => {
    hub.run('updateSettings', { patch: { devices: { list: [{ id: 'printer', name: '取号机打印机', kind: 'printer', connection: { type: 'serial', path: '/dev/ttyUSB0' } }] } } })
    transport.connect(hub.seq, hub.state)
    answer(null, 'issueTicket')
    wrapper = mountView(KioskView)
    transport.sink!.message({ type: 'devices', event: 'snapshot', devices: [device('printer', { connected: false, problems: ['notConnected'] })] })
    await flush()
    expect(wrapper.get('[data-test=kiosk-printer-down]').text()).toBe('打印机暂时无法出票：取号后请记下或拍下屏幕上的号码')
    transport.sink!.message({ type: 'devices', event: 'health', device: device('printer') })
    await flush()
    expect(wrapper.find('[data-test=kiosk-printer-down]').exists()).toBe(false)
    await wrapper.get('[data-test=tile-MOBILE]').trigger('click')
    await flush()
    expect(wrapper.get('[data-test=ticket]').text()).toContain('正在打印号票，请取走号票')
    const ticketId = Object.values(hub.state.tickets).at(-1)!.id
    transport.sink!.message({ type: 'devices', event: 'printJob', job: { deviceId: 'printer', ticketId, number: 'A001', ok: true, problem: null, detail: null, sent: true, bytes: 290, at: 0, durationMs: 300 } })
    await flush()
    expect(wrapper.get('[data-test=ticket]').text()).toContain('请取走号票，留意叫号')
  })
})

describe('rating by key and by tablet', () => {
  it('a keyboard-wedge keypad rates while the counter’s prompt is up; typing in a field does not', async () => {
    localStorage.setItem(sessionKey('t1', 'counter'), JSON.stringify({ token: 'tok', clerk: hub.state.clerks[3] }))
    hub.run('openCounter', { counterId: 1 }, 3)
    hub.run('issueTicket', { serviceId: 'MOBILE' })
    hub.run('callNext', { counterId: 1 }, 3)
    hub.run('startService', { counterId: 1 }, 3)
    hub.run('updateSettings', { patch: { devices: { evaluator: { wedgeKeys: [{ key: 'F5', score: 4 }, { key: 'a', score: 1 }] } } } })
    transport.connect(hub.seq, hub.state)
    answer(3, 'finishService', 'rateService')
    wrapper = mountView(CounterView)
    await flush()
    // No prompt up: the key means nothing.
    await press('a')
    expect(transport.sent).toEqual([])
    await wrapper.get('[data-test=action-finish]').trigger('click')
    await flush()
    await click('[data-test=finish-submit]')
    expect(wrapper.find('[data-test=rating-prompt]').exists()).toBe(true)
    const note = document.createElement('input')
    document.body.appendChild(note)
    await press('a', note)
    expect(transport.sent.at(-1)!.name).toBe('finishService')
    await press('A')
    const recordId = Object.values(hub.state.records).at(-1)!.id
    expect(transport.sent.at(-1)).toEqual({ name: 'rateService', payload: { recordId, score: 1 }, token: 'tok' })
    // Sent with the clerk's login, the hub refuses it: ratings come from the customer's side only.
    expect(hub.state.records[recordId]!.rating).toBeNull()
  })

  it('an evaluator tablet rates its own counter’s service with no login, by key or tap', async () => {
    for (const [counterId, clerkId] of [[1, 4], [2, 3]] as const) {
      hub.run('openCounter', { counterId }, clerkId)
      hub.run('issueTicket', { serviceId: 'MOBILE' })
      hub.run('callNext', { counterId }, clerkId)
      hub.run('startService', { counterId }, clerkId)
    }
    transport.me = { id: 5, name: '2号窗口评价器', role: 'evaluator', counterId: 2, createdAt: 1, lastSeenAt: null, revokedAt: null }
    await useTerminalStore().begin(transport)
    transport.connect(hub.seq, hub.state)
    answer(null, 'rateService')
    wrapper = mountView(RatingView)
    await flush()
    expect(wrapper.get('[data-test=rating-evaluator]').text()).toBe('2号窗口 · 服务评价')
    // Another counter finishing asks nothing of this tablet.
    transport.push(hub.run('finishService', { counterId: 1 }, 4).logged)
    await flush()
    expect(wrapper.find('[data-test=rate-4]').exists()).toBe(false)
    const { logged, result } = hub.run('finishService', { counterId: 2 }, 3)
    transport.push(logged)
    await flush()
    expect(wrapper.find('[data-test=rate-4]').exists()).toBe(true)
    await press('2')
    expect(transport.sent.at(-1)).toEqual({ name: 'rateService', payload: { recordId: result.record.id, score: 3 }, token: null })
    expect(wrapper.find('[data-test=rating-thanks]').exists()).toBe(true)
  })
})
