/**
 * Hall settings as the admin screens will change them: every change is a validated command,
 * audited in the event log, published to every screen, and in effect at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName } from '../../src/shared/commands'
import { AppError, type ErrorCode } from '../../src/shared/errors'
import type { LoggedCommand } from '../../src/shared/events'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { clerkAtCounter, openHall, type Fixture } from '../support/hall-fixture'

let f: Fixture
let published: LoggedCommand[]
beforeEach(async () => {
  f = await openHall()
  published = []
  f.hall.subscribe((l) => published.push(l))
})
afterEach(() => f.close())

/** Runs an admin command and checks it was logged and published with its events. */
async function audited<N extends CommandName>(name: N, payload: CommandInput<N>, token = f.adminToken) {
  const before = f.store.lastLoggedSeq()
  const result = await f.run(name, payload, token)
  const logged = f.store.logAfter(before, 10)
  expect(logged).toHaveLength(1)
  expect(logged[0]).toMatchObject({ command: name, actor: { role: expect.stringMatching(/admin|manager/) } })
  expect(published.at(-1)).toEqual(logged[0])
  const payloadRow = f.db.prepare('SELECT payload FROM event_log WHERE seq = ?').pluck().get(logged[0]!.seq) as string
  return { result, logged: logged[0]!, payload: JSON.parse(payloadRow) as Record<string, unknown> }
}

async function refused(promise: Promise<unknown>, code: ErrorCode, path?: string[]): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  if (path) expect((err as AppError).details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]))
}

const newService = {
  id: 'IPTV',
  prefix: 'K',
  nameZh: '天翼高清',
  nameEn: 'IPTV',
  targetWaitMin: 12,
  defaultHandleMin: 6,
  dailyCap: 2,
  hours: [],
  message: '请携带机顶盒',
  items: ['IPTV开通', 'IPTV退订'],
  active: true,
  sortOrder: 9,
}

describe('services', () => {
  it('add, edit (cap, message) and disable — each audited and live', async () => {
    const added = await audited('saveService', { service: newService })
    expect(added.logged.events).toEqual([{ type: 'serviceSaved', at: f.clock.now, service: newService }])
    expect((await f.run('issueTicket', { serviceId: 'IPTV' })).ticket.number).toBe('K001')
    await audited('saveService', { service: { ...newService, dailyCap: 1 } })
    await refused(f.run('issueTicket', { serviceId: 'IPTV' }), 'DAILY_CAP_REACHED')
    await audited('saveService', { service: { ...newService, active: false } })
    await refused(f.run('issueTicket', { serviceId: 'IPTV' }), 'SERVICE_INACTIVE')
    // Disabled, never deleted: its history stays.
    expect(f.hall.state.services.IPTV!.active).toBe(false)
  })

  it('refuses a clash of prefixes and bad hours with clear errors', async () => {
    await refused(f.run('saveService', { service: { ...newService, prefix: 'A' } }, f.adminToken), 'DUPLICATE_PREFIX')
    await refused(f.run('saveService', { service: { ...newService, hours: [{ from: '17:00', to: '09:00' }] } }, f.adminToken), 'VALIDATION_FAILED', ['service', 'hours', '0'])
    await refused(f.run('saveService', { service: newService }, await f.clerk('m1', 'manager')), 'FORBIDDEN')
  })
})

