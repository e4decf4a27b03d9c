/**
 * The centre's HTTP face (Fastify, as the hub): health, its own logins, the halls with today's
 * figures, and one hall's report for a day or a range. Every failure is the hub's error shape
 * `{error: {code, message, details?}}` with a translated message.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { z } from 'zod'
import { CENTRAL_EXPORT_TABLES, type CentralHallListing, type CentralReport } from '../../shared/central'
import { AppError, isAppError, type ErrorBody, type ErrorCode } from '../../shared/errors'
import { errorMessage, localeFromAcceptLanguage } from '../../shared/locales/index'
import { EXPORT_FORMATS } from '../../shared/reports'
import { MIME } from '../reports/export/jobs'
import type { DayFacts } from '../reports/facts'
import type { FactsDay } from '../reports/summary'
import type { Pool } from './database'
import { DEFAULT_SERVICES } from '../core/default-catalogue'
import { DEFAULT_SETTINGS } from '../../shared/settings'
import type { GroupConfig } from '../../shared/group-config'
import { centralExport } from './export'
import { groupConfigHistory, groupConfigVersion, hallConfigStatuses, latestGroupConfig, publishGroupConfig } from './group-config'
import { boardOf, hallSummary, loadDays, loadHalls, type HallRow } from './reports'
import { rollupReport } from './rollup-report'
import { CENTRAL_ROLES, type CentralUsers, inRegion, normaliseRegion, type CentralUser } from './users'

export const CENTRAL_PREFIX = '/api/v1/central'

export interface CentralServerOptions {
  pool: Pool
  users: CentralUsers
  logger: Logger
  now?: () => number
  /** Further routes (the /hq page). */
  routes?: ((app: FastifyInstance) => Promise<void>)[]
}

const pin = z.string().regex(/^\d{4,12}$/, 'PIN: 4-12 digits')
const staffCode = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9_-]+$/, 'staff code: letters, digits, - _')
const loginBody = z.object({ staffCode, pin }).strict()
const userBody = z
  .object({ staffCode, name: z.string().trim().min(1).max(40), role: z.enum(CENTRAL_ROLES), region: z.string().max(200).nullable().default(null), pin })
  .strict()
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'business day as YYYY-MM-DD')
const rangeQuery = z.object({ day: day.optional(), from: day.optional(), to: day.optional() })
const reportQuery = rangeQuery.extend({ region: z.string().max(200).optional(), hall: z.string().max(40).optional() })
const publishBody = z.object({ config: z.unknown(), note: z.string().trim().max(200).default('') }).strict()
const exportQuery = reportQuery.extend({ format: z.enum(EXPORT_FORMATS), table: z.enum(CENTRAL_EXPORT_TABLES).default('halls') })

/** Longest range one report covers, as at the hub. */
const MAX_RANGE_DAYS = 1096

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new AppError('VALIDATION_FAILED', r.error.issues.map((i) => ({ path: i.path, message: i.message })))
  return r.data
}

function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null
}

/** A day, a range, or (nothing) the hall's own today. */
export function rangeOf(query: unknown, today: string): { from: string; to: string } {
  const q = parse(rangeQuery, query)
  if (q.day !== undefined) return { from: q.day, to: q.day }
  if (q.from === undefined && q.to === undefined) return { from: today, to: today }
  if (q.from === undefined || q.to === undefined) throw new AppError('VALIDATION_FAILED', [{ path: [q.from === undefined ? 'from' : 'to'], message: 'from and to go together' }])
  if (q.from > q.to) throw new AppError('VALIDATION_FAILED', [{ path: ['from'], message: 'from must not be after to' }])
  const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / 86_400_000 + 1
  if (days > MAX_RANGE_DAYS) throw new AppError('VALIDATION_FAILED', [{ path: ['to'], message: `at most ${MAX_RANGE_DAYS} days` }])
  return { from: q.from, to: q.to }
}

function todayTotals(facts: DayFacts | undefined): { issued: number; served: number } {
  let issued = 0
  let served = 0
  for (const s of facts?.services ?? []) {
    issued += s.issued
    served += s.served
  }
  return { issued, served }
}

