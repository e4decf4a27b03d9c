/**
 * 集团配置 at the hub (decision 033): a hall that follows the group configuration (营业厅设置,
 * settings.groupConfig.follow) reads the newest published version from the centre's database
 * at start and every few minutes, and applies it through its own admin commands — saveService
 * and updateSettings as the system actor named `group-config vN`, so each change is in the event
 * log and audit trail like any other settings change. Then it tells the centre what it applied
 * and which fields it keeps its own value of.
 *
 * Never on the command path: the check runs on its own timer, and when the centre cannot be
 * reached the hall carries on with what it has; the last applied version is kept in the hub's
 * own database (meta 'group_config'), so the settings page shows it offline too.
 */
import type pg from 'pg'
import type { Logger } from 'pino'
import { isAppError } from '../../shared/errors'
import {
  groupConfigSchema,
  overridesOf,
  planGroupApply,
  type GroupConfig,
  type GroupConfigStatus,
  type GroupField,
  type HallConfigReport,
} from '../../shared/group-config'
import type { Hall } from '../hall'
import type { Db } from '../store/database'

export type { GroupConfigStatus }

/** How often a following hall asks the centre for a newer version. */
export const GROUP_CONFIG_EVERY_MS = 3 * 60_000

/** What the hub keeps of the version it follows. */
export interface GroupFollowState {
  version: number
  publishedAt: number
  publishedBy: string
  note: string
  /** When this version was first applied here. */
  appliedAt: number
  config: GroupConfig
  /** The group values last applied (what the next version compares with). */
  base: Record<string, unknown>
}

const META_KEY = 'group_config'

export class GroupStateStore {
  private readonly read
  private readonly write

  constructor(db: Db) {
    this.read = db.prepare('SELECT value FROM meta WHERE key = ?').pluck()
    this.write = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  }

  load(): GroupFollowState | null {
    const state = this.raw()
    const config = groupConfigSchema.safeParse(state?.config)
    return state && config.success ? { ...state, config: config.data } : null
  }

  /**
   * The group values applied last and their version, even when the kept configuration is one this
   * hub no longer reads (an older hub after a newer one): without them every field the hall
   * changed would be taken for the group's.
   */
  applied(): Pick<GroupFollowState, 'version' | 'appliedAt' | 'base'> | null {
    return this.raw()
  }

  private raw(): GroupFollowState | null {
    const raw = this.read.get(META_KEY) as string | undefined
    return raw === undefined ? null : (JSON.parse(raw) as GroupFollowState)
  }

  save(state: GroupFollowState): void {
    this.write.run(META_KEY, JSON.stringify(state))
  }
}

/** The fields as they stand now, against the version kept (no version: none). */
export function fieldsNow(hall: Hall, state: GroupFollowState | null): GroupField[] {
  if (!state) return []
  return planGroupApply(hallNow(hall), state.config, state.base).fields
}

function hallNow(hall: Hall) {
  const s = hall.state
  return {
    services: s.services,
    assessment: s.settings.assessment,
    local: s.settings.groupConfig.local,
    issuedToday: (serviceId: string) => (s.lastSeq[serviceId] ?? 0) > 0,
  }
}

export interface FollowerOptions {
  hall: Hall
  store: GroupStateStore
  hallCode: string
  /** A connection of the follower's own (database.ts openClient), ended after each check. */
  connect: () => Promise<pg.Client>
  logger: Logger
  now?: () => number
  everyMs?: number
}

type PublishedRow = { version: number; config: unknown; note: string; published_at: number; published_by: string }

export class GroupFollower {
  private readonly now: () => number
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private checkedAt: number | null = null
  private error: string | null = null
  private conflicts: HallConfigReport['conflicts'] = []
  private follow: boolean

  constructor(private readonly o: FollowerOptions) {
    this.now = o.now ?? Date.now
    this.follow = o.hall.state.settings.groupConfig.follow
  }

  start(): void {
    void this.check()
    this.timer = setInterval(() => void this.check(), this.o.everyMs ?? GROUP_CONFIG_EVERY_MS)
    this.timer.unref?.()
  }

  /** After every commit: a hall that has just switched following on (or off) checks at once. */
  settingsMaybeChanged(): void {
    const follow = this.o.hall.state.settings.groupConfig.follow
    if (follow === this.follow) return
    this.follow = follow
    void this.check()
  }

