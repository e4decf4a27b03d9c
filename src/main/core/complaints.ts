/**
 * The rules of a complaint case (manual ch. 5): who may take, move, close, reopen or cancel it,
 * and which facts each step changes. Pure: the hall passes the case as it stands, the new id and
 * the time; the text (summary, solution, remarks) never reaches here — only whether there is one.
 */
import type { Actor } from '../../shared/domain'
import type { CommandPayload } from '../../shared/commands'
import {
  OPEN_COMPLAINT_STATUSES,
  evolveComplaint,
  type ComplaintAction,
  type ComplaintCase,
  type ComplaintCategory,
  type ComplaintChanges,
  type ComplaintChannel,
  type ComplaintEvent,
} from '../../shared/complaints'
import { AppError } from '../../shared/errors'
import type { HallState } from '../../shared/hall-state'
import type { HallSettings } from '../../shared/settings'
import { complaintDeadlines, endOfWorkingDays, type WorkingCalendar } from './business-time'

const isManager = (actor: Actor): boolean => actor.role === 'manager' || actor.role === 'admin'

/**
 * The hall's working calendar as it stands: deadlines are worked out with it once, when a case is
 * taken, reclassified or reopened, and stored in the event — a later change to the calendar
 * moves no deadline already set (docs/decisions/030-complaint-deadlines-in-working-days.md).
 */
function calendarOf(settings: HallSettings): WorkingCalendar {
  const { timeZone, rolloverHour, calendar } = settings.hall
  return { timeZone, rolloverHour, ...calendar }
}

export interface ComplaintContext {
  actor: Actor
  now: number
}

export interface ComplaintDecision {
  events: ComplaintEvent[]
  complaint: ComplaintCase
}

export interface NewComplaint {
  channel: ComplaintChannel
  category: ComplaintCategory
  reason: string
  serviceId: string | null
  clerkId: number | null
  recordId: number | null
  ownerId: number | null
  department: string
}

function checkReason(state: HallState, category: ComplaintCategory, reason: string): void {
  if (reason !== '' && !state.settings.complaints.reasons[category].includes(reason)) throw new AppError('COMPLAINT_REASON_UNKNOWN', { category, reason })
}

function checkDepartment(state: HallState, department: string): void {
  if (department !== '' && !state.settings.complaints.departments.includes(department)) throw new AppError('COMPLAINT_DEPARTMENT_UNKNOWN', { department })
}

function checkClerk(state: HallState, clerkId: number | null, path: string): void {
  if (clerkId === null) return
  const clerk = state.clerks[clerkId]
  if (!clerk) throw new AppError('UNKNOWN_CLERK', { clerkId, field: path })
  if (path === 'ownerId' && !clerk.active) throw new AppError('CLERK_DISABLED', { clerkId })
}

function checkService(state: HallState, serviceId: string | null): void {
  if (serviceId !== null && !state.services[serviceId]) throw new AppError('UNKNOWN_SERVICE', { serviceId })
}

/** A new case: at the counter by the clerk there, through any other channel by a manager. */
export function decideTakeComplaint(state: HallState, p: NewComplaint, id: number, { actor, now }: ComplaintContext): ComplaintDecision {
  if (p.channel !== 'counter' && actor.role !== 'system' && !isManager(actor)) throw new AppError('FORBIDDEN', { needs: 'manager', channel: p.channel })
  checkReason(state, p.category, p.reason)
  checkDepartment(state, p.department)
  checkClerk(state, p.clerkId, 'clerkId')
  checkClerk(state, p.ownerId, 'ownerId')
  let serviceId = p.serviceId
  let ticketId: number | null = null
  if (p.recordId !== null) {
    const record = state.records[p.recordId]
    if (!record) throw new AppError('UNKNOWN_RECORD', { recordId: p.recordId })
    ticketId = record.ticketId
    serviceId ??= record.serviceId
  }
  checkService(state, serviceId)
  const complaint: ComplaintCase = {
    id,
    businessDay: state.businessDay,
    channel: p.channel,
    category: p.category,
    reason: p.reason,
    serviceId,
    clerkId: p.clerkId,
    ticketId,
    recordId: p.recordId,
    takenBy: actor.clerkId,
    takenAt: now,
    ownerId: p.ownerId ?? (actor.role === 'system' ? null : actor.clerkId),
    department: p.department,
    status: 'received',
    ...complaintDeadlines(now, state.settings.complaints.deadlines[p.category], calendarOf(state.settings)),
    firstContactAt: null,
    hasSolution: false,
    confirmation: null,
    closedAt: null,
    closedBy: null,
    cancelledAt: null,
    reopened: 0,
    updatedAt: now,
  }
  return { events: [{ type: 'complaintTaken', at: now, complaint }], complaint }
}

/** Managers handle any case; a clerk only the cases they own or took. */
function mayHandle(actor: Actor, c: ComplaintCase): void {
  if (actor.role === 'system' || isManager(actor)) return
  if (actor.clerkId !== null && (c.ownerId === actor.clerkId || c.takenBy === actor.clerkId)) return
  throw new AppError('COMPLAINT_NOT_YOURS', { complaintId: c.id })
}

