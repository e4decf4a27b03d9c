import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/errors'
import { openHall, tempDir, type Fixture } from '../support/hall-fixture'

const cleanup: (() => void)[] = []
afterEach(() => cleanup.splice(0).reverse().forEach((c) => c()))
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)))

async function hall(): Promise<{ f: Fixture; manager: string; clerk: string }> {
  const d = tempDir()
  const f = await openHall({ file: join(d.dir, 'hallq.db') })
  cleanup.push(d.remove, () => f.close())
  return { f, manager: await f.clerk('m1', 'manager'), clerk: await f.clerk('c1') }
}

describe('emergency mode (突发事件)', () => {
  it('takes over with a preset broadcast, pauses issuing, and ending restores the hall as it was', async () => {
    const { f, manager, clerk } = await hall()
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    const settingsBefore = JSON.stringify(f.hall.state.settings)
    expect(await codeOf(f.run('startEmergency', { kind: 'outage' }, clerk))).toBe('FORBIDDEN')

    const { emergency } = await f.run('startEmergency', { kind: 'outage' }, manager)
    const m1 = Object.values(f.hall.state.clerks).find((c) => c.staffCode === 'm1')!
    expect(emergency).toMatchObject({ kind: 'outage', pauseIssuing: true, startedBy: m1.id })
    expect(emergency.message).toContain('手写')
    expect(f.hall.state.emergency).toEqual(emergency)
    const refused = await f.run('issueTicket', { serviceId: 'MOBILE' }).catch((e: AppError) => e)
    expect(refused).toMatchObject({ code: 'ISSUING_PAUSED', details: { message: emergency.message, emergency: 'outage' } })
    expect(await codeOf(f.run('startEmergency', { kind: 'evacuation' }, manager))).toBe('EMERGENCY_ACTIVE')

    // It survives a restart of the hub.
    const g = await f.reopen()
    cleanup.push(() => g.close())
    expect(g.hall.state.emergency).toEqual(emergency)

    await g.run('endEmergency', {}, await g.login('m1', '1234'))
    expect(g.hall.state.emergency).toBeNull()
    expect(JSON.stringify(g.hall.state.settings)).toBe(settingsBefore)
    expect((await g.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A002')
    const audit = g.hall.logOfDay(g.hall.state.businessDay).filter((l) => l.command.endsWith('Emergency'))
    expect(audit.map((l) => [l.command, l.actor.role, l.events[0]!.type])).toEqual([
      ['startEmergency', 'manager', 'emergencyStarted'],
      ['endEmergency', 'manager', 'emergencyEnded'],
    ])
  })

  it('a broadcast may keep issuing open, and a custom one needs words', async () => {
    const { f, manager } = await hall()
    expect(await codeOf(f.run('startEmergency', { kind: 'custom' }, manager))).toBe('VALIDATION_FAILED')
    await f.run('startEmergency', { kind: 'custom', message: '14:00 起宽带业务暂停', pauseIssuing: false }, manager)
    expect((await f.run('issueTicket', { serviceId: 'MOBILE' })).ticket.number).toBe('A001')
    expect(await codeOf(f.run('endEmergency', {}, manager))).toBe('ok')
    expect(await codeOf(f.run('endEmergency', {}, manager))).toBe('NO_EMERGENCY')
  })
})