  /** One check now (or right after the one running); resolves when it is done. Never throws. */
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.checkOnce()
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await this.running
  }

  status(): GroupConfigStatus {
    const state = this.o.store.load()
    return {
      linked: true,
      follow: this.o.hall.state.settings.groupConfig.follow,
      version: state?.version ?? null,
      publishedAt: state?.publishedAt ?? null,
      publishedBy: state?.publishedBy ?? null,
      note: state?.note ?? null,
      appliedAt: state?.appliedAt ?? null,
      checkedAt: this.checkedAt,
      error: this.error,
      conflicts: this.conflicts,
      fields: fieldsNow(this.o.hall, state),
    }
  }

  private async checkOnce(): Promise<void> {
    let client: pg.Client | null = null
    try {
      client = await this.o.connect()
      const follow = this.o.hall.state.settings.groupConfig.follow
      const ready = await client.query<{ t: string | null }>("SELECT to_regclass('group_configs')::text AS t")
      if (ready.rows[0]!.t === null) throw new Error('the centre has no group configuration yet: start the newer centre (npm run central) first')
      if (follow) {
        const r = await client.query<PublishedRow>('SELECT version, config, note, published_at, published_by FROM group_configs ORDER BY version DESC LIMIT 1')
        if (r.rows[0]) await this.apply(r.rows[0])
      }
      this.error = null
      this.checkedAt = this.now()
      await this.report(client, follow)
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
      this.o.logger.warn({ err: this.error }, 'group configuration check failed')
      // Tell the centre why, when it can still be reached.
      if (client) await this.report(client, this.o.hall.state.settings.groupConfig.follow).catch(() => {})
    } finally {
      if (client) await client.end().catch(() => {})
    }
  }

  /** Applies a version through the hall's own commands; fields the hall keeps stay its own. */
  private async apply(row: PublishedRow): Promise<void> {
    const parsed = groupConfigSchema.safeParse(row.config)
    if (!parsed.success) throw new Error(`group configuration version ${row.version} is not one this hub understands: ${parsed.error.issues[0]?.message ?? ''}`)
    const previous = this.o.store.applied()
    // Only forward: an older version read from a restored database does not undo a newer one.
    if (previous && row.version < previous.version) return
    const config = parsed.data
    const plan = planGroupApply(hallNow(this.o.hall), config, previous?.base ?? {})
    const terminal = `group-config v${row.version}`
    const conflicts: HallConfigReport['conflicts'] = []
    for (const service of plan.services) {
      try {
        await this.o.hall.executeAsSystem('saveService', { service }, terminal)
      } catch (err) {
        // E.g. a prefix one of the hall's own services uses: the rest is still applied.
        conflicts.push({ serviceId: service.id, code: isAppError(err) ? err.code : 'INTERNAL' })
      }
    }
    if (plan.assessmentPatch) await this.o.hall.executeAsSystem('updateSettings', { patch: plan.assessmentPatch }, terminal)
    this.conflicts = conflicts
    const applied = plan.services.length - conflicts.length + (plan.assessmentPatch ? 1 : 0)
    if (applied > 0 || plan.deactivated.length > 0) {
      this.o.logger.info({ version: row.version, commands: applied, deactivated: plan.deactivated, conflicts }, 'group configuration applied')
    }
    this.o.store.save({
      version: row.version,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
      note: row.note,
      appliedAt: previous?.version === row.version ? previous.appliedAt : this.now(),
      config,
      base: plan.base,
    })
  }

  private async report(client: pg.Client, follow: boolean): Promise<void> {
    const state = this.o.store.load()
    const overrides = overridesOf(fieldsNow(this.o.hall, state))
    await client.query(
      `INSERT INTO hall_config_status (hall_code, follow, version, applied_at, overrides, conflicts, error, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (hall_code) DO UPDATE SET follow = excluded.follow, version = excluded.version, applied_at = excluded.applied_at,
         overrides = excluded.overrides, conflicts = excluded.conflicts, error = excluded.error, reported_at = excluded.reported_at`,
      [this.o.hallCode, follow, state?.version ?? null, state?.appliedAt ?? null, JSON.stringify(overrides), JSON.stringify(this.conflicts), this.error, this.now()],
    )
  }
}
