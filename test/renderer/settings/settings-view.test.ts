/**
 * The settings page as the admin uses it: each section's form, what it sends, where a refusal
 * shows, and that saved changes appear only when the stream brings them.
 */
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NSelect } from 'naive-ui'
import { nextTick } from 'vue'
import type { DeviceHealth } from '../../../src/shared/devices'
import { sessionKey } from '../../../src/renderer/src/stores/session'
import { HallError } from '../../../src/renderer/src/transport/transport'
import SettingsView from '../../../src/renderer/src/views/SettingsView.vue'
import type { FakeTransport } from '../support'
import { flush, mountView, setup } from '../views/mount'
import { AdminHub } from './admin-hub'

let transport: FakeTransport
let hub: AdminHub
let wrapper: VueWrapper | null = null

const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = document.body.querySelector<T>(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  return el
}
const exists = (selector: string) => document.body.querySelector(selector) !== null
const text = (selector: string) => $(selector).textContent?.replace(/\s+/g, ' ').trim() ?? ''
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await flush()
    await nextTick()
  }
}
async function click(selector: string): Promise<void> {
  $(selector).click()
  await settle()
}
async function type(selector: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(selector)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}
/** The sentence under the form field holding `selector`. */
const feedback = (selector: string) => $(selector).closest('.n-form-item')?.querySelector('.n-form-item-feedback')?.textContent?.trim() ?? ''
/** A button by its text, wherever Naive put it (dialogs and drawers live in <body>). */
async function press(label: string, within = document.body): Promise<void> {
  const button = [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)
  if (!button) throw new Error(`no button "${label}"`)
  button.click()
  await settle()
}
/** Opens a section; each is loaded when first opened. */
async function section(name: string): Promise<void> {
  await click(`[data-test=nav-${name}]`)
  await vi.waitFor(() => expect(exists(`[data-test=section-${name}] section`)).toBe(true), { timeout: 5000 })
  await settle()
}
const sent = (name: string) => transport.sent.filter((c) => c.name === name)

beforeEach(async () => {
  localStorage.clear()
  // The page keeps its section in the address; each test starts at the first.
  window.history.replaceState(null, '', '/settings')
  ;({ transport } = setup())
  hub = new AdminHub(transport)
  transport.answers.set('devices', () => ({ devices: [] }))
  transport.answers.set('devicePorts', () => ({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'WCH', serialNumber: null, vendorId: null, productId: null }], warning: null }))
  transport.answers.set('terminals', () => ({ terminals: [], tlsFingerprint: null }))
  transport.answers.set('backups', () => ({ backups: [] }))
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function openPage(): Promise<void> {
  hub.connect()
  wrapper = mountView(SettingsView)
  await vi.waitFor(() => expect(exists('[data-test=section-services] section')).toBe(true), { timeout: 5000 })
  await settle()
}

describe('who may use the settings page', () => {
  it('asks for an administrator: a login first, and a manager is told it needs an admin', async () => {
    transport.connect(hub.scripted.seq, hub.state)
    wrapper = mountView(SettingsView)
    await settle()
    expect(document.body.textContent).toContain('管理员登录')
    wrapper.unmount()
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'm', clerk: { id: 1, staffCode: 'c1', name: 'c1', role: 'manager', active: true } }))
    wrapper = mountView(SettingsView)
    await settle()
    expect(text('[data-test=need-admin]')).toContain('营业厅设置需要管理员账号')
    // It says who is logged in; a manager has no counter to be sent to.
    expect(text('[data-test=refused-who]')).toBe('当前登录：c1（工号 c1）')
    expect(exists('[data-test=refused-to-counter]')).toBe(false)
    expect(exists('[data-test=nav-services]')).toBe(false)
    wrapper.unmount()
    // A clerk who opened the page is shown the way to the counter.
    localStorage.setItem(sessionKey('t1', 'manager'), JSON.stringify({ token: 'k', clerk: { id: 2, staffCode: '1001', name: '王芳', role: 'clerk', active: true } }))
    wrapper = mountView(SettingsView)
    await settle()
    expect(text('[data-test=refused-who]')).toBe('当前登录：王芳（工号 1001）')
    expect(document.querySelector('[data-test=refused-to-counter]')?.getAttribute('href')).toBe('/counter')
  })
})

