/**
 * Complaint cases (投诉工单, manual ch. 5): receipt, classification, handling, callback, closure.
 * A case's facts (who, when, which status) travel in events and the log; its free text — the
 * summary, each step's remark, the agreed solution, the customer's words at the callback — is
 * personal data, sealed at rest and never in an event, the log or the stream
 * (docs/decisions/023-complaint-cases.md).
 */
import { z } from 'zod'
import { COMPLAINT_CATEGORIES, serviceCodeSchema } from './domain'

/** 柜台 / 电话 / 信函 / 网上 / 现场 */
export const COMPLAINT_CHANNELS = ['counter', 'phone', 'letter', 'online', 'onsite'] as const
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number]
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]

/** 受理 → 处理中 → 待回访 → 已办结, or 已撤销. */
export const COMPLAINT_STATUSES = ['received', 'handling', 'callback', 'closed', 'cancelled'] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]
export const OPEN_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['received', 'handling', 'callback']

/** The customer's word at the callback: 满意 / 基本满意 / 不满意. */
export const COMPLAINT_CONFIRMATIONS = ['satisfied', 'partly', 'dissatisfied'] as const
export type ComplaintConfirmation = (typeof COMPLAINT_CONFIRMATIONS)[number]

/** What a step did, for the case's history. */
export const COMPLAINT_ACTIONS = ['take', 'update', 'close', 'reopen', 'cancel'] as const
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number]

/** A case's facts: everything but its text. This is what events, the log and the list carry. */
export interface ComplaintCase {
  id: number
  /** The business day it was taken. */
  businessDay: string
  channel: ComplaintChannel
  category: ComplaintCategory
  /** A sub-reason from settings.complaints.reasons[category]; '' when none was chosen. */
  reason: string
  /** The service complained about, if any. */
  serviceId: string | null
  /** The clerk complained about, if any: this clerk may not close the case. */
  clerkId: number | null
  /** The visit it was taken during (the counter), if any. */
  ticketId: number | null
  recordId: number | null
  /** Who took it (null: the system). */
  takenBy: number | null
  takenAt: number
  ownerId: number | null
  department: string
  status: ComplaintStatus
  firstContactDueAt: number
  closeDueAt: number
  /** When it first moved to 处理中: the customer's complaint and demand confirmed with them. */
  firstContactAt: number | null
  /** An agreed solution is on file (its text is sealed). */
  hasSolution: boolean
  confirmation: ComplaintConfirmation | null
  closedAt: number | null
  /** Closed by (never the clerk complained about). */
  closedBy: number | null
  cancelledAt: number | null
  /** Times it was reopened after being closed. */
  reopened: number
  updatedAt: number
}

/** The facts a step changes; the event carries the new values. */
export type ComplaintChanges = Partial<
  Pick<
    ComplaintCase,
    | 'category'
    | 'reason'
    | 'serviceId'
    | 'clerkId'
    | 'ownerId'
    | 'department'
    | 'status'
    | 'firstContactAt'
    | 'hasSolution'
    | 'confirmation'
    | 'closedAt'
    | 'closedBy'
    | 'cancelledAt'
    | 'reopened'
    | 'closeDueAt'
  >
>

/** One step of a case's history, as handling staff see it (the remark decrypted). */
export interface ComplaintStep {
  n: number
  at: number
  action: ComplaintAction
  by: number | null
  /** Where it was done (the audit log's terminal label). */
  terminal: string
  changes: ComplaintChanges
  remark: string
}

/** A case with its text and history: only for staff who handle complaints. */
export interface ComplaintDetail {
  complaint: ComplaintCase
  summary: string
  solution: string
  confirmationNote: string
  steps: ComplaintStep[]
  /** The text is gone: deleted after the retention period. */
  purged: boolean
}

/** The list row of GET /api/v1/complaints (docs/api.md). */
export interface ComplaintListRow extends ComplaintCase {
  /** The deadline that applies now: first contact until then, closure after; null once closed or cancelled. */
  dueAt: number | null
  /** Which deadline has passed, if one has. */
  overdue: 'firstContact' | 'closure' | null
  /** Which deadline is near (less than a quarter of its time left), if one is. */
  dueSoon: 'firstContact' | 'closure' | null
}

/** The deadline state of a case at `now` (docs/metrics.md, complaint deadlines). */
export function deadlineState(c: ComplaintCase, now: number): Pick<ComplaintListRow, 'dueAt' | 'overdue' | 'dueSoon'> {
  if (!OPEN_COMPLAINT_STATUSES.includes(c.status)) return { dueAt: null, overdue: null, dueSoon: null }
  const which = c.firstContactAt === null && now <= c.firstContactDueAt ? 'firstContact' : 'closure'
  // A first contact missed is overdue until it happens, even once the closure deadline nears.
  if (c.firstContactAt === null && now > c.firstContactDueAt) return { dueAt: c.firstContactDueAt, overdue: 'firstContact', dueSoon: null }
  const dueAt = which === 'firstContact' ? c.firstContactDueAt : c.closeDueAt
  if (now > dueAt) return { dueAt, overdue: which, dueSoon: null }
  const span = dueAt - c.takenAt
  return { dueAt, overdue: null, dueSoon: dueAt - now < span / 4 ? which : null }
}

