/**
 * A hall profile: how busy a hall is hour by hour, what its customers come for and how long that
 * takes, how its staff work. Profiles are JSON files in resources/profiles/, validated here so a
 * typo in a profile is a clear message, not a strange day.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { PAUSE_REASONS, serviceCodeSchema } from '../../shared/domain'

/** resources/profiles of the project this code runs from: found upwards, as built code lives elsewhere (out/). */
function profilesDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'profiles'))) return join(dir, 'resources', 'profiles')
    if (dirname(dir) === dir) return resolve(from, '../../../resources/profiles')
  }
}
export const PROFILES_DIR = profilesDir(import.meta.dirname)
export const PROFILE_NAMES = ['small', 'city', 'flagship'] as const

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time: HH:MM')
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
const share = z.number().min(0).max(1)

/** A log-normal duration: half of the cases take less than `median`; σ is its spread. */
const logNormalSchema = z.object({ median: z.number().positive().max(600), sigma: z.number().min(0).max(2) }).strict()
export type LogNormal = z.infer<typeof logNormalSchema>

const serviceProfileSchema = z
  .object({
    /** Share of the hall's arrivals that come for this service. */
    share: z.number().positive().max(1),
    /** Handling time in minutes, from start to end of the service. */
    handleMin: logNormalSchema,
    /** Share of customers served here who are then sent on to another service (转办). */
    transfer: z.object({ share, to: z.array(serviceCodeSchema).min(1) }).strict().optional(),
    /** Share of services that end 'pending' (a follow-up is needed) instead of 'completed'. */
    pendingShare: share.default(0),
  })
  .strict()

const counterProfileSchema = z
  .object({
    /** Services in order of preference: the first is the counter's main service. */
    services: z.array(serviceCodeSchema).min(1).max(40),
    /** Head start the main service gets at this counter (docs/call-policy.md). */
    mainBoostMin: z.number().int().min(0).max(240).default(10),
  })
  .strict()
  .refine((c) => new Set(c.services).size === c.services.length, { message: 'a counter lists a service twice' })

const pauseRateSchema = z.object({ perDay: z.number().min(0).max(20), durationMin: logNormalSchema }).strict()

