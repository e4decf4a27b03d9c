/**
 * 集团配置: the service catalogue and assessment weights a centre publishes for its halls, and
 * how a hall that follows it works out what to change (docs/central.md, decision 033).
 *
 * The centre validates with the hub's own schemas (serviceSchema, the settings' assessment), so
 * it cannot publish what a hub would refuse. A hall compares field by field: every service field
 * (`services.MOBILE.targetWaitMin`) and every assessment value
 * (`assessment.indicators.served.weight`) is one field, followed, overridden or kept local.
 */
import { z } from 'zod'
import { serviceSchema, type Service } from './domain'
import { assessmentSchema, type AssessmentSettings } from './settings'

/** The assessment as the group sets it: weights, switches (a weight of 0) and points; each clerk's plan stays the hall's. */
export const groupAssessmentSchema = assessmentSchema.omit({ plans: true })
export type GroupAssessment = z.infer<typeof groupAssessmentSchema>

export const groupConfigSchema = z
  .object({
    services: z
      .array(serviceSchema)
      .min(1)
      .max(200)
      .superRefine((services, ctx) => {
        const ids = new Map<string, number>()
        const prefixes = new Map<string, number>()
        services.forEach((s, i) => {
          if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `service ${s.id} is listed twice` })
          else ids.set(s.id, i)
          const other = prefixes.get(s.prefix)
          if (other !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'prefix'], message: `prefix ${s.prefix} is already used by ${services[other]!.id}` })
          else prefixes.set(s.prefix, i)
        })
      }),
    assessment: groupAssessmentSchema,
  })
  .strict()
export type GroupConfig = z.infer<typeof groupConfigSchema>

/** A published version as the centre keeps it: never changed once published. */
export interface GroupConfigVersion {
  version: number
  config: GroupConfig
  note: string
  publishedAt: number
  publishedBy: string
}

/** The service fields the group sets (all of them: a service is the hub's whole serviceSchema). */
export const SERVICE_FIELDS = ['prefix', 'nameZh', 'nameEn', 'targetWaitMin', 'defaultHandleMin', 'dailyCap', 'hours', 'message', 'items', 'active', 'sortOrder'] as const
export type ServiceField = (typeof SERVICE_FIELDS)[number]

/**
 * A field's standing in a hall that follows the group:
 * - group: the hall has the group's value;
 * - pending: it will take the group's value at the next check (not applied yet: the hall was not following);
 * - override: the hall changed it after the group's value was applied, and keeps its own;
 * - local: marked 本厅自定: the hall keeps its own whatever the group publishes;
 * - deferred: a new ticket prefix for a service that has issued tickets today, taken at the next business day.
 */
export const FIELD_STATES = ['group', 'pending', 'override', 'local', 'deferred'] as const
export type FieldState = (typeof FIELD_STATES)[number]

export interface GroupField {
  field: string
  /** The group's value. */
  group: unknown
  /** The hall's value now (null for a service the hall does not have yet). */
  local: unknown
  state: FieldState
}

/** A field the hall keeps its own value of, as the centre is told. */
export interface GroupOverride {
  field: string
  group: unknown
  local: unknown
  state: 'override' | 'local' | 'deferred'
}

/** What a hub tells the centre after each check (also the settings page's summary). */
export interface HallConfigReport {
  follow: boolean
  /** The version applied last, null before the first. */
  version: number | null
  appliedAt: number | null
  overrides: GroupOverride[]
  /** Group services the hall could not save (e.g. a prefix one of the hall's own services uses). */
  conflicts: { serviceId: string; code: string }[]
  error: string | null
}

/** A hall's last report about the group configuration, as the /hq page shows it. */
export interface HallConfigStatus {
  code: string
  name: string
  region: string
  /** False: not following (or never reported: `reportedAt` null). */
  follow: boolean
  version: number | null
  appliedAt: number | null
  overrides: GroupOverride[]
  conflicts: { serviceId: string; code: string }[]
  error: string | null
  reportedAt: number | null
}