describe('counters', () => {
  it('services served and their order take effect on the next call', async () => {
    const c1 = await clerkAtCounter(f, 'c1', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.clock.minutes(1)
    await f.run('issueTicket', { serviceId: 'PAYMENT' })
    const counter = f.hall.state.counters[1]!
    const config = { id: 1, name: counter.name, displayAddress: 7, active: true, services: [{ serviceId: 'PAYMENT', boostMin: 30 }, { serviceId: 'MOBILE', boostMin: 0 }] }
    const saved = await audited('saveCounter', { counter: config })
    expect(saved.result.counter).toMatchObject({ displayAddress: 7, status: 'open', clerkId: 2 })
    expect((await f.run('callNext', { counterId: 1 }, c1)).ticket.number).toBe('D001')
  })

  it('a counter in use cannot be disabled; a new counter can be added', async () => {
    await clerkAtCounter(f, 'c1', 1)
    const counter = f.hall.state.counters[1]!
    await refused(
      f.run('saveCounter', { counter: { id: 1, name: counter.name, services: counter.services, displayAddress: 1, active: false } }, f.adminToken),
      'COUNTER_BUSY',
    )
    await audited('saveCounter', { counter: { id: 6, name: '6号窗口', services: [{ serviceId: 'VAS', boostMin: 0 }], displayAddress: 6, active: true } })
    expect(f.hall.state.counters[6]).toMatchObject({ status: 'closed', name: '6号窗口' })
  })
})

describe('clerks', () => {
  it('add, change role, disable (history kept), and the disabled clerk is out at once', async () => {
    const added = await audited('saveClerk', { staffCode: '1001', name: '王芳', role: 'clerk', active: true, pin: '2468' })
    expect(added.payload.pin).toBe('***')
    const id = added.result.clerk.id
    const token = await f.login('1001', '2468')
    await audited('saveClerk', { id, staffCode: '1001', name: '王芳', role: 'manager', active: true })
    expect(f.hall.authenticate({ token, terminal: 't', local: true }).role).toBe('manager')
    await audited('saveClerk', { id, staffCode: '1001', name: '王芳', role: 'manager', active: false })
    await refused(f.run('setNotice', { notice: 'x' }, token), 'UNAUTHENTICATED')
    expect(f.hall.state.clerks[id]).toMatchObject({ active: false, name: '王芳' })
  })

  it('resetting a PIN: audited without the PIN, the old one stops working, open sessions end', async () => {
    const token = await f.clerk('c1')
    const id = Object.values(f.hall.state.clerks).find((c) => c.staffCode === 'c1')!.id
    const reset = await audited('resetClerkPin', { clerkId: id, pin: '975310' })
    expect(reset.payload).toEqual({ clerkId: id, pin: '***' })
    expect(reset.logged.events).toEqual([{ type: 'pinReset', at: f.clock.now, clerkId: id }])
    expect(JSON.stringify(f.store.logAfter(0, 1000))).not.toContain('975310')
    await refused(f.run('logout', {}, token), 'UNAUTHENTICATED')
    await refused(f.run('login', { staffCode: 'c1', pin: '1234' }), 'WRONG_PIN')
    expect((await f.run('login', { staffCode: 'c1', pin: '975310' })).clerk.id).toBe(id)
    await refused(f.run('resetClerkPin', { clerkId: 99, pin: '123456' }, f.adminToken), 'UNKNOWN_CLERK')
    await refused(f.run('resetClerkPin', { clerkId: id, pin: '12' }, f.adminToken), 'VALIDATION_FAILED', ['pin'])
    await refused(f.run('resetClerkPin', { clerkId: id, pin: '123456' }, await f.login('c1', '975310')), 'FORBIDDEN')
  })
})

describe('hall, ticket, display, voice, priority and assessment settings', () => {
  it('each part of the settings is changed by updateSettings, audited and live', async () => {
    const patches = [
      { hall: { name: '天河营业厅', timeZone: 'Asia/Urumqi', rolloverHour: 5 } },
      { devices: { ticket: { footer: '请留意叫号，过号顺延三位', numberSize: 5 } } },
      { display: { voiceTemplate: '{number} 号请到 {counter} 号窗口', voiceRepeat: 1 } },
      { queue: { priorityBoostMin: { vip: 40 }, priorityRunLimit: 3, requeuePlaces: 5 } },
      { assessment: { indicators: { satisfaction: { weight: 40 }, utilisation: { target: 0.8 } }, qualitativeWeight: 30, gradePoints: { fair: 50 } } },
    ]
    for (const patch of patches) {
      const { logged } = await audited('updateSettings', { patch })
      expect(logged.events[0]).toMatchObject({ type: 'settingsSaved', settings: patch })
    }
    const s = f.hall.state.settings
    expect(s.hall).toEqual({ ...DEFAULT_SETTINGS.hall, name: '天河营业厅', timeZone: 'Asia/Urumqi', rolloverHour: 5 })
    expect(s.devices.ticket).toMatchObject({ footer: '请留意叫号，过号顺延三位', numberSize: 5 })
    expect(s.queue.priorityBoostMin).toEqual({ vip: 40, care: 30, appointment: 15 })
    expect(s.assessment.indicators.satisfaction.weight).toBe(40)
    expect(s.assessment.indicators.utilisation).toEqual({ weight: 15, target: 0.8 })
    expect(s.assessment.gradePoints).toEqual({ excellent: 100, good: 80, fair: 50 })
  })

  it('the display notice is the manager’s, audited like the rest', async () => {
    const manager = await f.clerk('m1', 'manager')
    const { logged } = await audited('setNotice', { notice: '今日 14:00 宽带系统维护' }, manager)
    expect(logged.actor.role).toBe('manager')
    expect(f.hall.state.settings.display.notice).toBe('今日 14:00 宽带系统维护')
  })

  it('a changed rollover hour moves the close of the day', async () => {
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await audited('updateSettings', { patch: { hall: { rolloverHour: 2 } } })
    f.clock.now = Date.parse('2026-11-29T02:00:00+08:00')
    f.hall.rolloverIfDue()
    expect(f.hall.state.businessDay).toBe('2026-11-29')
  })

  it.each([
    [{ devices: { ticket: { numberSize: 9 } } }, ['patch', 'devices', 'ticket', 'numberSize'], /./],
    [{ display: { voiceTemplate: '请到窗口办理' } }, ['patch', 'display', 'voiceTemplate'], /must say \{number\}/],
    [{ display: { voiceTemplate: '请 {number} 到 {window}' } }, ['patch', 'display', 'voiceTemplate'], /\{counter\}/],
    [{ hall: { timeZone: 'Mars/Base' } }, ['patch', 'hall', 'timeZone'], /time zone/],
    [{ hall: { rolloverHour: 24 } }, ['patch', 'hall', 'rolloverHour'], /./],
    [{ queue: { priorityRunLimit: 0 } }, ['patch', 'queue', 'priorityRunLimit'], /./],
    [
      { assessment: { indicators: { served: { weight: 0 }, handling: { weight: 0 }, satisfaction: { weight: 0 }, noShow: { weight: 0 }, complaints: { weight: 0 }, utilisation: { weight: 0 }, quality: { weight: 0 }, plan: { weight: 0 }, teamwork: { weight: 0 } } } },
      ['patch', 'assessment', 'indicators'],
      /at least one indicator/,
    ],
    [{ assessment: { indicators: { served: { weight: 101 } } } }, ['patch', 'assessment', 'indicators', 'served', 'weight'], /./],
    [{ assessment: { qualitativeWeight: -1 } }, ['patch', 'assessment', 'qualitativeWeight'], /./],
    [{ assessment: { indicators: { speed: { weight: 5 } } } }, ['patch', 'assessment', 'indicators'], /./],
  ])('refuses %j with a clear error at the offending path, and changes nothing', async (patch, path, message) => {
    const before = JSON.stringify(f.hall.state.settings)
    const seq = f.store.lastLoggedSeq()
    const err = await f.run('updateSettings', { patch }, f.adminToken).then(
      () => null,
      (e: unknown) => e as AppError,
    )
    expect(err?.code).toBe('VALIDATION_FAILED')
    const issue = (err!.details as { path: string[]; message: string }[]).find((i) => i.path.join('.') === path.join('.'))
    expect(issue?.message).toMatch(message)
    expect(JSON.stringify(f.hall.state.settings)).toBe(before)
    expect(f.store.lastLoggedSeq()).toBe(seq)
  })
})
