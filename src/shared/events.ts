/**
 * Hall events: the facts a command produced. They are stored in the event log, streamed to
 * every screen, and replayed by `evolve` (hall-state.ts) to rebuild the hall — so they carry
 * facts (ids, times, choices), not derived figures.
 */
import type {
  Actor,
  ClockCorrection,
  Emergency,
  IncidentAction,
  Clerk,
  Complaint,
  CounterConfig,
  PauseReason,
  RatingChannel,
  RatingReason,
  Satisfaction,
  Service,
  Ticket,
} from './domain'
import type { HallSettings } from './settings'
import type { ComplaintEvent } from './complaints'
import type { AssessmentGrade, AssessmentPeriod, CheckReason, CheckResult, FollowUpKind } from './reports'

export type HallEvent =
  | { type: 'ticketIssued'; at: number; ticket: Ticket }
  | {
      type: 'ticketCalled'
      at: number
      ticketId: number
      counterId: number
      clerkId: number
      recordId: number
      /** Called by number rather than by the call-next policy. */
      specific: boolean
      /** The counter's priority run after this call. */
      priorityRun: number
    }
  | { type: 'ticketRecalled'; at: number; ticketId: number; counterId: number; recordId: number }
  | { type: 'serviceStarted'; at: number; ticketId: number; counterId: number; recordId: number }
  | {
      type: 'serviceFinished'
      at: number
      ticketId: number
      counterId: number
      recordId: number
      outcome: 'completed' | 'pending'
      items: string[]
      note: string
      complaint: Complaint | null
    }
  | {
      type: 'ticketTransferred'
      at: number
      ticketId: number
      counterId: number
      recordId: number
      toServiceId: string
      toCounterId: number | null
      queueKey: number
      items: string[]
      note: string
    }
  | { type: 'ticketNoShow'; at: number; ticketId: number; counterId: number; recordId: number }
  | { type: 'ticketReactivated'; at: number; ticketId: number; queueKey: number }
  | { type: 'ticketCancelled'; at: number; ticketId: number; counterId: number | null; recordId: number | null }
  | {
      type: 'serviceRated'
      at: number
      recordId: number
      score: Satisfaction
      /** Absent in events logged before channels and reasons were kept. */
      channel?: RatingChannel
      reason?: RatingReason | null
    }
  | { type: 'counterOpened'; at: number; counterId: number; clerkId: number; periodId: number }
  | { type: 'counterClosed'; at: number; counterId: number }
  | { type: 'counterPaused'; at: number; counterId: number; reason: PauseReason; periodId: number }
  | { type: 'counterResumed'; at: number; counterId: number }
  | { type: 'clerkLoggedIn'; at: number; clerkId: number }
  | { type: 'clerkLoggedOut'; at: number; clerkId: number }
  | { type: 'serviceSaved'; at: number; service: Service }
  | { type: 'counterSaved'; at: number; counter: CounterConfig }
  | { type: 'clerkSaved'; at: number; clerk: Clerk }
  /** The administrator uploaded (`photo`: its version) or removed (null) a clerk's photo; the bytes are kept beside the log. */
  | { type: 'clerkPhotoChanged'; at: number; clerkId: number; photo: string | null }
  | { type: 'settingsSaved'; at: number; settings: HallSettings }
  /** The manager's qualitative grade of a clerk's day (stored with the day, see reports). */
  | {
      type: 'clerkGraded'
      at: number
      businessDay: string
      clerkId: number
      grade: AssessmentGrade
      /** 团队协作; absent in events logged before it was kept. */
      teamwork?: AssessmentGrade | null
      comment: string
      gradedBy: number | null
    }
  /** 质检: a served visit checked by the manager (the latest check of a visit counts). */
  | {
      type: 'visitChecked'
      at: number
      recordId: number
      /** The visit's business day and clerk. */
      businessDay: string
      clerkId: number
      result: CheckResult
      reason: CheckReason | null
      note: string
      checkedBy: number | null
    }
  /** 激励与约束: a follow-up to a clerk's result of the period from–to. */
  | {
      type: 'followUpRecorded'
      at: number
      id: number
      clerkId: number
      period: AssessmentPeriod
      from: string
      to: string
      kind: FollowUpKind
      note: string
      by: number | null
    }
  /** A clerk's PIN was set anew by an administrator; their open sessions end. */
  | { type: 'pinReset'; at: number; clerkId: number }
  | { type: 'emergencyStarted'; at: number; emergency: Emergency }
  /** `endedBy` and `note` (the closing note) are absent in events logged before incidents were kept. */
  | { type: 'emergencyEnded'; at: number; endedBy?: number | null; note?: string }
  | { type: 'incidentActionAdded'; at: number; action: IncidentAction }
  /** Closes `businessDay` (everything still open expires) and starts `nextBusinessDay`. */
  | { type: 'dayClosed'; at: number; businessDay: string; nextBusinessDay: string }
  /** The PC's clock is behind the hall's business day: the hall returns to the real day at its next close. */
  | { type: 'clockCorrected'; at: number; correction: ClockCorrection }
  /** A complaint case's facts (src/shared/complaints.ts); its text is never in an event. */
  | ComplaintEvent

export type HallEventType = HallEvent['type']

/** One accepted command as it is logged and streamed: numbered, attributed, with its events. */
export interface LoggedCommand {
  seq: number
  at: number
  businessDay: string
  actor: Actor
  command: string
  events: HallEvent[]
}
