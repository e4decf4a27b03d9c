/**
 * The hall's vocabulary: the entities every layer talks about. Times are epoch milliseconds,
 * business days are 'YYYY-MM-DD' in the hall's time zone.
 */
import { z } from 'zod'

/** A real calendar day as YYYY-MM-DD: 2026-02-30 is refused, not rolled over to March. */
export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(2000, mo - 1, d))
  date.setUTCFullYear(y)
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

export const PRIORITY_CLASSES = ['normal', 'vip', 'care', 'appointment'] as const
export type PriorityClass = (typeof PRIORITY_CLASSES)[number]

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]
/** A ticket in one of these states is finished for good (no_show can still be reactivated). */
export const CLOSED_TICKET_STATUSES: readonly TicketStatus[] = ['done', 'cancelled', 'expired']

export const TICKET_SOURCES = ['kiosk', 'counter', 'manager', 'appointment', 'web'] as const
export type TicketSource = (typeof TICKET_SOURCES)[number]

export const OUTCOMES = ['completed', 'transferred', 'pending', 'no_show', 'cancelled', 'expired'] as const
export type Outcome = (typeof OUTCOMES)[number]
/** What a clerk may choose when finishing a service. */
export const FINISH_OUTCOMES = ['completed', 'pending'] as const

export const PAUSE_REASONS = ['meal', 'training', 'backoffice', 'meeting', 'other'] as const
export type PauseReason = (typeof PAUSE_REASONS)[number]

export const ROLES = ['clerk', 'manager', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const COUNTER_STATUSES = ['closed', 'open', 'paused'] as const
export type CounterStatus = (typeof COUNTER_STATUSES)[number]

export const COMPLAINT_CATEGORIES = ['product', 'service', 'department'] as const
export const FOLLOW_UP_STATES = ['open', 'in_progress', 'closed'] as const

/** 4 非常满意, 3 满意, 2 一般, 1 不满意 */
export const SATISFACTION_SCORES = [1, 2, 3, 4] as const
export type Satisfaction = (typeof SATISFACTION_SCORES)[number]
/** Scores that ask the customer one more tap for the reason (一般, 不满意). */
export const SCORES_WITH_REASON: readonly Satisfaction[] = [1, 2]
/** Why a customer rated 一般 or 不满意: 等候太久 / 服务态度 / 业务不熟 / 问题未解决 / 其他. */
export const RATING_REASONS = ['wait', 'attitude', 'skill', 'unresolved', 'other'] as const
export type RatingReason = (typeof RATING_REASONS)[number]
/**
 * Where a rating came from — always the customer's side: an evaluator keypad on the hub, a
 * tablet paired as the counter's evaluator, the customer-facing /rating screen, or the
 * customer's own phone. The hub sets it from the credentials; a caller never chooses it.
 */
export const RATING_CHANNELS = ['keypad', 'tablet', 'screen', 'phone'] as const
export type RatingChannel = (typeof RATING_CHANNELS)[number]

export const serviceCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'service code: A-Z, 0-9, _')
export const ticketPrefixSchema = z.string().regex(/^[A-Z]{1,3}$/, 'prefix: 1-3 capital letters')
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time: HH:MM')

export const issuingWindowSchema = z
  .object({ from: hhmm, to: hhmm })
  .strict()
  .refine((w) => w.from < w.to, { message: 'from must be before to' })
export type IssuingWindow = z.infer<typeof issuingWindowSchema>

export const serviceSchema = z
  .object({
    id: serviceCodeSchema,
    prefix: ticketPrefixSchema,
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    targetWaitMin: z.number().int().min(1).max(240),
    defaultHandleMin: z.number().min(0.5).max(240),
    /** Tickets per business day; null means no cap. */
    dailyCap: z.number().int().min(1).max(9999).nullable(),
    /** Local times when tickets may be taken; empty means all day. */
    hours: z.array(issuingWindowSchema).max(6),
    /** Printed on the ticket and shown at the kiosk. */
    message: z.string().max(200),
    /** Business items a clerk records for this service (改套餐, 补换卡 …). */
    items: z.array(z.string().trim().min(1).max(30)).max(60),
    active: z.boolean(),
    sortOrder: z.number().int().min(0).max(999),
  })
  .strict()
