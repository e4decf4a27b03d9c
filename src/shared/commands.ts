/**
 * The command contract: every command a screen, a terminal or a script can send, its payload
 * schema, who may send it and what it answers. Both transports (HTTP and Electron IPC) end
 * in the same dispatcher, which validates against these schemas before anything else.
 */
import { z } from 'zod'
import {
  EMERGENCY_KINDS,
  INCIDENT_SEVERITIES,
  FINISH_OUTCOMES,
  PAUSE_REASONS,
  PRIORITY_CLASSES,
  ROLES,
  RATING_REASONS,
  SATISFACTION_SCORES,
  SCORES_WITH_REASON,
  TICKET_SOURCES,
  complaintSchema,
  isCalendarDay,
  counterConfigSchema,
  phoneSchema,
  serviceCodeSchema,
  serviceSchema,
  type Clerk,
  type Counter,
  type Emergency,
  type Service,
  type ServiceRecord,
  type Ticket,
} from './domain'
import { PLAN_MEASURES, PLAN_PERIODS, type ClerkPlan, type HallSettings } from './settings'
import { complaintCommandSchemas, type ComplaintCase } from './complaints'
import { ASSESSMENT_GRADES, ASSESSMENT_PERIODS, CHECK_REASONS, CHECK_RESULTS, FOLLOW_UP_KINDS, type ClerkGrade, type FollowUp, type VisitCheck } from './reports'
import { TERMINAL_ROLES, type Terminal } from './terminals'

const counterId = z.number().int().min(1).max(999)
const ticketNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,3}\d{3,7}$/, 'ticket number like A023 (three digits or more)')
const items = z.array(z.string().trim().min(1).max(30)).max(30)
const note = z.string().max(1000)
const pin = z.string().regex(/^\d{4,12}$/, 'PIN: 4-12 digits')
const businessDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'business day as YYYY-MM-DD').refine(isCalendarDay, 'not a calendar day')
const staffCode = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9_-]+$/, 'staff code: letters, digits, - _')

