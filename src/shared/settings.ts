/**
 * Hall settings: one schema with defaults (DEFAULT_SETTINGS = schema.parse({})), stored in
 * SQLite so every terminal sees the same hall, changed only through the updateSettings command.
 */
import { z } from 'zod'
import { devicesSettingsSchema } from './devices'
import { isKnownTimeZone } from './zone-time'

const priorityBoostSchema = z
  .object({
    vip: z.number().int().min(0).max(240).default(20),
    care: z.number().int().min(0).max(240).default(30),
    appointment: z.number().int().min(0).max(240).default(15),
  })
  .strict()

/** What the voice template may say. */
export const VOICE_PLACEHOLDERS = ['number', 'counter'] as const

export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((name) => !known.includes(name))
}

const weight = (value: number) => z.number().int().min(0).max(100).default(value)

/** What a plan counts: customers served, or business items recorded (办理业务笔数). */
export const PLAN_MEASURES = ['served', 'items'] as const
export type PlanMeasure = (typeof PLAN_MEASURES)[number]
/** A plan's target is per business day or per calendar month. */
export const PLAN_PERIODS = ['day', 'month'] as const
export type PlanPeriod = (typeof PLAN_PERIODS)[number]

export const clerkPlanSchema = z
  .object({
    clerkId: z.number().int().min(1),
    measure: z.enum(PLAN_MEASURES),
    per: z.enum(PLAN_PERIODS),
    target: z.number().int().min(1).max(100_000),
  })
  .strict()
export type ClerkPlan = z.infer<typeof clerkPlanSchema>

/**
 * The daily assessment (日终考核): each indicator scores a clerk 0–100 from the day's figures;
 * the quantitative score is the weighted mean of the indicators that apply. The manager's
 * grade is worth `qualitativeWeight` percent of the combined result. docs/metrics.md.
 */
export const assessmentSchema = z
  .object({
    indicators: z
      .object({
        /** Customers served; `target` or more scores 100. */
        served: z.object({ weight: weight(20), target: z.number().int().min(1).max(1000).default(40) }).strict().prefault({}),
        /** Handling time against the services' standard (defaultHandleMin): at or under it 100, at `zeroAtRatio` times it 0. */
        handling: z.object({ weight: weight(20), zeroAtRatio: z.number().min(1.1).max(10).default(2) }).strict().prefault({}),
        /** Share of responses 满意 or 非常满意. */
        satisfaction: z.object({ weight: weight(25) }).strict().prefault({}),
        /** Share of no-shows marked only after the customer was called at least `minCalls` times. */
        noShow: z.object({ weight: weight(10), minCalls: z.number().int().min(1).max(10).default(2) }).strict().prefault({}),
        /** Share of complaints taken whose follow-up is closed. */
        complaints: z.object({ weight: weight(10) }).strict().prefault({}),
        /** Serving time / logged-in time; `target` or more scores 100. */
        utilisation: z.object({ weight: weight(15), target: z.number().min(0.05).max(1).default(0.7) }).strict().prefault({}),
        /** 工作质量合格率: share of the clerk's spot-checked visits (质检) that passed. */
        quality: z.object({ weight: weight(10) }).strict().prefault({}),
        /** 工作计划完成率: served or business items against the clerk's plan (`plans`). */
        plan: z.object({ weight: weight(10) }).strict().prefault({}),
        /** 团队协作: the manager's mark given with the grade, worth its `gradePoints`. */
        teamwork: z.object({ weight: weight(10) }).strict().prefault({}),
      })
      .strict()
      .prefault({})
      .refine((i) => Object.values(i).some((x) => x.weight > 0), { message: 'at least one indicator needs a weight above 0' }),
    /** Percent of the combined result that is the manager's grade. */
    qualitativeWeight: z.number().int().min(0).max(100).default(20),
    /** Points of each grade (优秀 / 良好 / 一般). */
    gradePoints: z
      .object({
        excellent: z.number().int().min(0).max(100).default(100),
        good: z.number().int().min(0).max(100).default(80),
        fair: z.number().int().min(0).max(100).default(60),
      })
      .strict()
      .prefault({}),
    /** Each clerk's work plan (工作计划), set by the manager with setClerkPlan: one per clerk. */
    plans: z
      .array(clerkPlanSchema)
      .max(1000)
      .default([])
      .refine((plans) => new Set(plans.map((p) => p.clerkId)).size === plans.length, { message: 'one plan per clerk' }),
  })
  .strict()

