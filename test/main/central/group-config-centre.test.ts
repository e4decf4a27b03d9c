/**
 * 集团配置 at the centre on a real PostgreSQL: an hq-admin publishes numbered versions that are
 * kept as published, with who and when; a configuration a hub would refuse is refused at publish
 * with every wrong field listed and nothing stored; viewers read but cannot publish.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateCentral, openPool, type Pool } from '../../../src/main/central/database'
import { buildCentralServer } from '../../../src/main/central/server'
import { CentralUsers } from '../../../src/main/central/users'
import type { GroupConfig } from '../../../src/shared/group-config'
import { silentLogger } from '../../support/hall-fixture'
import { PG_START_MS, startPostgres, type TestPostgres } from '../../support/postgres'

const PIN = '135790'

describe('group configuration at the centre', () => {
  let server: TestPostgres
  let pool: Pool
  let app: FastifyInstance
  let admin: string
  let viewer: string
  let clock = Date.parse('2026-12-02T02:00:00Z')

  beforeAll(async () => {
    server = await startPostgres()
    pool = openPool(await server.createDatabase('config'))
    await migrateCentral(pool)
    const users = new CentralUsers(pool)
    await users.ensureAdmin(PIN)
    await users.save({ staffCode: 'gz', name: '广州分析员', role: 'hq-viewer', region: '广东/广州', pin: PIN })
    app = await buildCentralServer({ pool, users, logger: silentLogger, now: () => clock })
    const login = async (staffCode: string) => (await app.inject({ method: 'POST', url: '/api/v1/central/login', payload: { staffCode, pin: PIN } })).json().token as string
    admin = await login('admin')
    viewer = await login('gz')
  }, PG_START_MS)
  afterAll(async () => {
    await app?.close()
    await pool?.end()
    server?.destroy()
  })

  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object, lang = 'zh-CN') =>
    app.inject({ method, url: `/api/v1/central${url}`, headers: { authorization: `Bearer ${token}`, 'accept-language': lang }, ...(payload === undefined ? {} : { payload }) })

  it('starts from the hub’s own catalogue and publishes numbered versions with who and when, unchanged afterwards', async () => {
    const first = await call('GET', '/config', viewer)
    expect(first.statusCode).toBe(200)
    const { current, versions, template } = first.json() as { current: null; versions: unknown[]; template: GroupConfig }
    expect(current).toBeNull()
    expect(versions).toEqual([])
    expect(template.services.map((s) => s.id)).toContain('MOBILE')
    expect(template.assessment.indicators.served.weight).toBe(20)

    const v1 = await call('POST', '/config', admin, { config: template, note: '首版集团目录' })
    expect(v1.statusCode).toBe(200)
    expect(v1.json().published).toMatchObject({ version: 1, note: '首版集团目录', publishedBy: 'admin', publishedAt: clock })
    clock += 60_000
    const changed: GroupConfig = {
      ...template,
      services: template.services.map((s) => (s.id === 'MOBILE' ? { ...s, targetWaitMin: 12 } : s)),
      assessment: { ...template.assessment, indicators: { ...template.assessment.indicators, satisfaction: { weight: 40 } } },
    }
    const v2 = await call('POST', '/config', admin, { config: changed })
    expect(v2.json().published).toMatchObject({ version: 2, publishedAt: clock, note: '' })

    const now = (await call('GET', '/config', viewer)).json()
    expect(now.current.version).toBe(2)
    expect(now.current.config.services.find((s: { id: string }) => s.id === 'MOBILE').targetWaitMin).toBe(12)
    expect(now.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    // Version 1 is still what was published then.
    const old = await call('GET', '/config/versions/1', viewer)
    expect(old.json().config).toEqual(template)
    expect((await call('GET', '/config/versions/9', viewer)).statusCode).toBe(404)
    expect((await call('GET', '/config/versions/x', viewer)).statusCode).toBe(404)
  })

  it('two admins publishing at the same moment get consecutive versions', async () => {
    const { template } = (await call('GET', '/config', admin)).json() as { template: GroupConfig }
    const answers = await Promise.all([call('POST', '/config', admin, { config: template }), call('POST', '/config', admin, { config: template })])
    expect(answers.map((a) => a.json().published.version).sort()).toEqual([3, 4])
  })

  it('refuses what a hub would refuse, with each wrong field and a translated message, and stores nothing', async () => {
    const { template } = (await call('GET', '/config', admin)).json() as { template: GroupConfig }
    const before = (await pool.query('SELECT count(*)::int AS n FROM group_configs')).rows[0].n
    const bad = {
      ...template,
      services: [
        { ...template.services[0]!, prefix: 'a1' },
        { ...template.services[1]!, targetWaitMin: 0 },
        { ...template.services[2]!, prefix: template.services[3]!.prefix },
        ...template.services.slice(3),
      ],
      assessment: { ...template.assessment, indicators: Object.fromEntries(Object.entries(template.assessment.indicators).map(([k, v]) => [k, { ...v, weight: 0 }])) },
    }
    const r = await call('POST', '/config', admin, { config: bad })
    expect(r.statusCode).toBe(400)
    const body = r.json()
    expect(body.error.code).toBe('GROUP_CONFIG_INVALID')
    expect(body.error.message).toBe('集团配置有误，未发布：请按所列字段修改后再发布')
    const paths = (body.error.details as { path: string[] }[]).map((d) => d.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['config.services.0.prefix', 'config.services.1.targetWaitMin', 'config.services.3.prefix', 'config.assessment.indicators']))
    const en = await call('POST', '/config', admin, { config: { services: [] } }, 'en-US')
    expect(en.json().error.message).toMatch(/^The group configuration is not valid/)
    expect((await call('POST', '/config', admin, { config: { ...template, extra: 1 } })).json().error.code).toBe('GROUP_CONFIG_INVALID')
    expect((await pool.query('SELECT count(*)::int AS n FROM group_configs')).rows[0].n).toBe(before)
  })

  it('lets a viewer read but not publish, and asks for a login', async () => {
    const { template } = (await call('GET', '/config', admin)).json() as { template: GroupConfig }
    const r = await call('POST', '/config', viewer, { config: template })
    expect(r.statusCode).toBe(403)
    expect(r.json().error.code).toBe('FORBIDDEN')
    expect((await app.inject({ method: 'GET', url: '/api/v1/central/config' })).statusCode).toBe(401)
    expect((await call('GET', '/config/halls', viewer)).json()).toEqual({ halls: [] })
  })

  it('shows each hall’s report to the viewers of its region only', async () => {
    for (const [code, region] of [
      ['GZ-TH-001', '广东/广州/天河'],
      ['SZ-FT-001', '广东/深圳/福田'],
    ]) {
      await pool.query(`INSERT INTO halls (hall_code, name, region, created_at) VALUES ($1, $1, $2, 0)`, [code, region])
      await pool.query(
        `INSERT INTO hall_config_status (hall_code, follow, version, applied_at, overrides, conflicts, error, reported_at) VALUES ($1, true, 2, 5, $2, '[]', NULL, 6)`,
        [code, JSON.stringify([{ field: 'services.MOBILE.targetWaitMin', group: 12, local: 20, state: 'override' }])],
      )
    }
    const seen = (await call('GET', '/config/halls', viewer)).json().halls
    expect(seen).toEqual([
      {
        code: 'GZ-TH-001',
        name: 'GZ-TH-001',
        region: '广东/广州/天河',
        follow: true,
        version: 2,
        appliedAt: 5,
        overrides: [{ field: 'services.MOBILE.targetWaitMin', group: 12, local: 20, state: 'override' }],
        conflicts: [],
        error: null,
        reportedAt: 6,
      },
    ])
    expect((await call('GET', '/config/halls', admin)).json().halls.map((h: { code: string }) => h.code)).toEqual(['GZ-TH-001', 'SZ-FT-001'])
  })
})