/** The settings page's view (GET /api/v1/group-config). */
export interface GroupConfigStatus {
  /** The hub reports to a centre (--central): without it there is nothing to follow. */
  linked: boolean
  follow: boolean
  version: number | null
  publishedAt: number | null
  publishedBy: string | null
  note: string | null
  appliedAt: number | null
  /** When the hub last reached the centre to check. */
  checkedAt: number | null
  /** Why the last check failed, in the driver's words, or null. */
  error: string | null
  conflicts: HallConfigReport['conflicts']
  fields: GroupField[]
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

const assessmentFields = (a: GroupAssessment | AssessmentSettings): [string, unknown][] => [
  ...Object.entries(a.indicators).flatMap(([ind, params]) =>
    Object.entries(params as Record<string, unknown>).map(([k, v]): [string, unknown] => [`assessment.indicators.${ind}.${k}`, v]),
  ),
  ['assessment.qualitativeWeight', a.qualitativeWeight],
  ...Object.entries(a.gradePoints).map(([k, v]): [string, unknown] => [`assessment.gradePoints.${k}`, v]),
]

const serviceFields = (s: Service): [string, unknown][] => SERVICE_FIELDS.map((f) => [`services.${s.id}.${f}`, s[f]])

/** Every field of a group configuration, in the catalogue's order. */
export function groupFields(config: GroupConfig): Map<string, unknown> {
  return new Map([...config.services.flatMap(serviceFields), ...assessmentFields(config.assessment)])
}

/** The same fields as the hall has them now. */
export function hallFields(services: Record<string, Service>, assessment: AssessmentSettings): Map<string, unknown> {
  return new Map([...Object.values(services).flatMap(serviceFields), ...assessmentFields(assessment)])
}

/** `services.MOBILE.targetWaitMin` → ['MOBILE', 'targetWaitMin']; null for an assessment field. */
export function serviceFieldOf(field: string): { serviceId: string; key: ServiceField } | null {
  const m = /^services\.([A-Z][A-Z0-9_]{0,15})\.([A-Za-z]+)$/.exec(field)
  return m && (SERVICE_FIELDS as readonly string[]).includes(m[2]!) ? { serviceId: m[1]!, key: m[2] as ServiceField } : null
}

/** An assessment field as a settings patch: `assessment.indicators.served.weight`, 30 → {assessment: {indicators: {served: {weight: 30}}}}. */
export function assessmentPatch(entries: Iterable<[string, unknown]>): Record<string, unknown> | null {
  const root: Record<string, unknown> = {}
  let any = false
  for (const [field, value] of entries) {
    const path = field.split('.')
    let at = root
    for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>
    at[path.at(-1)!] = value
    any = true
  }
  return any ? root : null
}

export interface HallConfigNow {
  services: Record<string, Service>
  assessment: AssessmentSettings
  /** settings.groupConfig.local */
  local: readonly string[]
  /** Tickets of this service issued today (its prefix is on them). */
  issuedToday: (serviceId: string) => boolean
}

export interface GroupPlan {
  /** Services to save (new, changed, or deactivated), each whole. */
  services: Service[]
  /** Group services no longer published that the hall still has active: deactivated, never deleted. */
  deactivated: string[]
  /** The assessment values to change, as an updateSettings patch, or null. */
  assessmentPatch: Record<string, unknown> | null
  /** The group values this plan applies (and those the hall overrides): what later versions compare against. */
  base: Record<string, unknown>
  fields: GroupField[]
}

/**
 * What a following hall changes to take `group`, given what it applied last (`base`, the group's
 * values as they were then): a field the hall changed since (it differs from both the base and
 * the new value) or marked local stays the hall's; everything else takes the group's value.
 * A service the group no longer publishes is deactivated (its waiting tickets are still called);
 * a new prefix for a service with tickets today waits for the next business day.
 */
export function planGroupApply(hall: HallConfigNow, group: GroupConfig, base: Record<string, unknown>): GroupPlan {
  const now = hallFields(hall.services, hall.assessment)
  const local = new Set(hall.local)
  const nextBase: Record<string, unknown> = {}
  const fields: GroupField[] = []
  const targets = new Map<string, Service>()
  const assessment: [string, unknown][] = []

  for (const [field, value] of groupFields(group)) {
    const current = now.get(field)
    const svc = serviceFieldOf(field)
    const had = Object.hasOwn(base, field)
    nextBase[field] = value
    let state: FieldState
    if (current !== undefined && local.has(field)) state = 'local'
    else if (current !== undefined && had && !same(current, base[field]) && !same(current, value)) state = 'override'
    else if (svc?.key === 'prefix' && current !== undefined && !same(current, value) && hall.issuedToday(svc.serviceId)) {
      state = 'deferred'
      // Compared with the prefix in use, so that it is taken (not seen as the hall's) once the day allows.
      nextBase[field] = current
    } else {
      state = same(current, value) ? 'group' : 'pending'
      if (state === 'pending') {
        if (svc) {
          const target = targets.get(svc.serviceId) ?? { ...(hall.services[svc.serviceId] ?? group.services.find((s) => s.id === svc.serviceId)!) }
          ;(target as Record<string, unknown>)[svc.key] = value
          targets.set(svc.serviceId, target)
        } else assessment.push([field, value])
      }
    }
    fields.push({ field, group: value, local: current ?? null, state })
  }

  // A new service is saved whole, even when some of its fields are local elsewhere.
  for (const s of group.services) if (!hall.services[s.id] && !targets.has(s.id)) targets.set(s.id, { ...s })

  const deactivated: string[] = []
  const published = new Set(group.services.map((s) => s.id))
  for (const field of Object.keys(base)) {
    const svc = serviceFieldOf(field)
    if (svc?.key !== 'active' || published.has(svc.serviceId)) continue
    const s = hall.services[svc.serviceId]
    // Only a service the hall still follows: one it switched on again itself, or marked local, stays.
    if (!s || !s.active || local.has(field) || !same(s.active, base[field])) continue
    targets.set(s.id, { ...s, active: false })
    deactivated.push(s.id)
  }

  const changed = [...targets.values()].filter((t) => !same(t, hall.services[t.id]))
  return { services: changed, deactivated, assessmentPatch: assessmentPatch(assessment), base: nextBase, fields }
}

/** The fields a hall keeps its own value of, as the centre shows them. */
export function overridesOf(fields: readonly GroupField[]): GroupOverride[] {
  return fields.filter((f): f is GroupField & { state: GroupOverride['state'] } => f.state === 'override' || f.state === 'local' || f.state === 'deferred')
    .map(({ field, group, local, state }) => ({ field, group, local, state }))
}
