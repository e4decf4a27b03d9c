/**
 * The manager's report page: which day or range is shown, its summary and (for one day) its
 * assessment, grading a clerk, and export jobs followed to the end. Reports are reads, not
 * commands: they go through the transport's `read` with the manager's token; only the grade
 * is a command (audited in the event log).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  periodSpan,
  type AssessmentGrade,
  type AssessmentPeriod,
  type CheckReason,
  type CheckResult,
  type ClosedDays,
  type DayAssessment,
  type ExportJob,
  type ExportRequest,
  type FollowUpKind,
  type PeriodAssessment,
  type ReportReadName,
  type ReportReads,
  type ReportSummary,
  type VisitRow,
} from '../../../../shared/reports'
import type { PlanMeasure, PlanPeriod } from '../../../../shared/settings'
import { useHallStore } from '../hall'
import { useSessionStore } from '../session'
import type { ReadArgs } from '../../transport'

export type ReportMode = 'day' | 'range' | 'week' | 'month'

/** How often a running export is asked for its progress. */
export const EXPORT_POLL_MS = 500

export const useReportsStore = defineStore('reports', () => {
  const hall = useHallStore()
  const session = useSessionStore()

  const days = ref<ClosedDays | null>(null)
  const mode = ref<ReportMode>('day')
  const day = ref<string | null>(null)
  const range = ref<[string, string] | null>(null)
  const summary = shallowRef<ReportSummary | null>(null)
  const assessment = shallowRef<DayAssessment | null>(null)
  /** The week's or month's assessment (modes week and month), of the period `periodDay` falls in. */
  const period = shallowRef<PeriodAssessment | null>(null)
  const periodDay = ref<string | null>(null)
  /** The day's visits for the spot checks (one day). */
  const visits = shallowRef<VisitRow[] | null>(null)
  const savingInput = ref(false)
  const loading = ref(false)
  /** Why the figures could not be read (a HallError; the view turns it into a sentence). */
  const error = ref<unknown>(null)
  const savingGrade = ref(false)
  const exportJob = ref<ExportJob | null>(null)
  const exportError = ref<unknown>(null)
  const exportSavedPath = ref<string | null>(null)

  /** Answers that arrive after the manager chose something else are dropped. */
  let generation = 0
  let pollTimer: ReturnType<typeof setTimeout> | null = null

  const span = computed<{ from: string; to: string } | null>(() => {
    if (mode.value === 'week' || mode.value === 'month') return periodDay.value ? periodSpan(mode.value, periodDay.value) : null
    if (mode.value === 'day') return day.value ? { from: day.value, to: day.value } : null
    return range.value ? { from: range.value[0], to: range.value[1] } : null
  })
  const oneDay = computed(() => (mode.value === 'day' || mode.value === 'range') && span.value !== null && span.value.from === span.value.to)
  const periodMode = computed<'week' | 'month' | null>(() => (mode.value === 'week' || mode.value === 'month' ? mode.value : null))
  const exporting = computed(() => exportJob.value?.state === 'running')
  /** The summary has nothing in it: no ticket, no clerk, no counter opened. */
  const empty = computed(() => {
    const s = summary.value
    return s !== null && s.hall.tickets.issued === 0 && s.clerks.length === 0 && s.counters.every((c) => c.openMs === 0 && c.served === 0)
  })

  function read<R extends ReportReadName>(name: R, args: ReportReads[R]['args']): Promise<ReportReads[R]['result']> {
    return session.run((token) => hall.transport().read(name, args as ReadArgs<R>, { token }) as Promise<ReportReads[R]['result']>)
  }

  /** The closed days for the picker, and today; shows today when nothing is chosen yet. */
  async function loadDays(): Promise<void> {
    try {
      days.value = await read('reportDays', {})
      if (day.value === null) day.value = days.value.today
    } catch (err) {
      error.value = err
    }
  }

  /** Reads the figures again; `quiet` (following the live day) keeps the figures up while it reads. */
  async function load(quiet = false): Promise<void> {
    const s = span.value
    if (!s) return
    const mine = ++generation
    if (!quiet) loading.value = true
    error.value = null
    try {
      const single = oneDay.value
      const p = periodMode.value
      // The figures show as soon as they arrive; the day's assessment, visits and period (tabs
      // of their own) follow.
      const summed = read('reportSummary', s.from === s.to ? { day: s.from } : { from: s.from, to: s.to })
      const rest = Promise.all([
        single ? read('reportAssessment', { day: s.from }) : Promise.resolve(null),
        single ? read('reportVisits', { day: s.from }) : Promise.resolve(null),
        p && periodDay.value ? read('reportPeriod', { period: p, day: periodDay.value }) : Promise.resolve(null),
      ])
      // Its failure is the catch below's once the summary is in; never an unhandled rejection.
      rest.catch(() => undefined)
      const sum = await summed
      if (mine !== generation) return
      summary.value = sum
      if (!quiet) {
        // Nothing of the day shown before stays beside the new figures.
        assessment.value = null
        visits.value = null
        period.value = null
      }
      if (!p) loading.value = false
      const [ass, vis, per] = await rest
      if (mine !== generation) return
      assessment.value = ass
      visits.value = vis
      period.value = per
    } catch (err) {
      if (mine !== generation) return
      summary.value = null
      assessment.value = null
      visits.value = null
      period.value = null
      error.value = err
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  let opening: Promise<void> | null = null
  /**
   * The page's first reads: the closed days, then the figures of today, with the stored login
   * checked alongside (a token the hub no longer knows is dropped by the reads as well) — two
   * round trips before the first figures, not four. Once per page; `again` after a login.
   * Started by App.vue as soon as the page may see the hall, while the page's own code loads.
   */
  function open(again = false): Promise<void> {
    if (!opening || again) opening = openNow()
    return opening
  }

  async function openNow(): Promise<void> {
    if (!session.isManager) {
      await session.verify()
      return
    }
    const checked = session.verify()
    await loadDays()
    if (session.isManager) await load()
    await checked
  }

  async function showDay(businessDay: string): Promise<void> {
    mode.value = 'day'
    day.value = businessDay
    await load()
  }

  async function showRange(from: string, to: string): Promise<void> {
    mode.value = 'range'
    range.value = from <= to ? [from, to] : [to, from]
    await load()
  }

  /** The week or month a day falls in (not after today). */
  async function showPeriod(which: 'week' | 'month', day: string): Promise<void> {
    mode.value = which
    const today = days.value?.today
    periodDay.value = today && day > today ? today : day
    await load()
  }

  /** Runs a manager's command about the assessment, then reads the figures again. */
  async function input(run: (token: string | undefined) => Promise<unknown>): Promise<void> {
    savingInput.value = true
    try {
      await session.run(run)
      await load(true)
    } finally {
      savingInput.value = false
    }
  }

  /** 质检: a visit marked pass or fail (with its reason). */
  function checkVisit(recordId: number, result: CheckResult, reason: CheckReason | null, note: string): Promise<void> {
    return input((token) => hall.command('checkVisit', { recordId, result, reason: result === 'fail' ? reason : null, note: note.trim() }, token))
  }

  /** A clerk's work plan; null removes it. */
  function setPlan(clerkId: number, plan: { measure: PlanMeasure; per: PlanPeriod; target: number } | null): Promise<void> {
    return input((token) => hall.command('setClerkPlan', { clerkId, plan }, token))
  }

  /** 激励与约束: a follow-up to the result shown (the day, or the week or month). */
  function followUp(clerkId: number, kind: FollowUpKind, note: string): Promise<void> {
    const p: AssessmentPeriod = periodMode.value ?? 'day'
    const day = periodMode.value ? period.value?.from : assessment.value?.businessDay
    if (!day) return Promise.resolve()
    return input((token) => hall.command('recordFollowUp', { clerkId, period: p, day, kind, note: note.trim() }, token))
  }

  /** The manager's grade, teamwork mark and comment for a clerk's day; the hub computes the combined result. */
  async function grade(clerkId: number, grade: AssessmentGrade, comment: string, teamwork: AssessmentGrade | null = null): Promise<void> {
    const businessDay = assessment.value?.businessDay
    if (!businessDay) return
    savingGrade.value = true
    try {
      await session.run((token) => hall.command('gradeClerk', { businessDay, clerkId, grade, teamwork, comment: comment.trim() }, token))
      const fresh = await read('reportAssessment', { day: businessDay })
      if (assessment.value?.businessDay === businessDay) assessment.value = fresh
    } finally {
      savingGrade.value = false
    }
  }

  function stopPolling(): void {
    if (pollTimer) clearTimeout(pollTimer)
    pollTimer = null
  }

  function poll(id: string): void {
    stopPolling()
    pollTimer = setTimeout(async () => {
      pollTimer = null
      try {
        const job = await read('exportJob', { id })
        if (exportJob.value?.id !== id) return
        exportJob.value = job
        if (job.state === 'running') poll(id)
      } catch (err) {
        if (exportJob.value?.id === id) exportError.value = err
      }
    }, EXPORT_POLL_MS)
  }

  /** Starts an export of what is shown and follows its progress until it is done or failed. */
  async function startExport(request: Omit<ExportRequest, 'from' | 'to'>): Promise<void> {
    const s = span.value
    if (!s) return
    stopPolling()
    exportError.value = null
    exportSavedPath.value = null
    exportJob.value = null
    try {
      const job = await session.run((token) => hall.transport().startExport({ ...request, from: s.from, to: s.to }, { token }))
      exportJob.value = job
      if (job.state === 'running') poll(job.id)
    } catch (err) {
      exportError.value = err
    }
  }

  /** The finished file: a link in a browser (null here), main's save dialog in the desktop app. */
  async function saveExport(): Promise<string | null> {
    const job = exportJob.value
    if (!job || job.state !== 'done') return null
    const path = await session.run((token) => hall.transport().saveExport(job, { token }))
    exportSavedPath.value = path
    return path
  }

  function exportFileUrl(): string | null {
    const job = exportJob.value
    return job && job.state === 'done' ? hall.transport().exportFileUrl(job) : null
  }

  function clearExport(): void {
    stopPolling()
    exportJob.value = null
    exportError.value = null
    exportSavedPath.value = null
  }

  /** Prints the page's print layout: the browser's dialog, or a PDF file in the desktop app. */
  function print(fileName: string): Promise<string | null> {
    return hall.transport().printPage(fileName)
  }

  return {
    days,
    mode,
    day,
    range,
    span,
    oneDay,
    periodMode,
    summary,
    assessment,
    period,
    periodDay,
    visits,
    savingInput,
    showPeriod,
    checkVisit,
    setPlan,
    followUp,
    loading,
    error,
    empty,
    savingGrade,
    exportJob,
    exportError,
    exportSavedPath,
    exporting,
    loadDays,
    load,
    showDay,
    showRange,
    grade,
    startExport,
    saveExport,
    exportFileUrl,
    clearExport,
    stopPolling,
    print,
    open,
  }
})