function isOpen(c: ComplaintCase): boolean {
  return OPEN_COMPLAINT_STATUSES.includes(c.status)
}

function changed(c: ComplaintCase, action: Exclude<ComplaintAction, 'take'>, changes: ComplaintChanges, actor: Actor, now: number): ComplaintDecision {
  const e: ComplaintEvent = { type: 'complaintChanged', at: now, complaintId: c.id, action, by: actor.clerkId, changes }
  return { events: [e], complaint: evolveComplaint(c, e) }
}

type Step<N extends 'updateComplaint' | 'closeComplaint' | 'reopenComplaint' | 'cancelComplaint'> = CommandPayload<N>

export function decideUpdateComplaint(state: HallState, c: ComplaintCase, p: Step<'updateComplaint'>, { actor, now }: ComplaintContext): ComplaintDecision {
  mayHandle(actor, c)
  if (!isOpen(c)) throw new AppError('COMPLAINT_NOT_OPEN', { complaintId: c.id, status: c.status })
  const changes: ComplaintChanges = {}
  const category = p.category ?? c.category
  if (p.category !== undefined && p.category !== c.category) {
    changes.category = p.category
    // The closure deadline follows the category; the first-contact one was due under the old.
    changes.closeDueAt = endOfWorkingDays(c.takenAt, state.settings.complaints.deadlines[p.category].closeDays, calendarOf(state.settings))
  }
  if (p.reason !== undefined || p.category !== undefined) {
    const reason = p.reason ?? (p.category !== undefined && p.category !== c.category ? '' : c.reason)
    checkReason(state, category, reason)
    if (reason !== c.reason) changes.reason = reason
  }
  if (p.serviceId !== undefined && p.serviceId !== c.serviceId) {
    checkService(state, p.serviceId)
    changes.serviceId = p.serviceId
  }
  if (p.clerkId !== undefined && p.clerkId !== c.clerkId) {
    checkClerk(state, p.clerkId, 'clerkId')
    changes.clerkId = p.clerkId
  }
  if (p.ownerId !== undefined && p.ownerId !== c.ownerId) {
    checkClerk(state, p.ownerId, 'ownerId')
    changes.ownerId = p.ownerId
  }
  if (p.department !== undefined && p.department !== c.department) {
    checkDepartment(state, p.department)
    changes.department = p.department
  }
  if (p.solution !== undefined) changes.hasSolution = true
  if (p.status !== undefined && p.status !== c.status) {
    if (p.status === 'callback' && !c.hasSolution && p.solution === undefined) throw new AppError('COMPLAINT_SOLUTION_MISSING', { complaintId: c.id })
    changes.status = p.status
    // Leaving 受理 means the customer's complaint and demand were confirmed with them: the first contact.
    if (c.firstContactAt === null) changes.firstContactAt = now
  }
  if (Object.keys(changes).length === 0 && p.remark === '' && p.solution === undefined) {
    throw new AppError('VALIDATION_FAILED', [{ path: [], message: 'nothing to change: give a status, a field, a solution or a remark' }])
  }
  return changed(c, 'update', changes, actor, now)
}

export function decideCloseComplaint(c: ComplaintCase, p: Step<'closeComplaint'>, { actor, now }: ComplaintContext): ComplaintDecision {
  mayHandle(actor, c)
  // Whoever the complaint is about never closes it, whatever their role.
  if (c.clerkId !== null && actor.clerkId === c.clerkId) throw new AppError('COMPLAINT_CLOSED_BY_SUBJECT', { complaintId: c.id })
  if (c.status !== 'callback') throw new AppError('COMPLAINT_NOT_AT_CALLBACK', { complaintId: c.id, status: c.status })
  return changed(c, 'close', { status: 'closed', confirmation: p.confirmation, closedAt: now, closedBy: actor.clerkId }, actor, now)
}

/**
 * A reopened case is handled again from now. Closed in time, it gets a new closure deadline: the
 * category's working days counted from the reopening, so a customer who calls back weeks later
 * does not make it overdue at once. Closed late, it keeps its deadline: reopening never turns a
 * late case into one closed on time.
 */
export function decideReopenComplaint(state: HallState, c: ComplaintCase, _p: Step<'reopenComplaint'>, { actor, now }: ComplaintContext): ComplaintDecision {
  if (c.status !== 'closed') throw new AppError('COMPLAINT_NOT_CLOSED', { complaintId: c.id, status: c.status })
  const changes: ComplaintChanges = { status: 'handling', confirmation: null, closedAt: null, closedBy: null, reopened: c.reopened + 1 }
  if (c.closedAt !== null && c.closedAt <= c.closeDueAt) {
    changes.closeDueAt = endOfWorkingDays(now, state.settings.complaints.deadlines[c.category].closeDays, calendarOf(state.settings))
  }
  return changed(c, 'reopen', changes, actor, now)
}

export function decideCancelComplaint(c: ComplaintCase, _p: Step<'cancelComplaint'>, { actor, now }: ComplaintContext): ComplaintDecision {
  mayHandle(actor, c)
  if (!isOpen(c)) throw new AppError('COMPLAINT_NOT_OPEN', { complaintId: c.id, status: c.status })
  return changed(c, 'cancel', { status: 'cancelled', cancelledAt: now }, actor, now)
}
