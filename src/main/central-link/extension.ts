/**
 * The hub's link to the centre as a part of the hub: started only with --central, it ships in
 * the background (shipper.ts) and answers GET /api/v1/central-link for the manager's view and
 * the settings page. Without --central the hall is exactly what it always was.
 */
import { CENTRAL_LINK_OFF, type CentralLinkStatus } from '../../shared/central-link'
import { currentWaitMs } from '../../shared/metrics'
import type { ExtensionFactory } from '../app'
import type { Hall } from '../hall'
import type { HubQueries } from '../hub-queries'
import { scoreDay } from '../reports/assessment'
import { encodeRun } from '../reports/archive'
import { ReportService } from '../reports/report-service'
import { credentials, requireRoleOf } from '../server/request'
import { liveDayOf } from '../server/routes/reports'
import { API_PATHS } from '../../shared/api'
import { OutboxReader } from './reader'
import type { LiveSnapshot, Shipper } from './shipper'
import { fieldsNow, GroupStateStore, type GroupConfigStatus, type GroupFollower } from './group-follower'

/** Today's facts, names and board, counted from the live hall with the reports' own code. */
export function liveSnapshot(hall: Hall): LiveSnapshot {
  const live = liveDayOf(hall)
  const counters = Object.values(hall.state.counters)
  const { facts, runs: distributions } = ReportService.liveFacts(live)
  const runs = [...distributions].flatMap(([serviceId, d]) => [
    { serviceId, kind: 'wait' as const, count: d.wait.length, values: encodeRun(d.wait) },
    { serviceId, kind: 'handle' as const, count: d.handle.length, values: encodeRun(d.handle) },
  ])
  const perService = new Map<string, { waiting: number; longestWaitMs: number | null }>()
  let waiting = 0
  let longest: number | null = null
  for (const t of live.rows.tickets) {
    if (t.status !== 'waiting') continue
    const ms = currentWaitMs(t, live.asOf)
    waiting++
    longest = Math.max(longest ?? 0, ms)
    const s = perService.get(t.serviceId) ?? { waiting: 0, longestWaitMs: null }
    s.waiting++
    s.longestWaitMs = Math.max(s.longestWaitMs ?? 0, ms)
    perService.set(t.serviceId, s)
  }
  return {
    businessDay: live.businessDay,
    hallName: live.settings.hall.name,
    day: { facts, assessment: scoreDay(facts.businessDay, facts.clerks, live.settings.assessment), runs },
    config: {
      services: live.services,
      clerks: live.clerks,
      counters: Object.fromEntries(counters.map((c) => [c.id, { name: c.name }])),
      timeZone: live.settings.hall.timeZone,
      rolloverHour: live.settings.hall.rolloverHour,
    },
    board: {
      asOf: live.asOf,
      waiting,
      longestWaitMs: longest,
      countersOpen: counters.filter((c) => c.status !== 'closed').length,
      services: Object.values(live.services)
        .filter((s) => s.active || perService.has(s.id))
        .map((s) => ({ serviceId: s.id, targetWaitMin: s.targetWaitMin, ...(perService.get(s.id) ?? { waiting: 0, longestWaitMs: null }) })),
    },
  }
}

export const centralLinkExtension: ExtensionFactory = async ({ hall, db, logger, central }) => {
  let shipper: Shipper | null = null
  let follower: GroupFollower | null = null
  let unsubscribe = () => {}
  const groupState = new GroupStateStore(db)
  if (central) {
    // The PostgreSQL driver loads only for a hub with --central: the others never need it.
    const [{ openClient }, { Shipper }, { GroupFollower }] = await Promise.all([import('../central/database'), import('./shipper'), import('./group-follower')])
    const connect = () => openClient(central.url, { application: `hallq-hub ${central.hallCode}`, queryTimeoutMs: 15_000, statementTimeoutMs: 15_000 })
    shipper = new Shipper({ connect, reader: new OutboxReader(db), link: central, live: () => liveSnapshot(hall), logger: logger.child({ part: 'central-link' }) })
    // HALLQ_GROUP_CONFIG_EVERY_MS: how often to check (default 3 minutes; docs/central.md).
    const everyMs = Number(process.env.HALLQ_GROUP_CONFIG_EVERY_MS) || undefined
    follower = new GroupFollower({ hall, store: groupState, hallCode: central.hallCode, connect, logger: logger.child({ part: 'group-config' }), everyMs })
    unsubscribe = hall.subscribe(() => {
      shipper!.wake()
      follower!.settingsMaybeChanged()
    })
    shipper.start()
    follower.start()
    logger.info({ hallCode: central.hallCode }, 'shipping to the centre')
  }
  const status = (): CentralLinkStatus => shipper?.status() ?? CENTRAL_LINK_OFF
  /** Without a centre: what was applied while there was one (if ever), nothing to check. */
  const groupStatus = (): GroupConfigStatus => {
    if (follower) return follower.status()
    const state = groupState.load()
    return {
      linked: false,
      follow: hall.state.settings.groupConfig.follow,
      version: state?.version ?? null,
      publishedAt: state?.publishedAt ?? null,
      publishedBy: state?.publishedBy ?? null,
      note: state?.note ?? null,
      appliedAt: state?.appliedAt ?? null,
      checkedAt: null,
      error: null,
      conflicts: [],
      fields: fieldsNow(hall, state),
    }
  }
  const queries = {
    centralLink: async (_args, creds) => {
      requireRoleOf(hall, creds, 'manager')
      return status()
    },
    groupConfig: async (_args, creds) => {
      requireRoleOf(hall, creds, 'manager')
      return groupStatus()
    },
  } satisfies HubQueries
  return {
    queries,
    routes: [
      async (app) => {
        app.get(API_PATHS.centralLink, async (request) => queries.centralLink({}, credentials(request, hall)))
        app.get(API_PATHS.groupConfig, async (request) => queries.groupConfig({}, credentials(request, hall)))
      },
    ],
    async close() {
      unsubscribe()
      await Promise.all([shipper?.stop(), follower?.stop()])
    },
  }
}