export type AssessmentSettings = z.infer<typeof assessmentSchema>
export const INDICATORS = ['served', 'handling', 'satisfaction', 'noShow', 'complaints', 'utilisation', 'quality', 'plan', 'teamwork'] as const
export type Indicator = (typeof INDICATORS)[number]

/** An IPv4 network as address/prefix, e.g. 10.20.0.0/24. */
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/

export const phoneSettingsSchema = z
  .object({
    /**
     * The hub's address as a phone on the hall's guest Wi-Fi opens it (http://10.20.0.1:8080).
     * The ticket's QR and issueTicket's phoneUrl point here; empty: no phone link.
     */
    guestUrl: z
      .string()
      .trim()
      .max(100)
      .default('')
      .refine((u) => u === '' || /^https?:\/\/[\w.-]+(:\d{1,5})?\/?$/.test(u), { message: 'an address like http://10.20.0.1:8080 (no path)' }),
    /** The guest Wi-Fi's name, printed beside the QR so the customer joins the right network. */
    wifiName: z.string().trim().max(32).default(''),
    /** Guest networks (address/prefix): requests from them reach only the phone page. */
    guestNetworks: z.array(z.string().trim().regex(IPV4_CIDR, 'a network like 10.20.0.0/24')).max(8).default([]),
    /** After the visit the phone page offers the 4-point rating (once per visit). */
    rating: z.boolean().default(true),
  })
  .strict()
export type PhoneSettings = z.infer<typeof phoneSettingsSchema>

const complaintDeadlineSchema = z
  .object({
    /** Hours from receipt to the first contact (the case moves to 处理中), counted on working days only (hall.calendar). */
    firstContactHours: z.number().int().min(1).max(720).default(24),
    /** Working days after the day of receipt; due when the last of them ends (hall.calendar). */
    closeDays: z.number().int().min(1).max(90).default(5),
  })
  .strict()
const reasonList = z.array(z.string().trim().min(1).max(30)).max(30)

