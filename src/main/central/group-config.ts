/**
 * 集团配置 at the centre (decision 033): an hq-admin publishes a version of the group service
 * catalogue and assessment weights; published versions are never changed, each kept with who
 * published it and when. Validated with the hub's own schemas, so nothing is published that a
 * hub would refuse. The hubs read the newest version straight from the database and report
 * back what they applied (src/main/central-link/group-follower.ts).
 */
import { AppError } from '../../shared/errors'
import { groupConfigSchema, type GroupConfigVersion, type GroupOverride, type HallConfigStatus } from '../../shared/group-config'

export type { HallConfigStatus }
import type { Pool, Queryable } from './database'

const PUBLISH_LOCK = 'hallq-central-group-config'

type VersionRow = { version: number; config: unknown; note: string; published_at: number; published_by: string }
const versionOf = (r: VersionRow): GroupConfigVersion => ({
  version: r.version,
  config: groupConfigSchema.parse(r.config),
  note: r.note,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
})

/** The newest published version, or null before the first. */
export async function latestGroupConfig(db: Queryable): Promise<GroupConfigVersion | null> {
  const r = await db.query<VersionRow>('SELECT * FROM group_configs ORDER BY version DESC LIMIT 1')
  return r.rows[0] ? versionOf(r.rows[0]) : null
}

export async function groupConfigVersion(db: Queryable, version: number): Promise<GroupConfigVersion | null> {
  const r = await db.query<VersionRow>('SELECT * FROM group_configs WHERE version = $1', [version])
  return r.rows[0] ? versionOf(r.rows[0]) : null
}

/** Every version, newest first, without the configuration itself. */
export async function groupConfigHistory(db: Queryable): Promise<Omit<GroupConfigVersion, 'config'>[]> {
  const r = await db.query<Omit<VersionRow, 'config'>>('SELECT version, note, published_at, published_by FROM group_configs ORDER BY version DESC')
  return r.rows.map((x) => ({ version: x.version, note: x.note, publishedAt: x.published_at, publishedBy: x.published_by }))
}

/** Checks and publishes the next version; refused whole, with every wrong field listed, when invalid. */
export async function publishGroupConfig(pool: Pool, raw: unknown, note: string, by: string, now: number): Promise<GroupConfigVersion> {
  const parsed = groupConfigSchema.safeParse(raw)
  if (!parsed.success) {
    throw new AppError(
      'GROUP_CONFIG_INVALID',
      parsed.error.issues.map((i) => ({ path: ['config', ...i.path.map(String)], message: i.message })),
    )
  }
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // Two admins publishing at once get consecutive versions, never the same one.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PUBLISH_LOCK])
    const r = await client.query<VersionRow>(
      `INSERT INTO group_configs (version, config, note, published_at, published_by)
       SELECT COALESCE(max(version), 0) + 1, $1, $2, $3, $4 FROM group_configs RETURNING *`,
      [JSON.stringify(parsed.data), note, now, by],
    )
    await client.query('COMMIT')
    return versionOf(r.rows[0]!)
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** Every hall the centre knows (shipped or reported), with its last report. */
export async function hallConfigStatuses(db: Queryable): Promise<HallConfigStatus[]> {
  const r = await db.query<{
    code: string
    name: string | null
    region: string | null
    follow: boolean | null
    version: number | null
    applied_at: number | null
    overrides: GroupOverride[] | null
    conflicts: HallConfigStatus['conflicts'] | null
    error: string | null
    reported_at: number | null
  }>(
    `SELECT COALESCE(h.hall_code, s.hall_code) AS code, h.name, h.region, s.follow, s.version, s.applied_at, s.overrides, s.conflicts, s.error, s.reported_at
     FROM halls h FULL JOIN hall_config_status s ON s.hall_code = h.hall_code ORDER BY 1`,
  )
  return r.rows.map((x) => ({
    code: x.code,
    name: x.name ?? x.code,
    region: x.region ?? '',
    follow: x.follow ?? false,
    version: x.version,
    appliedAt: x.applied_at,
    overrides: x.overrides ?? [],
    conflicts: x.conflicts ?? [],
    error: x.error,
    reportedAt: x.reported_at,
  }))
}
