/**
 * Hostile input over a real socket: deep nesting, impossible calendar days and lone UTF-16
 * surrogates are refused with 400 VALIDATION_FAILED and change nothing — never a 500.
 */
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildServer } from '../../../src/main/server/http-server'
import { ReportDesk, reportRoutes, reportServiceOf } from '../../../src/main/server/routes/reports'
import { isCalendarDay } from '../../../src/shared/domain'
import { ReportArchive } from '../../../src/main/reports/archive'
import { ExportJobs } from '../../../src/main/reports/export/jobs'
import { openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'
import { rawRequest } from '../../support/raw-http'

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

let f: Fixture
let app: FastifyInstance
let base: string
let dir: { dir: string; remove(): void }

beforeEach(async () => {
  f = await openHall()
  dir = tempDir()
  const reports = reportServiceOf(f.hall, new ReportArchive(f.db))
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 't', routes: [reportRoutes(f.hall, new ReportDesk(f.hall, reports, new ExportJobs({ dir: dir.dir })))] })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})
afterEach(async () => {
  await app.close()
  f.close()
  dir.remove()
})

const admin = () => ({ authorization: `Bearer ${f.adminToken}` })

describe('deep nesting', () => {
  it('20,000 levels in updateSettings: 400, not a stack overflow', async () => {
    const body = `{"patch":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`
    const res = await rawRequest(base, '/api/v1/commands/updateSettings', { body, headers: admin() })
    expect(res.status, res.body).toBe(400)
    expect(res.json().error.code).toBe('VALIDATION_FAILED')
    const arrays = await rawRequest(base, '/api/v1/commands/issueTicket', { body: `{"serviceId":${'['.repeat(5000)}${']'.repeat(5000)}}` })
    expect(arrays.status).toBe(400)
    // Brackets inside strings are text, not nesting.
    expect((await rawRequest(base, '/api/v1/commands/setNotice', { body: { notice: '{'.repeat(100) }, headers: admin() })).status).toBe(200)
  })
})

describe('calendar days', () => {
  it('2026-02-30 is refused by the reports and by gradeClerk instead of rolling over to March', async () => {
    for (const path of ['/api/v1/reports/summary?day=2026-02-30', '/api/v1/days/2026-02-30/records', '/api/v1/reports/summary?from=2026-02-01&to=2026-02-29']) {
      const res = await rawRequest(base, path, { headers: admin() })
      expect(res.status, path).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    const grade = await rawRequest(base, '/api/v1/commands/gradeClerk', { body: { businessDay: '2026-02-30', clerkId: 1, grade: 'good' }, headers: admin() })
    expect(grade.status).toBe(400)
    expect(grade.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('knows leap years and month lengths', () => {
    expect(['2024-02-29', '2026-01-31', '2026-12-31', '0001-01-01'].every(isCalendarDay)).toBe(true)
    expect(['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '0000-01-01', '2100-02-29'].some(isCalendarDay)).toBe(false)
  })
})

describe('lone surrogates', () => {
  it('text with a lone UTF-16 surrogate is refused and not stored', async () => {
    for (const text of ['\\ud800', 'ab\\udfffcd', '\\udc00\\ud800']) {
      const res = await rawRequest(base, '/api/v1/commands/setNotice', { body: `{"notice":"${text}"}`, headers: admin() })
      expect(res.status, text).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    expect(f.hall.state.settings.display.notice).toBe('')
    const pair = await rawRequest(base, '/api/v1/commands/setNotice', { body: '{"notice":"\\ud83d\\ude00 营业"}', headers: admin() })
    expect(pair.status).toBe(200)
    expect(f.hall.state.settings.display.notice).toBe('😀 营业')
  })
})
