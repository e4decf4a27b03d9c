/**
 * A hall following the group configuration, against a real PostgreSQL: a published version is
 * fetched and applied through the hall's own commands (logged, the actor the group
 * configuration and its version); a field the hall changed afterwards, or marked local, stays
 * the hall's on the next version; a service the group drops is deactivated while its customers
 * still wait and are called; the centre sees the version and the overrides; with the centre
 * down the hall carries on and nothing it does waits for the centre.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openClient, openPool, type Pool } from '../../../src/main/central/database'
import { hallConfigStatuses, latestGroupConfig, publishGroupConfig } from '../../../src/main/central/group-config'
import { GroupFollower, GroupStateStore } from '../../../src/main/central-link/group-follower'
import { DEFAULT_SERVICES } from '../../../src/main/core/default-catalogue'
import type { GroupConfig } from '../../../src/shared/group-config'
import { DEFAULT_SETTINGS } from '../../../src/shared/settings'
import { clerkAtCounter, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

const { plans: _plans, ...assessment } = DEFAULT_SETTINGS.assessment
const BASE: GroupConfig = { services: DEFAULT_SERVICES, assessment }
const withService = (c: GroupConfig, id: string, change: object): GroupConfig => ({ ...c, services: c.services.map((s) => (s.id === id ? { ...s, ...change } : s)) })
const withWeight = (c: GroupConfig, indicator: keyof GroupConfig['assessment']['indicators'], weight: number): GroupConfig => ({
  ...c,
  assessment: { ...c.assessment, indicators: { ...c.assessment.indicators, [indicator]: { ...c.assessment.indicators[indicator], weight } } },
})

describe('a hall following the group configuration', () => {
  let server: TestPostgres
  let url: string
  let pool: Pool
  const dir = tempDir()
  let f: Fixture
  let follower: GroupFollower
  let at = Date.parse('2026-12-02T01:00:00Z')

  const publish = async (config: GroupConfig, note = '') => publishGroupConfig(pool, config, note, 'admin', at++)
  const logOf = (afterSeq: number) =>
    f.db.prepare('SELECT seq, actor_role AS role, terminal, command, payload FROM event_log WHERE seq > ? ORDER BY seq').all(afterSeq) as {
      seq: number
      role: string
      terminal: string
      command: string
      payload: string
    }[]
  const head = () => f.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM event_log').pluck().get() as number
  const centreRow = async () => (await hallConfigStatuses(pool)).find((h) => h.code === 'GZ-TH-001')

  beforeAll(async () => {
    server = await startPostgres()
    url = await server.createDatabase('follow')
    pool = openPool(url)
    await migrateCentral(pool)
    f = await openHall({ file: `${dir.dir}/hallq.db` })
    follower = new GroupFollower({
      hall: f.hall,
      store: new GroupStateStore(f.db),
      hallCode: 'GZ-TH-001',
      connect: () => openClient(url, { application: 'hallq-hub GZ-TH-001', queryTimeoutMs: 5000 }),
      logger: silentLogger,
      now: f.clock.read,
      everyMs: 3_600_000,
    })
  }, PG_START_MS)
  afterAll(async () => {
    await follower?.stop()
    f?.close()
    await pool?.end()
    server?.destroy()
    dir.remove()
  })

  it('does nothing while the hall does not follow, but tells the centre so', async () => {
    await publish(withService(BASE, 'MOBILE', { targetWaitMin: 12 }), '首版')
    const before = head()
    await follower.check()
    expect(head()).toBe(before)
    expect(f.hall.state.services.MOBILE!.targetWaitMin).toBe(15)
    expect(await centreRow()).toMatchObject({ follow: false, version: null, reportedAt: f.clock.now, error: null })
    expect(follower.status()).toMatchObject({ linked: true, follow: false, version: null, fields: [] })
  })

  it('applies a version through the hall’s own commands, logged with the group configuration as the actor', async () => {
    await f.run('updateSettings', { patch: { groupConfig: { follow: true } } }, f.adminToken)
    const before = head()
    await follower.check()
    expect(f.hall.state.services.MOBILE!.targetWaitMin).toBe(12)
    const log = logOf(before)
    expect(log).toEqual([expect.objectContaining({ role: 'system', terminal: 'group-config v1', command: 'saveService' })])
    expect(JSON.parse(log[0]!.payload).service).toMatchObject({ id: 'MOBILE', targetWaitMin: 12 })
    // Once applied, checking again changes nothing.
    await follower.check()
    expect(head()).toBe(before + 1)
    const row = await centreRow()
    expect(row).toMatchObject({ follow: true, version: 1, appliedAt: f.clock.now, overrides: [], conflicts: [], error: null })
    const status = follower.status()
    expect(status).toMatchObject({ version: 1, note: '首版', publishedBy: 'admin', checkedAt: f.clock.now })
    expect(status.fields.find((x) => x.field === 'services.MOBILE.targetWaitMin')).toEqual({ field: 'services.MOBILE.targetWaitMin', group: 12, local: 12, state: 'group' })
  })

  it('keeps what the hall changed afterwards or marked local, takes the rest of the next version, and shows the centre the overrides', async () => {
    // The hall's own decisions after version 1: a longer target for broadband, fixed-line weight kept local.
    await f.run('saveService', { service: { ...f.hall.state.services.BROADBAND!, targetWaitMin: 30 } }, f.adminToken)
    await f.run('updateSettings', { patch: { groupConfig: { local: ['assessment.indicators.satisfaction.weight'] } } }, f.adminToken)
    f.clock.advance(60_000)
    let v2 = withService(BASE, 'MOBILE', { targetWaitMin: 10 })
    v2 = withService(v2, 'BROADBAND', { targetWaitMin: 25, nameZh: '宽带与光纤' })
    v2 = withWeight(withWeight(v2, 'satisfaction', 40), 'served', 30)
    await publish(v2, '第二版')
    const before = head()
    await follower.check()
    const s = f.hall.state
    expect(s.services.MOBILE!.targetWaitMin).toBe(10)
    // Overridden: the hall's 30 minutes stay; the name it never touched follows the group.
    expect(s.services.BROADBAND!).toMatchObject({ targetWaitMin: 30, nameZh: '宽带与光纤' })
    expect(s.settings.assessment.indicators.satisfaction.weight).toBe(25)
    expect(s.settings.assessment.indicators.served.weight).toBe(30)
    const log = logOf(before)
    expect(log.map((e) => [e.terminal, e.command])).toEqual([
      ['group-config v2', 'saveService'],
      ['group-config v2', 'saveService'],
      ['group-config v2', 'updateSettings'],
    ])
    expect(JSON.parse(log[2]!.payload)).toEqual({ patch: { assessment: { indicators: { served: { weight: 30 } } } } })
    const row = await centreRow()
    expect(row?.version).toBe(2)
    expect(row?.appliedAt).toBe(f.clock.now)
    expect(row?.overrides).toEqual([
      { field: 'services.BROADBAND.targetWaitMin', group: 25, local: 30, state: 'override' },
      { field: 'assessment.indicators.satisfaction.weight', group: 40, local: 25, state: 'local' },
    ])

    // Version 3 changes broadband again: the hall's own value still stands.
    await publish(withService(v2, 'BROADBAND', { targetWaitMin: 22, nameZh: '宽带与光纤' }))
    await follower.check()
    expect(f.hall.state.services.BROADBAND!.targetWaitMin).toBe(30)
    expect((await centreRow())?.overrides.map((o) => o.field)).toEqual(['services.BROADBAND.targetWaitMin', 'assessment.indicators.satisfaction.weight'])

    // Back to the group's value (the settings page's action): followed again from the next check on.
    await f.run('saveService', { service: { ...f.hall.state.services.BROADBAND!, targetWaitMin: 22 } }, f.adminToken)
    await follower.check()
    expect((await centreRow())?.overrides.map((o) => o.field)).toEqual(['assessment.indicators.satisfaction.weight'])
  })

  it('deactivates a service the group drops without stranding the customers waiting for it, and defers a prefix change to the next day', async () => {
    const token = await clerkAtCounter(f, '2001', 5)
    const waiting = await f.run('issueTicket', { serviceId: 'ENTERPRISE' })
    await f.run('issueTicket', { serviceId: 'PAYMENT' })
    const current = (await latestGroupConfig(pool))!.config
    const v4: GroupConfig = withService({ ...current, services: current.services.filter((s) => s.id !== 'ENTERPRISE') }, 'PAYMENT', { prefix: 'P' })
    await publish(v4)
    await follower.check()
    const s = f.hall.state
    expect(s.services.ENTERPRISE).toMatchObject({ active: false })
    expect(s.tickets[waiting.ticket.id]!.status).toBe('waiting')
    // Tickets with prefix D are out today: the new prefix waits for the next business day.
    expect(s.services.PAYMENT!.prefix).toBe('D')
    expect(follower.status().fields.find((x) => x.field === 'services.PAYMENT.prefix')).toMatchObject({ state: 'deferred', group: 'P', local: 'D' })
    const called = await f.run('callNext', { counterId: 5 }, token)
    expect(called.ticket.id).toBe(waiting.ticket.id)
    await f.run('closeDay', {}, f.adminToken)
    await follower.check()
    expect(f.hall.state.services.PAYMENT!.prefix).toBe('P')
    expect(follower.status().fields.find((x) => x.field === 'services.PAYMENT.prefix')).toMatchObject({ state: 'group' })
  })

  it('carries on with the centre down: commands never wait, the error is shown, the next check catches up', async () => {
    server.stop()
    try {
      const started = Date.now()
      const check = follower.check()
      const ticket = await f.run('issueTicket', { serviceId: 'MOBILE' })
      expect(ticket.ticket.status).toBe('waiting')
      expect(Date.now() - started).toBeLessThan(1000)
      await check
      expect(follower.status().error).toBeTruthy()
      expect(follower.status().version).toBe(4)
    } finally {
      server.start()
    }
    await follower.check()
    expect(follower.status().error).toBeNull()
  }, 60_000)

  it('keeps the hall’s own values when the kept configuration is one this hub cannot read (an older hub after a newer one)', async () => {
    const meta = f.db.prepare("SELECT value FROM meta WHERE key = 'group_config'").pluck()
    const kept = JSON.parse(meta.get() as string)
    f.db.prepare("UPDATE meta SET value = ? WHERE key = 'group_config'").run(JSON.stringify({ ...kept, config: { services: [], assessment: {}, future: true } }))
    await f.run('saveService', { service: { ...f.hall.state.services.CONSULT!, targetWaitMin: 18 } }, f.adminToken)
    const current = (await latestGroupConfig(pool))!.config
    await publish(withService(current, 'CONSULT', { targetWaitMin: 12 }))
    await follower.check()
    expect(f.hall.state.services.CONSULT!.targetWaitMin).toBe(18)
    expect(follower.status().fields.find((x) => x.field === 'services.CONSULT.targetWaitMin')).toMatchObject({ state: 'override', group: 12, local: 18 })
  })
})