export const complaintSettingsSchema = z
  .object({
    /** Sub-reasons the administrator keeps per category (产品 / 服务 / 部门). */
    reasons: z
      .object({
        product: reasonList.default(['资费争议', '网络质量', '产品功能']),
        service: reasonList.default(['服务态度', '办理差错', '等候时间', '承诺未兑现']),
        department: reasonList.default(['装维', '计费', '渠道']),
      })
      .strict()
      .prefault({}),
    /** Responsible departments a case can be sent to. */
    departments: reasonList.default(['营业厅', '装维中心', '计费中心', '网络部']),
    deadlines: z
      .object({
        product: complaintDeadlineSchema.prefault({}),
        service: complaintDeadlineSchema.prefault({}),
        department: complaintDeadlineSchema.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
export type ComplaintSettings = z.infer<typeof complaintSettingsSchema>

/** A date as YYYY-MM-DD that is on the calendar (no 2026-02-30). */
const calendarDate = z
  .string()
  .trim()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isCalendarDate(d), { message: 'date: YYYY-MM-DD' })
const noRepeats = (list: readonly unknown[]) => new Set(list).size === list.length

/**
 * The hall's working calendar (工作日历): the business days that count for deadlines (complaint
 * cases, docs/metrics.md). Monday to Friday by default: the back office that complaints are sent
 * to works office days, even where the hall opens at weekends (docs/decisions/030-complaint-deadlines-in-working-days.md).
 */
export const workingCalendarSchema = z
  .object({
    /** ISO weekdays: 1 Monday … 7 Sunday. */
    workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]).refine(noRepeats, { message: 'a date or weekday is listed twice' }),
    /** Public holidays (法定节假日): not worked, whatever their weekday. */
    holidays: z.array(calendarDate).max(400).default([]).refine(noRepeats, { message: 'a date or weekday is listed twice' }),
    /** Make-up working days (调休): worked, whatever their weekday. */
    makeUpWorkdays: z.array(calendarDate).max(100).default([]).refine(noRepeats, { message: 'a date or weekday is listed twice' }),
  })
  .strict()
  .refine((c) => !c.makeUpWorkdays.some((d) => c.holidays.includes(d)), { message: 'a date cannot be both a holiday and a make-up working day', path: ['makeUpWorkdays'] })
export type WorkingCalendarSettings = z.infer<typeof workingCalendarSchema>

export const settingsSchema = z
  .object({
    hall: z
      .object({
        name: z.string().trim().min(1).max(40).default('中国电信营业厅'),
        nameEn: z.string().trim().min(1).max(60).default('Telecom Service Hall'),
        /** IANA zone the business day and issuing hours follow. */
        timeZone: z
          .string()
          .default('Asia/Shanghai')
          .refine((tz) => isTimeZone(tz), { message: 'unknown time zone' }),
        /** Local hour at which one business day ends and the next begins. */
        rolloverHour: z.number().int().min(0).max(23).default(4),
        /** Which business days are working days (deadlines count only these). */
        calendar: workingCalendarSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        /** Head start in minutes each priority class gets over a walk-in (docs/call-policy.md). */
        priorityBoostMin: priorityBoostSchema.prefault({}),
        /** At most this many priority calls in a row at a counter while walk-ins wait (2 = 2:1). */
        priorityRunLimit: z.number().int().min(1).max(20).default(2),
        /** A reactivated no-show goes back this many places behind the head of its queue (过号顺延). */
        requeuePlaces: z.number().int().min(0).max(100).default(3),
        recallLimit: z.number().int().min(1).max(10).default(3),
        /** What the ticket tells a customer who misses the call. */
        missedCallRule: z.enum(['requeue', 'reissue']).default('requeue'),
      })
      .strict()
      .prefault({}),
    issuing: z
      .object({
        paused: z.boolean().default(false),
        pausedMessage: z.string().max(200).default(''),
        /**
         * Tickets one paired terminal (a kiosk) may take per minute, all at once or spread out;
         * beyond it the hub answers 429 ISSUING_TOO_FAST. The hub PC's own screens are not held.
         */
        perTerminalPerMinute: z.number().int().min(1).max(600).default(20),
      })
      .strict()
      .prefault({}),
    display: z
      .object({
        notice: z.string().max(500).default(''),
        /** Spoken and shown for every call; {number} and {counter} are filled in. */
        voiceTemplate: z
          .string()
          .min(1)
          .max(200)
          .default('请 {number} 号 到 {counter} 号窗口办理')
          .refine((t) => t.includes('{number}') && unknownPlaceholders(t, VOICE_PLACEHOLDERS).length === 0, {
            message: `voice template: must say {number}; may use ${VOICE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
          }),
        voiceRepeat: z.number().int().min(1).max(3).default(2),
      })
      .strict()
      .prefault({}),
    assessment: assessmentSchema.prefault({}),
    /**
     * 集团配置: whether this hall follows the group configuration its centre publishes
     * (docs/central.md), and the fields it keeps as its own whatever the group publishes.
     */
    groupConfig: z
      .object({
        follow: z.boolean().default(false),
        /** Field paths (src/shared/group-config.ts) marked 本厅自定. */
        local: z
          .array(z.string().regex(/^(services\.[A-Z][A-Z0-9_]{0,15}|assessment)\.[A-Za-z0-9.]{1,80}$/, 'a group configuration field'))
          .max(2000)
          .default([])
          .refine((l) => new Set(l).size === l.length, { message: 'a field is listed twice' }),
      })
      .strict()
      .prefault({}),
    security: z
      .object({
        /** Wrong PINs in a row for one staff code before it is locked for a while. */
        pinMaxAttempts: z.number().int().min(3).max(20).default(5),
        pinLockMinutes: z.number().int().min(1).max(1440).default(5),
        /**
         * Requests from the hub PC itself (127.0.0.1, ::1) act as a manager terminal without
         * pairing, so the hub's own screens work out of the box. Every other address must pair.
         */
        trustLoopback: z.boolean().default(true),
        /**
         * Further names the hub is reached by (a DNS name on the LAN, a guest Wi-Fi address):
         * requests for any other Host are refused. Its own addresses and `localhost` need no entry.
         */
        hostNames: z
          .array(z.string().trim().toLowerCase().min(1).max(253).regex(/^[a-z0-9.:-]+$/, 'a host name or address, without port'))
          .max(20)
          .default([]),
      })
      .strict()
      .prefault({}),
    privacy: z
      .object({
        /** Off by default: a queue ticket needs no personal data (PIPL minimisation). */
        collectPhone: z.boolean().default(false),
        /** Phone numbers are deleted this many days after they were taken. */
        retentionDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .prefault({}),
    backup: z
      .object({
        /** Daily backups older than this many days are deleted. */
        keepDays: z.number().int().min(1).max(365).default(14),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Alert the manager when more people than this wait in the hall. */
        waitingCount: z.number().int().min(1).max(10000).default(40),
        /** Alert the manager when more people than this wait for one service. */
        serviceWaitingCount: z.number().int().min(1).max(10000).default(15),
        /** Warn (before the alert) when a service's longest wait reaches this share of its target. */
        waitWarnPercent: z.number().int().min(10).max(100).default(80),
        /** Alert the manager when an open counter has called nobody for this many minutes while people wait for its services. */
        idleCounterMin: z.number().int().min(1).max(120).default(3),
      })
      .strict()
      .prefault({}),
    emergency: z
      .object({
        /**
         * While an emergency broadcast lasts, the displays say it again this often (minutes),
         * counted from its start so every display in the hall speaks at the same moment; 0: only once.
         */
        announceEveryMin: z.number().int().min(0).max(60).default(2),
      })
      .strict()
      .prefault({}),
    /** Complaint cases (投诉工单): sub-reasons per category, the departments cases go to, deadlines. */
    complaints: complaintSettingsSchema.prefault({}),
    /** The customer's phone: the ticket's QR opens the ticket's live page on the hall's guest Wi-Fi (docs/deployment.md). */
    phone: phoneSettingsSchema.prefault({}),
    /** Serial peripherals and the printed ticket (src/shared/devices.ts, docs/devices.md). */
    devices: devicesSettingsSchema.prefault({}),
  })
  .strict()

export type HallSettings = z.infer<typeof settingsSchema>
export type SettingsInput = z.input<typeof settingsSchema>

export const DEFAULT_SETTINGS: HallSettings = settingsSchema.parse({})

function isCalendarDate(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return y >= 1970 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function isTimeZone(tz: string): boolean {
  return isKnownTimeZone(tz)
}

type Plain = Record<string, unknown>
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Merges a partial patch into settings; the result still has to pass settingsSchema. */
export function mergeSettings(base: HallSettings, patch: unknown): unknown {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isPlain(a) || !isPlain(b)) return b === undefined ? a : b
    const out: Plain = { ...a }
    // defineProperty, not assignment: a '__proto__' key in the patch must stay a plain key
    // (and then fail the strict schema) instead of replacing the prototype.
    for (const [k, v] of Object.entries(b)) {
      Object.defineProperty(out, k, { value: merge(Object.hasOwn(a, k) ? a[k] : undefined, v), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return merge(base, patch)
}