export type Service = z.infer<typeof serviceSchema>

export const counterServiceSchema = z
  .object({
    serviceId: serviceCodeSchema,
    /** Head start in minutes this counter gives the service over its other services (see docs/call-policy.md). */
    boostMin: z.number().int().min(0).max(240),
  })
  .strict()
export type CounterService = z.infer<typeof counterServiceSchema>

export const counterConfigSchema = z
  .object({
    id: z.number().int().min(1).max(999),
    name: z.string().trim().min(1).max(30),
    services: z.array(counterServiceSchema).min(1).max(40),
    /** Address of the LED bar above this counter on its bus, if any. */
    displayAddress: z.number().int().min(0).max(255).nullable(),
    active: z.boolean(),
  })
  .strict()
export type CounterConfig = z.infer<typeof counterConfigSchema>

export interface Counter extends CounterConfig {
  status: CounterStatus
  pauseReason: PauseReason | null
  clerkId: number | null
  currentTicketId: number | null
  /** When the counter entered its current status. */
  statusSince: number | null
  /** Consecutive priority calls while normal customers waited (see docs/call-policy.md). */
  priorityRun: number
  /** The counter's open activity periods: the clerk's session, and the pause if paused. */
  sessionPeriodId: number | null
  pausePeriodId: number | null
}

export interface Clerk {
  id: number
  staffCode: string
  name: string
  role: Role
  active: boolean
  /**
   * The version (first 16 hex digits of its SHA-256) of the clerk's photo, when the administrator
   * has uploaded one; the picture itself is read with GET /api/v1/clerks/:id/photo.
   */
  photo?: string
}

/** The largest photo the hub keeps for a clerk (the settings page sends a small JPEG, 240×300). */
export const CLERK_PHOTO_MAX_BYTES = 64 * 1024
/** A photo's longest side, in pixels: the rating screen shows it a few centimetres high. */
export const CLERK_PHOTO_MAX_SIDE = 1024

export interface WaitEstimate {
  ahead: number
  /** null when no open counter serves the service. */
  minutes: number | null
}

export interface Ticket {
  id: number
  businessDay: string
  /** The service the ticket waits for now (changes on transfer). */
  serviceId: string
  /** The service the ticket was issued for; numbering belongs to it. */
  issuedServiceId: string
  seq: number
  /** Shown and called: prefix + seq, e.g. A023. */
  number: string
  priority: PriorityClass
  source: TicketSource
  status: TicketStatus
  issuedAt: number
  /** When the ticket last entered a queue (issue, transfer or reactivation). */
  queuedAt: number
  /** Position key: lower is earlier. Issue time, or a place after a no-show or transfer. */
  queueKey: number
  firstCalledAt: number | null
  callCount: number
  /** Counter holding the ticket now (called/serving) or last. */
  counterId: number | null
  /** Open service record while called/serving. */
  recordId: number | null
  /** Set when the ticket was transferred to one specific counter. */
  targetCounterId: number | null
  estimate: WaitEstimate
  endedAt: number | null
  /** A call-back phone the customer left, masked; null unless the hall collects them. */
  contact: ContactRef | null
}

/** A mobile (13812345678) or a landline with area code (010-12345678). */
export const phoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s]/g, ''))
  .pipe(z.string().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, 'a mobile or landline number'))

/**
 * What a clerk enters for a complaint. `phone` (for the follow-up) is accepted only where the
 * hall collects phone numbers; it is encrypted at once and never stored, logged or sent in clear.
 */
export const complaintSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES),
    summary: z.string().trim().min(1).max(500),
    /** Kept for older clients; the case's own status now tracks the follow-up. */
    followUp: z.enum(FOLLOW_UP_STATES).default('open'),
    /** A sub-reason from settings.complaints.reasons[category]. */
    reason: z.string().trim().max(30).default(''),
    /** The clerk complained about, when it is not about nobody in particular. */
    clerkId: z.number().int().min(1).nullable().default(null),
    phone: phoneSchema.optional(),
  })
  .strict()