describe('业务 services', () => {
  beforeEach(openPage)

  it('edits a target wait; the list shows it when the stream brings it, not before', async () => {
    expect(text('[data-test=service-row-MOBILE] [data-test=service-target]')).toBe('15 分钟')
    await click('[data-test=service-edit-MOBILE]')
    expect(($('input[name=id]') as HTMLInputElement).disabled).toBe(true)
    await type('input[name=targetWaitMin]', '25')
    hub.hold = true
    await click('[data-test=service-save]')
    expect(sent('saveService')).toEqual([
      { name: 'saveService', payload: { service: { ...hub.state.services.MOBILE, targetWaitMin: 25 } }, token: 'atok' },
    ])
    expect(text('[data-test=service-row-MOBILE] [data-test=service-target]')).toBe('15 分钟')
    hub.release()
    await settle()
    expect(text('[data-test=service-row-MOBILE] [data-test=service-target]')).toBe('25 分钟')
  })

  it('a mistake is shown at its field and nothing is sent; a taken prefix comes back at the prefix', async () => {
    await click('[data-test=service-edit-BROADBAND]')
    await type('input[name=targetWaitMin]', '0')
    await type('input[name=hours-0-from]', '').catch(() => undefined)
    await click('[data-test=hours-add]')
    await type('input[name=hours-0-from]', '18:00')
    await click('[data-test=service-save]')
    expect(feedback('input[name=targetWaitMin]')).toBe('不能小于 1')
    expect(feedback('input[name=hours-0-from]')).toBe('开始时间要早于结束时间')
    expect(text('[data-test=service-refused]')).toContain('有 2 处需要修改，尚未保存任何内容')
    expect(sent('saveService')).toEqual([])

    await type('input[name=targetWaitMin]', '20')
    await type('input[name=hours-0-from]', '08:00')
    await type('input[name=prefix]', 'A')
    await click('[data-test=service-save]')
    expect(sent('saveService')).toHaveLength(1)
    expect(feedback('input[name=prefix]')).toBe('号码前缀已被其他业务使用')
    expect(hub.state.services.BROADBAND!.prefix).toBe('B')
  }, 20_000)

  it('adds a service with its items, hours and cap', async () => {
    await click('[data-test=service-add]')
    await type('input[name=id]', 'iptv')
    await type('input[name=prefix]', 'j')
    await type('input[name=nameZh]', '电视业务')
    await type('input[name=nameEn]', 'IPTV')
    await type('input[name=dailyCap]', '120')
    await type('textarea[name=items]', '开通\n 移机 \n\n')
    await click('[data-test=service-save]')
    expect(sent('saveService')[0]!.payload).toEqual({
      service: { id: 'IPTV', prefix: 'J', nameZh: '电视业务', nameEn: 'IPTV', targetWaitMin: 15, defaultHandleMin: 8, dailyCap: 120, hours: [], message: '', items: ['开通', '移机'], active: true, sortOrder: 9 },
    })
    expect(exists('[data-test=service-row-IPTV]')).toBe(true)
  })
})