export const commandSchemas = {
  issueTicket: z
    .object({
      serviceId: serviceCodeSchema,
      priority: z.enum(PRIORITY_CLASSES).default('normal'),
      source: z.enum(TICKET_SOURCES).default('kiosk'),
      /** Only where the hall collects phone numbers (settings.privacy.collectPhone). */
      callbackPhone: phoneSchema.optional(),
    })
    .strict(),
  login: z.object({ staffCode, pin }).strict(),
  logout: z.object({}).strict(),
  openCounter: z.object({ counterId }).strict(),
  closeCounter: z.object({ counterId }).strict(),
  callNext: z.object({ counterId }).strict(),
  callTicket: z.object({ counterId, number: ticketNumber }).strict(),
  recall: z.object({ counterId }).strict(),
  startService: z.object({ counterId }).strict(),
  finishService: z
    .object({
      counterId,
      outcome: z.enum(FINISH_OUTCOMES).default('completed'),
      items: items.default([]),
      note: note.default(''),
      complaint: complaintSchema.nullable().default(null),
    })
    .strict(),
  noShow: z.object({ counterId }).strict(),
  reactivate: z.object({ number: ticketNumber }).strict(),
  cancelTicket: z.object({ number: ticketNumber }).strict(),
  transfer: z
    .object({
      counterId,
      toServiceId: serviceCodeSchema.optional(),
      toCounterId: counterId.optional(),
      items: items.default([]),
      note: note.default(''),
    })
    .strict()
    .refine((t) => t.toServiceId !== undefined || t.toCounterId !== undefined, {
      message: 'transfer needs toServiceId or toCounterId',
    }),
  pauseCounter: z.object({ counterId, reason: z.enum(PAUSE_REASONS) }).strict(),
  resumeCounter: z.object({ counterId }).strict(),
  rateService: z
    .object({
      recordId: z.number().int().min(1),
      score: z.union(SATISFACTION_SCORES.map((s) => z.literal(s))),
      /** Only with 一般 (2) or 不满意 (1): the customer's one more tap. */
      reason: z.enum(RATING_REASONS).optional(),
    })
    .strict()
    .refine((r) => r.reason === undefined || SCORES_WITH_REASON.includes(r.score), { message: 'a reason goes only with 一般 or 不满意', path: ['reason'] }),
  setNotice: z.object({ notice: z.string().max(500) }).strict(),
  closeDay: z.object({}).strict(),
  startEmergency: z
    .object({
      kind: z.enum(EMERGENCY_KINDS),
      /** Empty: the preset sentence for the kind (src/shared/emergency.ts). */
      message: z.string().trim().max(200).default(''),
      /** Default: paused, except in a drill (a drill never pauses issuing). */
      pauseIssuing: z.boolean().optional(),
      severity: z.enum(INCIDENT_SEVERITIES).default('general'),
      drill: z.boolean().default(false),
      reportedBy: z.string().trim().max(50).default(''),
      assessment: z.string().trim().max(1000).default(''),
    })
    .strict(),
  addIncidentAction: z.object({ note: z.string().trim().min(1).max(500) }).strict(),
  endEmergency: z.object({ note: z.string().trim().max(1000).default('') }).strict(),
  saveService: z.object({ service: serviceSchema }).strict(),
  saveCounter: z.object({ counter: counterConfigSchema }).strict(),
  saveClerk: z
    .object({
      id: z.number().int().min(1).optional(),
      staffCode,
      name: z.string().trim().min(1).max(30),
      role: z.enum(ROLES),
      active: z.boolean(),
      pin: pin.optional(),
    })
    .strict(),
  gradeClerk: z
    .object({
      businessDay,
      clerkId: z.number().int().min(1),
      grade: z.enum(ASSESSMENT_GRADES),
      /** 团队协作, the qualitative mark given with the grade; null: not marked. */
      teamwork: z.enum(ASSESSMENT_GRADES).nullable().default(null),
      comment: z.string().trim().max(500).default(''),
    })
    .strict(),
  /** 质检: the manager marks a served visit pass or fail (a fail with its reason). */
  checkVisit: z
    .object({
      recordId: z.number().int().min(1),
      result: z.enum(CHECK_RESULTS),
      reason: z.enum(CHECK_REASONS).nullable().default(null),
      note: z.string().trim().max(300).default(''),
    })
    .strict()
    .refine((c) => (c.result === 'fail') === (c.reason !== null), { message: 'a fail needs a reason; a pass takes none', path: ['reason'] }),
  /** A clerk's work plan (工作计划); null removes it. */
  setClerkPlan: z
    .object({
      clerkId: z.number().int().min(1),
      plan: z
        .object({ measure: z.enum(PLAN_MEASURES), per: z.enum(PLAN_PERIODS), target: z.number().int().min(1).max(100_000) })
        .strict()
        .nullable(),
    })
    .strict(),
  /** 激励与约束: the manager's follow-up to a clerk's result of a day, week or month (any day of it). */
  recordFollowUp: z
    .object({
      clerkId: z.number().int().min(1),
      period: z.enum(ASSESSMENT_PERIODS),
      day: businessDay,
      kind: z.enum(FOLLOW_UP_KINDS),
      note: z.string().trim().max(500).default(''),
    })
    .strict(),
  /**
   * A clerk's photo for the rating screen, as base64 (the settings page sends a small JPEG it made
   * on a canvas). The hub checks it is a JPEG or PNG no larger than CLERK_PHOTO_MAX_BYTES.
   */
  setClerkPhoto: z
    .object({
      clerkId: z.number().int().min(1),
      // Bounded by the request size only: a larger picture is refused by the hall as PHOTO_TOO_LARGE, by name.
      image: z.string().max(1_500_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
    })
    .strict(),
  removeClerkPhoto: z.object({ clerkId: z.number().int().min(1) }).strict(),
  resetClerkPin: z.object({ clerkId: z.number().int().min(1), pin }).strict(),
  /** Lifts the lock wrong PINs put on a clerk's staff code. */
  unlockClerk: z.object({ clerkId: z.number().int().min(1) }).strict(),
  createPairingCode: z
    .object({
      name: z.string().trim().min(1).max(30),
      role: z.enum(TERMINAL_ROLES),
      /** Required for counter and evaluator terminals. */
      counterId: counterId.optional(),
    })
    .strict()
    .refine((p) => (p.role === 'counter' || p.role === 'evaluator') === (p.counterId !== undefined), {
      message: 'counter and evaluator terminals need a counterId; others take none',
    }),
  pairTerminal: z.object({ code: z.string().trim().toUpperCase().regex(/^[A-Z2-9]{4}-?[A-Z2-9]{4}$/, 'code like ABCD-EFGH') }).strict(),
  revokeTerminal: z.object({ terminalId: z.number().int().min(1) }).strict(),
  revealContact: z.object({ contactId: z.number().int().min(1) }).strict(),
  updateSettings: z.object({ patch: z.custom<Record<string, unknown>>(isSettingsPatch, 'a partial settings object') }).strict(),
  ...complaintCommandSchemas,
} as const

/**
 * Keys are checked on the raw input, before anything is merged: a '__proto__' or
 * 'constructor' key is refused rather than silently dropped.
 */
function isSettingsPatch(value: unknown): value is Record<string, unknown> {
  const ok = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.every(ok)
    if (typeof v !== 'object' || v === null) return true
    return Object.entries(v).every(([k, x]) => /^[a-z][A-Za-z0-9]*$/.test(k) && k !== 'constructor' && ok(x))
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ok(value)
}

export type CommandName = keyof typeof commandSchemas
export type CommandInput<N extends CommandName> = z.input<(typeof commandSchemas)[N]>
export type CommandPayload<N extends CommandName> = z.output<(typeof commandSchemas)[N]>

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[]

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name)
}