export type ComplaintInput = z.input<typeof complaintSchema>

/** A stored personal contact, as staff see it: masked (138****1234). */
export interface ContactRef {
  id: number
  masked: string
}

export interface Complaint {
  category: (typeof COMPLAINT_CATEGORIES)[number]
  /** '' since complaints became cases: the text is sealed with the case (caseId). */
  summary: string
  followUp: (typeof FOLLOW_UP_STATES)[number]
  contact: ContactRef | null
  /** The complaint case this visit's complaint opened; absent before cases existed. */
  caseId?: number
}

export interface ServiceRecord {
  id: number
  ticketId: number
  businessDay: string
  serviceId: string
  counterId: number
  clerkId: number
  /** When the ticket entered the queue this visit answers. */
  queuedAt: number
  calledAt: number
  callCount: number
  startedAt: number | null
  endedAt: number | null
  outcome: Outcome | null
  items: string[]
  note: string
  complaint: Complaint | null
  transferTo: { serviceId: string; counterId: number | null } | null
  rating: Satisfaction | null
  ratedAt: number | null
  /** Null for ratings recorded before channels were kept. */
  ratingChannel: RatingChannel | null
  /** Only for 一般 and 不满意, when the customer gave one. */
  ratingReason: RatingReason | null
}

/** A stretch of time a counter was open (logged in) or paused. */
export interface ActivityPeriod {
  id: number
  businessDay: string
  counterId: number
  clerkId: number
  kind: 'open' | 'pause'
  reason: PauseReason | null
  startedAt: number
  endedAt: number | null
}

/**
 * The PC's clock was corrected back past the hall's business day (docs/decisions/027-corrected-clock.md):
 * the hall noticed, stays on `hallDay` until its next day close, and then opens the real day.
 */
export interface ClockCorrection {
  /** The hall's own time when it noticed (the hall clock, which never steps back mid-day). */
  noticedAt: number
  /** The PC's clock at that moment. */
  wallAt: number
  /** How far the hall had already recorded beyond the PC's clock, in ms. */
  aheadMs: number
  /** The business day the hall is on, used ahead of the calendar. */
  hallDay: string
  /** The business day the PC's clock says it is. */
  realDay: string
}

/** Contingency situations a manager can broadcast (突发事件). */
export const EMERGENCY_KINDS = ['outage', 'power', 'network', 'evacuation', 'crowding', 'security', 'custom'] as const
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number]

/** An incident's severity (manual ch. 11): 一般 / 较大 / 重大. */
export const INCIDENT_SEVERITIES = ['general', 'major', 'serious'] as const
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number]

/** A step taken while an incident lasts, as the manager recorded it. */
export interface IncidentAction {
  at: number
  /** The manager who recorded it. */
  by: number | null
  /** Staff text: sealed at rest, never sent to public screens. */
  note: string
}

/**
 * A broadcast emergency (突发事件) — and the incident it records (docs/decisions/028-incidents.md).
 * `reportedBy`, `assessment` and `actions` are staff text: public screens get them empty.
 */
export interface Emergency {
  kind: EmergencyKind
  /** What every display shows and the speakers say. */
  message: string
  /** Ticket issuing is paused while the emergency lasts (never during a drill). */
  pauseIssuing: boolean
  startedAt: number
  startedBy: number | null
  severity: IncidentSeverity
  /** 演练: the same broadcast, marked as a drill on every screen; issuing goes on. */
  drill: boolean
  /** Who reported it (a name, a role: 保安 李师傅). */
  reportedBy: string
  /** The assessment at the start (研判). */
  assessment: string
  actions: IncidentAction[]
}


export interface Actor {
  role: Role | 'kiosk' | 'display' | 'anonymous' | 'system'
  clerkId: number | null
  terminal: string
}