export const profileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    description: z.string().min(1),
    hall: z.object({ name: z.string().trim().min(1).max(40), nameEn: z.string().trim().min(1).max(60) }).strict(),
    /** When the kiosk issues tickets; the counters serve until the queue is empty. */
    hours: z.object({ open: hhmm, close: hhmm }).strict().refine((h) => h.open < h.close, { message: 'open must be before close' }),
    /** Mean arrivals in each clock hour ('08' … '20'); within the hour they are a Poisson process. */
    arrivalsPerHour: z.record(z.string().regex(/^([01]\d|2[0-3])$/, 'hour: "00"-"23"'), z.number().min(0).max(2000)),
    /** Multiplies the hourly arrivals, Monday first. */
    weekdayFactor: z.array(z.number().min(0).max(5)).length(7),
    services: z.record(serviceCodeSchema, serviceProfileSchema),
    /** Share of arrivals in each priority class; the rest are walk-ins. */
    priority: z.object({ vip: share, care: share, appointment: share }).strict(),
    customers: z
      .object({
        /** Share of customers not there when first called (过号). */
        noShowShare: share,
        /** Share of no-shows who come back and ask to be put back in the queue. */
        returnShare: share,
        returnAfterMin: logNormalSchema,
        /** From the call to the customer sitting down at the counter. */
        walkSec: logNormalSchema,
      })
      .strict(),
    ratings: z
      .object({
        /** Share of customers who press a key on the evaluator. */
        share,
        /** Relative weights of 1 不满意 … 4 非常满意. */
        scores: z.object({ '1': z.number().min(0), '2': z.number().min(0), '3': z.number().min(0), '4': z.number().min(0) }).strict(),
      })
      .strict(),
    counters: z.array(counterProfileSchema).min(1).max(999),
    staff: z
      .object({
        /** Recalls (重呼) before a clerk marks a customer who does not come as a no-show. */
        recalls: z.number().int().min(0).max(3),
        recallAfterSec: logNormalSchema,
        /** Clerks arrive this many minutes before opening, uniformly in the range. */
        arriveBeforeOpenMin: z.object({ min: z.number().min(0), max: z.number().min(0) }).strict(),
        /** From finishing one customer to calling the next. */
        wrapUpSec: logNormalSchema,
        /** Each clerk's meal break starts somewhere in this window. */
        meal: z.object({ from: hhmm, to: hhmm, durationMin: logNormalSchema }).strict(),
        /** Other pauses, by reason. */
        pauses: z.partialRecord(z.enum(PAUSE_REASONS), pauseRateSchema).default({}),
        /** Local time at which a second shift takes over every counter, or null for one shift. */
        handover: hhmm.nullable().default(null),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const total = Object.values(p.services).reduce((sum, s) => sum + s.share, 0)
    if (Math.abs(total - 1) > 0.001) ctx.addIssue({ code: 'custom', path: ['services'], message: `service shares add up to ${total.toFixed(3)}, not 1` })
    const prio = p.priority.vip + p.priority.care + p.priority.appointment
    if (prio > 0.5) ctx.addIssue({ code: 'custom', path: ['priority'], message: 'priority classes above half of all arrivals' })
    const served = new Set(p.counters.flatMap((c) => c.services))
    for (const [id, s] of Object.entries(p.services)) {
      if (!served.has(id)) ctx.addIssue({ code: 'custom', path: ['services', id], message: `no counter serves ${id}` })
      for (const to of s.transfer?.to ?? []) {
        if (!served.has(to)) ctx.addIssue({ code: 'custom', path: ['services', id, 'transfer', 'to'], message: `no counter serves ${to}` })
        if (to === id) ctx.addIssue({ code: 'custom', path: ['services', id, 'transfer', 'to'], message: 'a service cannot transfer to itself' })
      }
    }
    const open = minutesOf(p.hours.open)
    const close = minutesOf(p.hours.close)
    for (let h = Math.floor(open / 60); h * 60 < close; h++) {
      const key = String(h).padStart(2, '0')
      if (p.arrivalsPerHour[key] === undefined) ctx.addIssue({ code: 'custom', path: ['arrivalsPerHour', key], message: `no arrival rate for ${key}:00 while the hall is open` })
    }
    if (p.staff.arriveBeforeOpenMin.min > p.staff.arriveBeforeOpenMin.max) {
      ctx.addIssue({ code: 'custom', path: ['staff', 'arriveBeforeOpenMin'], message: 'min is above max' })
    }
    if (p.staff.meal.from >= p.staff.meal.to) ctx.addIssue({ code: 'custom', path: ['staff', 'meal'], message: 'from must be before to' })
    if (p.staff.handover !== null && (p.staff.handover <= p.hours.open || p.staff.handover >= p.hours.close)) {
      ctx.addIssue({ code: 'custom', path: ['staff', 'handover'], message: 'the handover must fall within the opening hours' })
    }
  })

export type Profile = z.infer<typeof profileSchema>
export type ServiceProfile = Profile['services'][string]

export class ProfileError extends Error {
  override name = 'ProfileError'
}

/** Validates a parsed profile; the message lists every problem with its path. */
export function parseProfile(raw: unknown, source = 'profile'): Profile {
  const parsed = profileSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
  throw new ProfileError(`${source} is not a valid hall profile:\n${lines.join('\n')}`)
}

/** A profile by name ('small', 'city', 'flagship') or by path to a JSON file. */
export function loadProfile(nameOrPath: string): Profile {
  const file = /^[a-z][a-z0-9-]*$/.test(nameOrPath) ? resolve(PROFILES_DIR, `${nameOrPath}.json`) : resolve(nameOrPath)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new ProfileError(`no hall profile at ${file} (built in: ${PROFILE_NAMES.join(', ')})`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ProfileError(`${file} is not JSON: ${(err as Error).message}`)
  }
  return parseProfile(raw, file)
}

export function minutesOfDay(hhmmText: string): number {
  return minutesOf(hhmmText)
}