/**
 * Who may send a command. 'public': anyone who can reach the hall (the kiosk); 'staff': a
 * logged-in clerk, manager or admin (counter commands also check the counter is theirs);
 * 'manager' and 'admin': that role or above.
 */
export type Access = 'public' | 'staff' | 'manager' | 'admin'

export const COMMAND_ACCESS: Record<CommandName, Access> = {
  issueTicket: 'public',
  login: 'public',
  logout: 'staff',
  openCounter: 'staff',
  closeCounter: 'staff',
  callNext: 'staff',
  callTicket: 'staff',
  recall: 'staff',
  startService: 'staff',
  finishService: 'staff',
  noShow: 'staff',
  reactivate: 'staff',
  cancelTicket: 'staff',
  transfer: 'staff',
  pauseCounter: 'staff',
  resumeCounter: 'staff',
  /** Only from the customer's side; the hub checks where it comes from (Hall.execute). */
  rateService: 'public',
  setNotice: 'manager',
  closeDay: 'manager',
  startEmergency: 'manager',
  addIncidentAction: 'manager',
  endEmergency: 'manager',
  saveService: 'admin',
  saveCounter: 'admin',
  saveClerk: 'admin',
  updateSettings: 'admin',
  gradeClerk: 'manager',
  checkVisit: 'manager',
  setClerkPlan: 'manager',
  recordFollowUp: 'manager',
  setClerkPhoto: 'admin',
  removeClerkPhoto: 'admin',
  resetClerkPin: 'admin',
  unlockClerk: 'manager',
  createPairingCode: 'manager',
  pairTerminal: 'public',
  revokeTerminal: 'admin',
  revealContact: 'manager',
  /** A clerk takes complaints at the counter; the other channels, and any case, are for a manager (Hall checks the case). */
  takeComplaint: 'staff',
  updateComplaint: 'staff',
  closeComplaint: 'staff',
  reopenComplaint: 'manager',
  cancelComplaint: 'staff',
}

export interface TicketAtCounter {
  ticket: Ticket
  record: ServiceRecord
  counter: Counter
}

export interface CommandResults {
  /** phoneUrl: the ticket's phone page (also its QR), null when the hall has no guest address or on a replay. */
  issueTicket: { ticket: Ticket; service: Service; phoneUrl: string | null }
  login: { token: string; clerk: Clerk }
  logout: { ok: true }
  openCounter: { counter: Counter }
  closeCounter: { counter: Counter }
  callNext: TicketAtCounter
  callTicket: TicketAtCounter
  recall: TicketAtCounter
  startService: TicketAtCounter
  finishService: TicketAtCounter
  noShow: TicketAtCounter
  reactivate: { ticket: Ticket }
  cancelTicket: { ticket: Ticket }
  transfer: TicketAtCounter
  pauseCounter: { counter: Counter }
  resumeCounter: { counter: Counter }
  rateService: { record: ServiceRecord }
  setNotice: { settings: HallSettings }
  closeDay: { businessDay: string; nextBusinessDay: string; expired: number }
  startEmergency: { emergency: Emergency }
  addIncidentAction: { emergency: Emergency }
  endEmergency: { ok: true }
  saveService: { service: Service }
  saveCounter: { counter: Counter }
  saveClerk: { clerk: Clerk }
  updateSettings: { settings: HallSettings }
  gradeClerk: { grade: ClerkGrade }
  checkVisit: { check: VisitCheck }
  /** The clerk's plan as now in force (null: none). */
  setClerkPlan: { plan: ClerkPlan | null }
  recordFollowUp: { followUp: FollowUp }
  setClerkPhoto: { clerk: Clerk }
  removeClerkPhoto: { clerk: Clerk }
  resetClerkPin: { clerk: Clerk }
  unlockClerk: { clerk: Clerk }
  createPairingCode: { code: string; expiresAt: number; name: string; role: Terminal['role']; counterId: number | null }
  /** Over TLS the terminal pins this certificate (PEM) and fingerprint for every later call. */
  pairTerminal: { token: string; terminal: Terminal; tlsFingerprint: string | null; tlsCertificate: string | null }
  revokeTerminal: { terminal: Terminal }
  revealContact: { contactId: number; phone: string }
  /** The case's facts; its text is read back with GET /api/v1/complaints/:id. */
  takeComplaint: { complaint: ComplaintCase }
  updateComplaint: { complaint: ComplaintCase }
  closeComplaint: { complaint: ComplaintCase }
  reopenComplaint: { complaint: ComplaintCase }
  cancelComplaint: { complaint: ComplaintCase }
}

export type CommandResult<N extends CommandName> = CommandResults[N]