/**
 * How a clerk's complaint cases were handled, as of `now` (docs/metrics.md, 投诉办结率): `due` —
 * cases not cancelled that are closed or past their closure deadline; `good` — of those, closed by
 * the deadline with the customer's 满意 or 基本满意 at the callback. A case still open within its
 * deadline is not counted yet.
 */
export function complaintHandling(cases: readonly ComplaintCase[], now: number): { due: number; good: number } {
  let due = 0
  let good = 0
  for (const c of cases) {
    if (c.status === 'cancelled') continue
    const closed = c.status === 'closed' && c.closedAt !== null
    if (!closed && now <= c.closeDueAt) continue
    due++
    if (closed && c.closedAt! <= c.closeDueAt && (c.confirmation === 'satisfied' || c.confirmation === 'partly')) good++
  }
  return { due, good }
}

export function listRowOf(c: ComplaintCase, now: number): ComplaintListRow {
  return { ...c, ...deadlineState(c, now) }
}

/** Open and overdue first, then open by deadline, then the rest newest first. */
export function compareForList(a: ComplaintListRow, b: ComplaintListRow): number {
  const rank = (r: ComplaintListRow) => (r.overdue ? 0 : r.dueAt !== null ? 1 : 2)
  return rank(a) - rank(b) || (rank(a) < 2 ? (a.dueAt ?? 0) - (b.dueAt ?? 0) : b.takenAt - a.takenAt) || b.id - a.id
}

const text = (max: number) => z.string().trim().max(max)
const complaintId = z.number().int().min(1)
const clerkRef = z.number().int().min(1)

export const complaintCommandSchemas = {
  takeComplaint: z
    .object({
      channel: z.enum(COMPLAINT_CHANNELS),
      category: z.enum(COMPLAINT_CATEGORIES),
      reason: text(30).default(''),
      summary: text(500).min(1),
      serviceId: serviceCodeSchema.nullable().default(null),
      clerkId: clerkRef.nullable().default(null),
      /** The visit it is about, when taken at a counter during or after a service. */
      recordId: z.number().int().min(1).nullable().default(null),
      ownerId: clerkRef.nullable().default(null),
      department: text(30).default(''),
    })
    .strict(),
  updateComplaint: z
    .object({
      id: complaintId,
      status: z.enum(['handling', 'callback']).optional(),
      category: z.enum(COMPLAINT_CATEGORIES).optional(),
      reason: text(30).optional(),
      serviceId: serviceCodeSchema.nullable().optional(),
      clerkId: clerkRef.nullable().optional(),
      ownerId: clerkRef.nullable().optional(),
      department: text(30).optional(),
      /** The solution agreed with the customer (replaces the one on file). */
      solution: text(1000).min(1).optional(),
      /** What was done or learnt in this step, for the history. */
      remark: text(1000).default(''),
    })
    .strict(),
  closeComplaint: z
    .object({
      id: complaintId,
      confirmation: z.enum(COMPLAINT_CONFIRMATIONS),
      /** The customer's words at the callback. */
      confirmationNote: text(1000).default(''),
      remark: text(1000).default(''),
    })
    .strict(),
  reopenComplaint: z.object({ id: complaintId, remark: text(1000).min(1) }).strict(),
  cancelComplaint: z.object({ id: complaintId, remark: text(1000).min(1) }).strict(),
} as const

export type ComplaintCommandName = keyof typeof complaintCommandSchemas
export const COMPLAINT_COMMANDS = Object.keys(complaintCommandSchemas) as ComplaintCommandName[]
/** Payload fields that are personal text: sealed, never logged. */
export const COMPLAINT_TEXT_FIELDS = ['summary', 'solution', 'remark', 'confirmationNote'] as const

/** Applies one complaint event to the case it is about (replay from the log, the store, the screens). */
export function evolveComplaint(before: ComplaintCase | null, e: ComplaintEvent): ComplaintCase {
  if (e.type === 'complaintTaken') return e.complaint
  if (!before || before.id !== e.complaintId) throw new Error(`complaint ${e.complaintId} changed before it was taken`)
  return { ...before, ...e.changes, updatedAt: e.at }
}

export type ComplaintEvent =
  | { type: 'complaintTaken'; at: number; complaint: ComplaintCase }
  | { type: 'complaintChanged'; at: number; complaintId: number; action: Exclude<ComplaintAction, 'take'>; by: number | null; changes: ComplaintChanges }

export function isComplaintEvent(e: { type: string }): e is ComplaintEvent {
  return e.type === 'complaintTaken' || e.type === 'complaintChanged'
}
