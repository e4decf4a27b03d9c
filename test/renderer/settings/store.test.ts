import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { DeviceHealth } from '../../../src/shared/devices'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import { servicePayload, serviceDraft } from '../../../src/renderer/src/stores/settings/forms'
import { HallError } from '../../../src/renderer/src/transport/transport'
import { FakeTransport } from '../support'
import { AdminHub } from './admin-hub'

let transport: FakeTransport
let hub: AdminHub
let hall: ReturnType<typeof useHallStore>
let store: ReturnType<typeof useSettingsStore>

const printer = (over: Partial<DeviceHealth> = {}): DeviceHealth => ({
  id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', backend: 'virtual', enabled: true, port: null, connected: true, responding: true,
  problems: [], lastError: null, lastOkAt: null, since: 1, virtual: { kind: 'printer', printed: 0, lastTicket: null }, ...over,
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  transport = new FakeTransport()
  hall = useHallStore()
  hall.start(transport)
  hub = new AdminHub(transport)
  hub.connect()
  store = useSettingsStore()
})

describe('saving settings as the admin', () => {
  it('a form the shared schema refuses sends nothing, and says why at each field', async () => {
    const draft = { ...serviceDraft(hub.state.services.MOBILE!, []), targetWaitMin: 0, prefix: 'a1', hours: [{ from: '12:00', to: '09:00' }] }
    const outcome = await store.save('saveService', servicePayload(draft), { prefix: ['service'] })
    expect(outcome).toEqual({
      ok: false,
      fields: { targetWaitMin: '不能小于 1', prefix: '号码前缀为 1–3 个大写字母', 'hours.0': '开始时间要早于结束时间' },
      form: null,
    })
    expect(transport.sent).toEqual([])
  })

  it('a good one goes out once with the admin’s token; the hall changes only when the stream says so', async () => {
    hub.hold = true
    const draft = { ...serviceDraft(hub.state.services.MOBILE!, []), targetWaitMin: 25 }
    const outcome = await store.save('saveService', servicePayload(draft), { prefix: ['service'] })
    expect(outcome.ok).toBe(true)
    expect(transport.sent).toEqual([{ name: 'saveService', payload: servicePayload(draft), token: 'atok' }])
    expect(hall.state!.services.MOBILE!.targetWaitMin).toBe(15)
    hub.release()
    expect(hall.state!.services.MOBILE!.targetWaitMin).toBe(25)
  })

  it('what the hub refuses comes back at the field: its validation details, or a refusal naming a field', async () => {
    // The hall refuses a counter serving one service twice (the schema cannot see it).
    const twice = { id: 1, name: '1号窗口', services: [{ serviceId: 'MOBILE', boostMin: 0 }, { serviceId: 'MOBILE', boostMin: 5 }], displayAddress: 1, active: true }
    expect(await store.save('saveCounter', { counter: twice }, { prefix: ['counter'] })).toEqual({ ok: false, fields: { services: '同一项业务只能添加一次' }, form: null })
    const clash = { ...hub.state.services.BROADBAND!, prefix: 'A' }
    expect(await store.save('saveService', { service: clash }, { prefix: ['service'], where: { DUPLICATE_PREFIX: 'prefix' } })).toEqual({
      ok: false,
      fields: { prefix: '号码前缀已被其他业务使用' },
      form: null,
    })
    transport.replies.set('updateSettings', () => {
      throw new HallError('VALIDATION_FAILED', [{ path: ['patch', 'queue', 'recallLimit'], message: 'Too big: expected number to be <=10' }])
    })
    expect(await store.saveSettings({ queue: { requeuePlaces: 4 } })).toEqual({ ok: false, fields: { 'queue.recallLimit': '不能大于 10' }, form: null })
    transport.replies.set('updateSettings', () => {
      throw new HallError('OFFLINE')
    })
    expect(await store.saveSettings({ queue: { requeuePlaces: 4 } })).toMatchObject({ ok: false, fields: {}, form: expect.stringContaining('连接已断开') })
  })

  it('a settings patch is checked merged into the hall’s settings, as the hub does', async () => {
    expect(await store.saveSettings({ hall: { rolloverHour: 30 }, display: { voiceTemplate: '请到窗口' } })).toEqual({
      ok: false,
      fields: { 'hall.rolloverHour': '不能大于 23', 'display.voiceTemplate': '必须包含 {number}，只能使用 {number} 和 {counter}' },
      form: null,
    })
    expect(transport.sent).toEqual([])
    expect(await store.saveSettings({ queue: { requeuePlaces: 5 } })).toMatchObject({ ok: true })
    expect(transport.sent.at(-1)).toEqual({ name: 'updateSettings', payload: { patch: { queue: { requeuePlaces: 5 } } }, token: 'atok' })
    expect(hall.state!.settings.queue.requeuePlaces).toBe(5)
  })

  it('a device list is saved whole, and its errors are at the device’s own fields', async () => {
    const list = [
      { id: 'kiosk-printer', name: '打印机', kind: 'printer', connection: { type: 'virtual' } },
      { id: 'bars', name: '条屏', kind: 'counterBars', connection: { type: 'serial', path: '' } },
    ] as never
    expect(await store.saveDevices(list, 1)).toEqual({ ok: false, fields: { 'connection.path': '请填写' }, form: null })
  })
})