describe('排队规则 queue rules', () => {
  beforeEach(async () => {
    await openPage()
    await section('rules')
  })

  it('explains each number in the hall’s words as it is typed, and sends only what changed', async () => {
    expect(text('[data-test=explain-run]')).toBe('一个窗口连续叫了 2 位优先客户后，如果有普通客户在等，下一位一定叫普通客户（2:1）。')
    await type('input[name=priorityRunLimit]', '3')
    expect(text('[data-test=explain-run]')).toContain('（3:1）')
    await type('input[name=requeuePlaces]', '5')
    await click('[data-test=rules-save]')
    expect(sent('updateSettings')).toEqual([{ name: 'updateSettings', payload: { patch: { queue: { priorityRunLimit: 3, requeuePlaces: 5 } } }, token: 'atok' }])
    expect(hub.state.settings.queue.requeuePlaces).toBe(5)
    expect(($('[data-test=rules-save]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('an out-of-range number is refused at its field before anything is sent', async () => {
    await type('input[name=recallLimit]', '12')
    await click('[data-test=rules-save]')
    expect(feedback('input[name=recallLimit]')).toBe('不能大于 10')
    expect(sent('updateSettings')).toEqual([])
    await click('[data-test=rules-reset]')
    expect(($('input[name=recallLimit]') as HTMLInputElement).value).toBe('3')
  })
})

describe('窗口 counters', () => {
  beforeEach(async () => {
    await openPage()
    await section('counters')
  })

  it('reorders a counter’s services and changes its LED address', async () => {
    await click('[data-test=counter-edit-3]')
    $('[data-test=counter-service-1] button[aria-label=上移]').click()
    await settle()
    await type('input[name=displayAddress]', '13')
    await click('[data-test=counter-save]')
    expect(sent('saveCounter')[0]!.payload).toEqual({
      counter: {
        id: 3,
        name: '3号窗口',
        services: [
          { serviceId: 'FIXED', boostMin: 0 },
          { serviceId: 'BROADBAND', boostMin: 10 },
          { serviceId: 'MOBILE', boostMin: 0 },
          { serviceId: 'CONSULT', boostMin: 0 },
        ],
        displayAddress: 13,
        active: true,
      },
    })
    expect(text('[data-test=counter-row-3]')).toContain('13')
  })
})

describe('营业员 clerks', () => {
  beforeEach(async () => {
    await openPage()
    await section('clerks')
  })

  it('adds a clerk with a first PIN; without one the PIN field says so', async () => {
    await click('[data-test=clerk-add]')
    await type('input[name=staffCode]', '1005')
    await type('input[name=name]', '周婷')
    await click('[data-test=clerk-save]')
    expect(feedback('input[name=pin]')).toBe('新营业员需要设置初始密码')
    expect(sent('saveClerk')).toEqual([])
    await type('input[name=pin]', '5555')
    await click('[data-test=clerk-save]')
    expect(sent('saveClerk')[0]!.payload).toEqual({ staffCode: '1005', name: '周婷', role: 'clerk', active: true, pin: '5555' })
    expect(text('[data-test=clerk-row-1005]')).toContain('周婷')
  })

  it('the last admin cannot be demoted: the hall’s refusal is at the role', async () => {
    await click('[data-test=clerk-edit-admin]')
    $('[data-test=clerk-role-manager] input').click()
    await settle()
    await click('[data-test=clerk-save]')
    expect(sent('saveClerk')).toHaveLength(1)
    expect(feedback('[data-test=clerk-role-manager]')).toBe('至少需要保留一名启用的管理员')
    expect(hub.state.clerks[99]!.role).toBe('admin')
  })

  it('disables after asking (never deletes), and resets a PIN', async () => {
    await click('[data-test=clerk-toggle-c2]')
    expect(document.body.textContent).toContain('停用「c2」？')
    await press('停用', $('.n-dialog'))
    expect(sent('saveClerk').at(-1)!.payload).toEqual({ id: 2, staffCode: 'c2', name: 'c2', role: 'clerk', active: false })
    expect(text('[data-test=clerk-row-c2] [data-test=clerk-state]')).toBe('已停用')
    await click('[data-test=clerk-pin-c1]')
    await type('input[name=new-pin]', '12')
    await click('[data-test=pin-save]')
    expect(feedback('input[name=new-pin]')).toBe('密码为 4–12 位数字')
    await type('input[name=new-pin]', '246802')
    await click('[data-test=pin-save]')
    expect(sent('resetClerkPin')).toEqual([{ name: 'resetClerkPin', payload: { clerkId: 1, pin: '246802' }, token: 'atok' }])
  })
})

describe('营业厅 hall', () => {
  beforeEach(async () => {
    await openPage()
    await section('hall')
  })

  it('previews the calling sentence and saves the hall in one command', async () => {
    expect(text('[data-test=voice-preview]')).toBe('请 A023 号 到 3 号窗口办理')
    await type('input[name=voiceTemplate]', '{number} 号请到 {counter} 号窗口')
    expect(text('[data-test=voice-preview]')).toBe('A023 号请到 3 号窗口')
    await type('input[name=hallName]', '天河营业厅')
    await type('textarea[name=notice]', '今日 14:00 系统维护')
    await click('[data-test=hall-save]')
    expect(sent('updateSettings')[0]!.payload).toEqual({
      patch: { hall: { name: '天河营业厅' }, display: { notice: '今日 14:00 系统维护', voiceTemplate: '{number} 号请到 {counter} 号窗口' } },
    })
    expect(hub.state.settings.display.voiceTemplate).toBe('{number} 号请到 {counter} 号窗口')
  })

  it('keeps the working calendar: weekdays ticked, holidays and make-up days typed as dates, sent in order', async () => {
    expect(text('[data-test=calendar-settings]')).toContain('每周工作日')
    const weekday = (n: number) => $<HTMLElement>(`[data-test=weekday-${n}]`)
    expect(weekday(1).classList.contains('n-checkbox--checked')).toBe(true)
    expect(weekday(6).classList.contains('n-checkbox--checked')).toBe(false)
    await click('[data-test=weekday-6]')
    const addDate = async (trigger: string, date: string) => {
      await click(trigger)
      const input = $<HTMLInputElement>(`[data-test=${trigger.includes('holiday') ? 'calendar-holidays' : 'calendar-workdays'}] input`)
      input.value = date
      input.dispatchEvent(new Event('input', { bubbles: true }))
      await settle()
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
      await settle()
    }
    await addDate('[data-test=add-holiday]', '2026-10-02')
    await addDate('[data-test=add-holiday]', '2026-10-01')
    await addDate('[data-test=add-workday]', '2026-10-10')
    await click('[data-test=hall-save]')
    expect(sent('updateSettings')[0]!.payload).toEqual({
      patch: { hall: { calendar: { workingWeekdays: [1, 2, 3, 4, 5, 6], holidays: ['2026-10-01', '2026-10-02'], makeUpWorkdays: ['2026-10-10'] } } },
    })
    expect(hub.state.settings.hall.calendar.holidays).toEqual(['2026-10-01', '2026-10-02'])
  })

  it('a date that is not one, or a week with no working day, is refused at its field before anything is sent', async () => {
    const addDate = async (trigger: string, list: string, date: string) => {
      await click(trigger)
      const input = $<HTMLInputElement>(`[data-test=${list}] input`)
      input.value = date
      input.dispatchEvent(new Event('input', { bubbles: true }))
      await settle()
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
      await settle()
    }
    await addDate('[data-test=add-holiday]', 'calendar-holidays', '2026-02-30')
    await click('[data-test=hall-save]')
    expect(feedback('[data-test=calendar-holidays]')).toBe('日期格式为 年-月-日，如 2026-10-01')
    expect(sent('updateSettings')).toEqual([])
    // Every weekday unticked: at least one must stay.
    for (const n of [1, 2, 3, 4, 5]) await click(`[data-test=weekday-${n}]`)
    await click('[data-test=hall-save]')
    expect(feedback('[data-test=working-weekdays]')).toMatch(/至少/)
    expect(sent('updateSettings')).toEqual([])
  })

  it('a template without the number is refused at the template', async () => {
    await type('input[name=voiceTemplate]', '请到 {counter} 号窗口')
    await click('[data-test=hall-save]')
    expect(feedback('input[name=voiceTemplate]')).toBe('必须包含 {number}，只能使用 {number} 和 {counter}')
    expect(sent('updateSettings')).toEqual([])
  })
})

const ticket = ['        中国电信营业厅', '       移动业务（测试）', '              A000']
const virtualPrinter = (lastTicket: string[] | null, printed = 0): DeviceHealth => ({
  id: 'ticket-preview', name: '预览用虚拟打印机', kind: 'printer', backend: 'virtual', enabled: true, port: null, connected: true, responding: true,
  problems: [], lastError: null, lastOkAt: null, since: 1, virtual: { kind: 'printer', printed, lastTicket },
})

describe('取号单 ticket layout', () => {
  beforeEach(openPage)

  it('without a virtual printer offers to add one used only for previews', async () => {
    await section('ticket')
    await click('[data-test=add-preview-printer]')
    expect(sent('updateSettings')[0]!.payload).toMatchObject({
      patch: { devices: { list: [{ id: 'ticket-preview', kind: 'printer', connection: { type: 'virtual' }, terminals: ['preview'], paper: '80' }] } },
    })
    expect(exists('[data-test=save-and-print]')).toBe(true)
  })

  it('saves the layout, prints a sample on the virtual printer and shows its decoded text', async () => {
    transport.push(hub.scripted.run('updateSettings', { patch: { devices: { list: [{ id: 'ticket-preview', name: '预览用虚拟打印机', kind: 'printer', connection: { type: 'virtual' } }] } } }).logged)
    let printed: string[] | null = null
    transport.answers.set('devices', () => ({ devices: [virtualPrinter(printed, printed ? 1 : 0)] }))
    transport.answers.set('deviceTest', () => {
      printed = [...ticket, '     请到窗口出示号票']
      return { kind: 'printer', job: { deviceId: 'ticket-preview', ticketId: null, number: 'A000', ok: true, problem: null, detail: null, sent: true, bytes: 210, at: 1, durationMs: 4 } }
    })
    await section('ticket')
    expect(text('[data-test=ticket-preview]')).toContain('还没有打印过样票')
    // Hide the QR code and the priority, change the footer.
    $('[data-test=block-qr] .n-checkbox').click()
    await settle()
    await type('input[name=footer]', '请到窗口出示号票')
    expect(text('[data-test=save-and-print]')).toBe('保存并打印样票')
    await click('[data-test=save-and-print]')
    expect(sent('updateSettings').at(-1)!.payload).toEqual({
      patch: { devices: { ticket: { blocks: ['hall', 'service', 'number', 'priority', 'ahead', 'wait', 'time', 'rule', 'message', 'footer'], footer: '请到窗口出示号票' } } },
    })
    expect(transport.hubAsked.filter((a) => a.name === 'deviceTest')).toEqual([{ name: 'deviceTest', args: { id: 'ticket-preview' }, token: 'atok' }])
    expect($('[data-test=preview-text]').textContent).toBe([...ticket, '     请到窗口出示号票'].join('\n'))
  })
})

describe('设备 devices', () => {
  const list = [
    { id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'serial', path: 'COM3', flowControl: 'xonxoff' } },
    { id: 'bars', name: '窗口条屏', kind: 'counterBars', connection: { type: 'virtual' } },
  ]
  const health = (over: Partial<DeviceHealth>): DeviceHealth => ({ ...virtualPrinter(null), id: 'kiosk-printer', name: '取号机打印机', backend: 'serial', port: 'COM3', virtual: null, ...over })
  beforeEach(async () => {
    hub.scripted.run('updateSettings', { patch: { devices: { list } } })
    transport.answers.set('devices', () => ({
      devices: [
        health({ problems: ['paperNearEnd'], lastOkAt: Date.parse('2026-11-28T09:30:00+08:00') }),
        { ...health({ id: 'bars', name: '窗口条屏', kind: 'counterBars', backend: 'virtual', port: null }), virtual: { kind: 'display', texts: { 1: 'A023 请到1号窗口', 2: '2号窗口' } } },
      ],
    }))
    await openPage()
    await section('devices')
  })

  it('shows each device’s health in words, what a virtual bar shows, and follows the stream', async () => {
    expect(text('[data-test=device-kiosk-printer] [data-test=device-status]')).toBe('注意')
    expect(text('[data-test=device-kiosk-printer] [data-test=device-problems]')).toBe('打印纸即将用完')
    expect(text('[data-test=device-bars] [data-test=device-virtual]')).toContain('A023 请到1号窗口')
    useHallReceive({ type: 'devices', event: 'health', device: health({ connected: false, problems: ['notConnected'], lastError: { problem: 'notConnected', detail: 'cannot open COM3', at: 1 } }) })
    await settle()
    expect(text('[data-test=device-kiosk-printer] [data-test=device-status]')).toBe('故障')
    expect(text('[data-test=device-kiosk-printer] [data-test=device-last-error]')).toContain('设备未连接（串口无法打开或连接线已断开） cannot open COM3')
  })

  it('a test display sends its text and address; a failed test is said in words', async () => {
    transport.answers.set('deviceTest', () => ({ kind: 'display', ok: false, problem: 'noAck', detail: null, addresses: [3] }))
    await type('[data-test=device-bars] input[placeholder=测试文字]', '测试')
    await click('[data-test=device-test-bars]')
    expect(transport.hubAsked.find((a) => a.name === 'deviceTest')).toEqual({ name: 'deviceTest', args: { id: 'bars', text: '测试' }, token: 'atok' })
    expect(document.body.textContent).toContain('测试失败：设备未确认收到')
  })

  it('adds a device: the kind, then its port from this PC’s list; the whole list is one command', async () => {
    await click('[data-test=device-add]')
    await click('[data-test=device-kind-evaluator]')
    await click('[data-test=device-save]')
    expect(feedback('input[name=path]')).toBe('请填写')
    expect(sent('updateSettings')).toEqual([])
    await type('input[name=path]', '/dev/ttyUSB0')
    await type('textarea[name=keypadCounters]', '1:1\n3:7')
    await click('[data-test=device-save]')
    const saved = (sent('updateSettings')[0]!.payload as any).patch.devices.list
    expect(saved.slice(0, 2)).toEqual(hub.state.settings.devices.list.slice(0, 2))
    expect(saved[2]).toMatchObject({ id: 'keypads', kind: 'evaluator', connection: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 }, counters: [{ counterId: 1, address: 1 }, { counterId: 3, address: 7 }] })
    expect(exists('[data-test=device-keypads]')).toBe(true)
  })
})

describe('考核指标 assessment', () => {
  beforeEach(async () => {
    await openPage()
    await section('assessment')
  })

  it('shows each weight’s share; at least one must count, or nothing is sent', async () => {
    // Defaults: 20 + 20 + 25 + 10 + 10 + 15 + quality 10 + plan 10 + teamwork 10 = 130.
    expect(text('[data-test=indicator-satisfaction] [data-test=indicator-share]')).toBe('19%')
    for (const i of ['served', 'handling', 'satisfaction', 'noShow', 'complaints', 'utilisation', 'quality', 'plan', 'teamwork']) await type(`input[name=weight-${i}]`, '0')
    await click('[data-test=assessment-save]')
    expect(text('[data-test=indicators-error]')).toBe('至少要有一项指标的权重大于 0')
    expect(sent('updateSettings')).toEqual([])
    await click('[data-test=assessment-reset]')
    await type('input[name=weight-satisfaction]', '50')
    expect(text('[data-test=indicator-satisfaction] [data-test=indicator-share]')).toBe('32%')
    await type('input[name=utilisation-target]', '75')
    await click('[data-test=assessment-save]')
    expect(sent('updateSettings')[0]!.payload).toEqual({ patch: { assessment: { indicators: { satisfaction: { weight: 50 }, utilisation: { target: 0.75 } } } } })
  }, 20_000)
})

describe('终端 terminals', () => {
  beforeEach(async () => {
    let revoked: number | null = null
    transport.answers.set('terminals', () => ({
      terminals: [{ id: 4, name: '3号窗口电脑', role: 'counter', counterId: 3, createdAt: 1, lastSeenAt: null, revokedAt: revoked }],
      tlsFingerprint: '0123456789abcdef'.repeat(4),
    }))
    transport.replies.set('revokeTerminal', (p) => {
      revoked = 2
      hub.logged('revokeTerminal')
      return { terminal: { id: p.terminalId } }
    })
    transport.replies.set('createPairingCode', (p) => {
      hub.logged('createPairingCode')
      return { code: 'K7MQ-2XPD', expiresAt: Date.now() + 10 * 60_000, name: p.name, role: p.role, counterId: p.counterId ?? null }
    })
    await openPage()
    await section('terminals')
  })

  it('revokes a terminal after asking; the list follows the log', async () => {
    expect(text('[data-test=terminal-row-4]')).toContain('3号窗口电脑')
    await click('[data-test=terminal-revoke-4]')
    await press('撤销', $('.n-dialog'))
    expect(sent('revokeTerminal')).toEqual([{ name: 'revokeTerminal', payload: { terminalId: 4 }, token: 'atok' }])
    expect(text('[data-test=terminal-row-4] [data-test=terminal-state]')).toBe('已撤销')
  })

  it('a pairing code is shown large with its countdown, beside the certificate fingerprint', async () => {
    expect(text('[data-test=tls-fingerprint]')).toBe('0123 4567 89ab cdef '.repeat(4).trim())
    await type('input[name=terminal-name]', '3号窗口电脑')
    await click('[data-test=pairing-save]')
    expect(feedback('[data-test=pairing-counter]')).toBe('窗口和评价平板需要选择所属窗口，其他终端不选')
    // Naive's menu needs a real layout to open; the select's own event is what a pick sends.
    wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-test') === 'pairing-counter')!.vm.$emit('update:value', 3)
    await settle()
    await click('[data-test=pairing-save]')
    expect(sent('createPairingCode')).toEqual([{ name: 'createPairingCode', payload: { name: '3号窗口电脑', role: 'counter', counterId: 3 }, token: 'atok' }])
    expect(text('[data-test=pairing-code]')).toBe('K7MQ-2XPD')
    expect(text('[data-test=pairing-expires]')).toMatch(/^(10:00|9:5\d) 后失效，只能使用一次$/)
  })
})

describe('隐私与安全 privacy and security', () => {
  beforeEach(async () => {
    await openPage()
    await section('privacy')
  })

  it('warns before the hub PC’s own screens stop being trusted, and saves the switch', async () => {
    expect(text('[data-test=trust-warning]')).toContain('任何能使用服务器电脑的人')
    await click('[data-test=trust-loopback]')
    expect(text('[data-test=trust-warning]')).toContain('关闭后，服务器电脑上的浏览器页面（包括本页）也需要先配对')
    await type('input[name=retentionDays]', '400')
    await click('[data-test=privacy-save]')
    expect(feedback('input[name=retentionDays]')).toBe('不能大于 365')
    await type('input[name=retentionDays]', '15')
    await click('[data-test=privacy-save]')
    expect(sent('updateSettings')[0]!.payload).toEqual({ patch: { privacy: { retentionDays: 15 }, security: { trustLoopback: false } } })
  })
})

describe('备份 backups', () => {
  beforeEach(async () => {
    let backups = [{ name: 'hallq-20261127T200000Z.db', bytes: 204_800, at: Date.parse('2026-11-28T04:00:00+08:00') }]
    transport.answers.set('backups', () => ({ backups }))
    transport.answers.set('backupNow', () => {
      const made = { name: 'hallq-20261128T020000Z.db', bytes: 210_000, at: Date.parse('2026-11-28T10:00:00+08:00') }
      backups = [made, ...backups]
      return made
    })
    await openPage()
    await section('backups')
  })

  it('lists backups, makes one now, keeps them as long as set, and says how to restore', async () => {
    expect(document.body.querySelectorAll('[data-test=backup-row]')).toHaveLength(1)
    await click('[data-test=backup-now]')
    expect(transport.hubAsked.filter((a) => a.name === 'backupNow')).toEqual([{ name: 'backupNow', args: {}, token: 'atok' }])
    expect(document.body.querySelectorAll('[data-test=backup-row]')).toHaveLength(2)
    expect(document.body.textContent).toContain('已备份：hallq-20261128T020000Z.db')
    expect(text('[data-test=restore-help]')).toContain('npm run restore -- --data')
    await type('input[name=keepDays]', '30')
    await click('[data-test=backup-save]')
    expect(sent('updateSettings')[0]!.payload).toEqual({ patch: { backup: { keepDays: 30 } } })
  })

  it('a refused backup is said in words', async () => {
    transport.answers.set('backupNow', () => {
      throw new HallError('STORAGE_FULL')
    })
    await click('[data-test=backup-now]')
    expect(document.body.textContent).toContain('存储空间不足，操作未保存，请联系管理员')
  })
})

function useHallReceive(message: unknown): void {
  transport.sink!.message(message)
}