export async function buildCentralServer(options: CentralServerOptions): Promise<FastifyInstance> {
  const { pool, users } = options
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 512 * 1024,
    trustProxy: false,
  })
  const send = (request: FastifyRequest, code: ErrorCode, details?: unknown): ErrorBody => {
    const body: ErrorBody = { error: { code, message: errorMessage(code, localeFromAcceptLanguage(request.headers['accept-language'])) } }
    if (details !== undefined) body.error.details = details
    return body
  }
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (isAppError(err)) return reply.status(err.status).send(send(request, err.code, err.details))
    const status = (err as FastifyError).statusCode ?? 500
    if (status >= 400 && status < 500) return reply.status(400).send(send(request, 'VALIDATION_FAILED', [{ path: [], message: err.message }]))
    request.log.error({ err, url: request.url }, 'request failed')
    return reply.status(500).send(send(request, 'INTERNAL'))
  })
  app.setNotFoundHandler((request, reply) => reply.status(404).send(send(request, 'NOT_FOUND', { path: request.url.split('?')[0] })))

  const who = (request: FastifyRequest): Promise<CentralUser> => users.authenticate(bearer(request))
  const visibleHalls = async (user: CentralUser): Promise<HallRow[]> => (await loadHalls(pool)).filter((h) => inRegion(h.region, user.region))

  app.get('/api/v1/health', async () => ({ ok: true }))

  app.post(`${CENTRAL_PREFIX}/login`, async (request) => {
    const body = parse(loginBody, request.body)
    return users.login(body.staffCode, body.pin, request.socket.remoteAddress ?? '')
  })
  app.post(`${CENTRAL_PREFIX}/logout`, async (request) => {
    const token = bearer(request)
    if (token) await users.logout(token)
    return { ok: true }
  })
  app.get(`${CENTRAL_PREFIX}/me`, async (request) => ({ user: await who(request) }))

  app.post(`${CENTRAL_PREFIX}/users`, async (request) => {
    const user = await who(request)
    if (user.role !== 'hq-admin') throw new AppError('FORBIDDEN', { needs: 'hq-admin' })
    return { user: await users.save(parse(userBody, request.body)) }
  })

  app.get(`${CENTRAL_PREFIX}/halls`, async (request) => {
    const halls = await visibleHalls(await who(request))
    const today = await pool.query<{ hall_code: string; facts: DayFacts }>(
      `SELECT f.hall_code, f.facts FROM halls h JOIN day_facts f ON f.hall_code = h.hall_code AND f.business_day = h.business_day WHERE h.hall_code = ANY($1)`,
      [halls.map((h) => h.code)],
    )
    const factsOf = new Map(today.rows.map((r) => [r.hall_code, r.facts]))
    return {
      halls: halls.map((h): CentralHallListing => ({
        code: h.code,
        name: h.name,
        region: h.region,
        lastSeenAt: h.lastSeenAt,
        lagEvents: Math.max(0, h.hubSeq - h.lastSeq),
        businessDay: h.businessDay,
        ...todayTotals(factsOf.get(h.code)),
        waiting: h.board?.waiting ?? 0,
        longestWaitMs: h.board?.longestWaitMs ?? null,
        countersOpen: h.board?.countersOpen ?? 0,
      })),
    }
  })

  const now = () => options.now?.() ?? Date.now()

  app.get(`${CENTRAL_PREFIX}/board`, async (request) => {
    const halls = await visibleHalls(await who(request))
    const today = new Map<string, FactsDay[]>()
    // Each hall's own business day: halls in other time zones may be on another date.
    const byDay = new Map<string, string[]>()
    for (const h of halls) if (h.businessDay) byDay.set(h.businessDay, [...(byDay.get(h.businessDay) ?? []), h.code])
    for (const [d, codes] of byDay) for (const [code, days] of await loadDays(pool, codes, d, d, false)) today.set(code, days)
    return boardOf(halls, today, now())
  })

  /** The report a user asked for: every hall they may see, a region of them, or one hall. */
  const reportFor = async (user: CentralUser, q: z.infer<typeof reportQuery>): Promise<{ report: CentralReport; timeZone: string }> => {
    const region = q.region === undefined || q.region.trim() === '' ? null : normaliseRegion(q.region)
    const hall = q.hall === undefined || q.hall.trim() === '' ? null : q.hall.trim()
    const every = await loadHalls(pool)
    let halls = every.filter((h) => inRegion(h.region, user.region))
    if (region !== null) halls = halls.filter((h) => inRegion(h.region, region))
    if (hall !== null) {
      halls = halls.filter((h) => h.code === hall)
      if (halls.length === 0) throw new AppError('NOT_FOUND', { hall })
    }
    // Without a day or range: the newest business day among the halls (each hub's own calendar).
    const latest = halls.map((h) => h.businessDay ?? '').sort().at(-1) || new Date(now()).toISOString().slice(0, 10)
    const { from, to } = rangeOf({ day: q.day, from: q.from, to: q.to }, latest)
    // Summed from the day rollups, the percentiles ranked over the value runs (decision 034).
    const report = await rollupReport(pool, halls, from, to, { region, hall }, { everyHall: halls.length === every.length })
    return { report, timeZone: halls[0]?.config?.timeZone ?? 'Asia/Shanghai' }
  }

  app.get(`${CENTRAL_PREFIX}/report`, async (request) => (await reportFor(await who(request), parse(reportQuery, request.query))).report)

  app.get(`${CENTRAL_PREFIX}/report/export`, async (request, reply) => {
    const user = await who(request)
    const { format, table, ...q } = parse(exportQuery, request.query)
    const { report, timeZone } = await reportFor(user, q)
    const file = await centralExport(report, format, table, timeZone)
    return reply
      .header('content-type', MIME[format])
      .header('content-disposition', `attachment; filename="report.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(file.body)
  })

  app.get<{ Params: { code: string } }>(`${CENTRAL_PREFIX}/halls/:code/summary`, async (request) => {
    const user = await who(request)
    const hall = (await loadHalls(pool)).find((h) => h.code === request.params.code)
    // A hall outside the viewer's region is answered as if it did not exist.
    if (!hall || !inRegion(hall.region, user.region)) throw new AppError('NOT_FOUND', { hall: request.params.code })
    const { from, to } = rangeOf(request.query, hall.businessDay ?? new Date(options.now?.() ?? Date.now()).toISOString().slice(0, 10))
    const days = (await loadDays(pool, [hall.code], from, to)).get(hall.code) ?? []
    return hallSummary(hall, days, from, to)
  })

  // 集团配置 (decision 033): hq-admin publishes, every centre user reads; halls as the user may see them.
  app.get(`${CENTRAL_PREFIX}/config`, async (request) => {
    await who(request)
    const current = await latestGroupConfig(pool)
    const { plans: _plans, ...assessment } = DEFAULT_SETTINGS.assessment
    // What the editor starts from before the first version: the hub's own new-hall catalogue.
    const template: GroupConfig = current?.config ?? { services: DEFAULT_SERVICES, assessment }
    return { current, versions: await groupConfigHistory(pool), template }
  })
  app.get<{ Params: { version: string } }>(`${CENTRAL_PREFIX}/config/versions/:version`, async (request) => {
    await who(request)
    const version = Number(request.params.version)
    const found = Number.isInteger(version) && version > 0 && version < 2 ** 31 ? await groupConfigVersion(pool, version) : null
    if (!found) throw new AppError('NOT_FOUND', { version: request.params.version })
    return found
  })
  app.post(`${CENTRAL_PREFIX}/config`, async (request) => {
    const user = await who(request)
    if (user.role !== 'hq-admin') throw new AppError('FORBIDDEN', { needs: 'hq-admin' })
    const body = parse(publishBody, request.body)
    return { published: await publishGroupConfig(pool, body.config, body.note, user.staffCode, now()) }
  })
  app.get(`${CENTRAL_PREFIX}/config/halls`, async (request) => {
    const user = await who(request)
    return { halls: (await hallConfigStatuses(pool)).filter((h) => inRegion(h.region, user.region)) }
  })

  for (const routes of options.routes ?? []) await app.register(routes)
  return app
}