describe('the hub’s reads and actions', () => {
  it('reads with the admin’s token; a failed read is a sentence, not an empty list', async () => {
    transport.answers.set('terminals', () => ({ terminals: [{ id: 1, name: '3号窗口电脑', role: 'counter', counterId: 3, createdAt: 1, lastSeenAt: null, revokedAt: null }], tlsFingerprint: 'ab'.repeat(32) }))
    await store.loadTerminals()
    expect(transport.hubAsked).toEqual([{ name: 'terminals', args: {}, token: 'atok' }])
    expect(store.terminals).toHaveLength(1)
    expect(store.tlsFingerprint).toBe('ab'.repeat(32))
    transport.answers.set('backups', () => {
      throw new HallError('FORBIDDEN')
    })
    await store.loadBackups()
    expect(store.backups).toBeNull()
    expect(store.readErrors.backups).toBe('您没有权限执行此操作')
  })

  it('device health follows the stream', () => {
    hall.receive({ type: 'devices', event: 'snapshot', devices: [printer()] })
    expect(store.devices).toEqual([printer()])
    hall.receive({ type: 'devices', event: 'health', device: printer({ connected: false, problems: ['notConnected'] }) })
    expect(store.devices![0]!.problems).toEqual(['notConnected'])
    hall.receive({ type: 'devices', event: 'health', device: { ...printer(), id: 'bars', kind: 'counterBars' } })
    expect(store.devices!.map((d) => d.id)).toEqual(['kiosk-printer', 'bars'])
  })

  it('pairing and revoking on any screen refresh every admin’s list of terminals', async () => {
    let calls = 0
    transport.answers.set('terminals', () => ({ terminals: [], tlsFingerprint: null, calls: ++calls }))
    await store.loadTerminals()
    hub.logged('revokeTerminal')
    hub.logged('issueTicket')
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toBe(2)
  })

  it('a test print reads the devices again for what the virtual printer printed', async () => {
    transport.answers.set('deviceTest', () => ({ kind: 'printer', job: { deviceId: 'kiosk-printer', ticketId: null, number: 'A000', ok: true, problem: null, detail: null, sent: true, bytes: 200, at: 1, durationMs: 5 } }))
    transport.answers.set('devices', () => ({ devices: [printer({ virtual: { kind: 'printer', printed: 1, lastTicket: ['  中国电信营业厅', '  A000'] } })] }))
    const result = await store.testDevice('kiosk-printer')
    expect(result.kind).toBe('printer')
    expect(transport.hubAsked.map((a) => [a.name, a.args])).toEqual([
      ['deviceTest', { id: 'kiosk-printer' }],
      ['devices', {}],
    ])
    expect(store.devices![0]!.virtual).toEqual({ kind: 'printer', printed: 1, lastTicket: ['  中国电信营业厅', '  A000'] })
    expect(store.lastJobs['kiosk-printer']!.ok).toBe(true)
  })

  it('a pairing code is kept to be shown; a refusal is at its field', async () => {
    transport.replies.set('createPairingCode', (p) => ({ code: 'K7MQ-2XPD', expiresAt: Date.now() + 600_000, name: p.name, role: p.role, counterId: p.counterId ?? null }))
    expect(await store.createPairingCode({ name: '大屏', role: 'display' })).toMatchObject({ ok: true })
    expect(store.pairing).toMatchObject({ code: 'K7MQ-2XPD', name: '大屏' })
    expect(await store.createPairingCode({ name: '3号窗口', role: 'counter' })).toEqual({ ok: false, fields: { counterId: '窗口和评价平板需要选择所属窗口，其他终端不选' }, form: null })
    expect(transport.sent.filter((c) => c.name === 'createPairingCode')).toHaveLength(1)
  })
})
