/**
 * The assessment (考核): a score 0–100 per indicator from the clerk's figures and the manager's
 * inputs, the weighted mean of those that apply, and — once the manager has graded — the
 * combined result; for a day, a week or a month, per clerk and for the hall (team).
 * Scoring rules: docs/metrics.md, "Assessment".
 *
 * The figures' indicators are scored when the day closes and stored with it; the manager's
 * inputs (spot checks, the teamwork mark, the grade) and the complaint cases may go on after the
 * close and are scored when the assessment is read.
 */
import { complaintHandling, type ComplaintCase } from '../../shared/complaints'
import type { Clerk } from '../../shared/domain'
import { share } from '../../shared/metrics'
import {
  daysBetween,
  daysInMonth,
  markCounts,
  type ClerkAssessment,
  type ClerkGrade,
  type DayAssessment,
  type FollowUp,
  type IndicatorScore,
  type PeriodAssessment,
  type PeriodClerkAssessment,
  type TeamAssessment,
  type VisitCheck,
} from '../../shared/reports'
import { DEFAULT_SETTINGS, INDICATORS, type AssessmentSettings, type ClerkPlan, type Indicator } from '../../shared/settings'
import type { ClerkFacts } from './facts'

/**
 * Indicators scored when the assessment is read: the manager's inputs, and the complaint cases
 * the clerk owns (a case goes on for days after the day it was taken).
 */
export const READ_TIME_INDICATORS = ['complaints', 'quality', 'teamwork'] as const satisfies readonly Indicator[]
const isReadTime = (k: Indicator) => (READ_TIME_INDICATORS as readonly Indicator[]).includes(k)

/** The part fixed at the close: scores from the data, without the manager's inputs. */
export type QuantitativeAssessment = Pick<ClerkAssessment, 'clerkId' | 'indicators' | 'quantitative'>

export interface StoredAssessment {
  settings: AssessmentSettings
  clerks: QuantitativeAssessment[]
}

const clamp = (x: number) => Math.min(100, Math.max(0, x))

/**
 * Settings stored before an indicator or the plans existed: the missing indicators get today's
 * defaults, and there were no plans.
 */
export function fullSettings(s: AssessmentSettings): AssessmentSettings {
  const indicators = { ...DEFAULT_SETTINGS.assessment.indicators, ...s.indicators }
  return { ...s, indicators, plans: s.plans ?? [] }
}

/**
 * The plan's target over the days `from`–`to`: a daily target once per day the clerk has figures
 * on (`worked`); a monthly one shared out by calendar days — target × n / D for each month of
 * the span, n its days in the span and D the month's days.
 */
export function planTarget(plan: ClerkPlan | undefined, from: string, to: string, worked: number): number | null {
  if (!plan) return null
  if (plan.per === 'day') return worked > 0 ? plan.target * worked : null
  const byMonth = new Map<string, number>()
  for (const d of daysBetween(from, to)) byMonth.set(d.slice(0, 7), (byMonth.get(d.slice(0, 7)) ?? 0) + 1)
  let target = 0
  for (const [month, n] of byMonth) target += (plan.target * n) / daysInMonth(`${month}-01`)
  return target
}

/** The indicators that come from the figures (and the plan). */
function dataValues(c: ClerkFacts, s: AssessmentSettings, plan: number | null): Record<Indicator, { value: number | null; score: number | null }> {
  const i = s.indicators
  const handlingRatio = c.handle.count > 0 && c.standardMs > 0 ? c.handle.totalMs / c.standardMs : null
  const proper = Object.entries(c.noShowByCalls).reduce((a, [calls, n]) => a + (Number(calls) >= i.noShow.minCalls ? n : 0), 0)
  const responses = c.byScore.reduce((a, b) => a + b, 0)
  const satisfied = share(c.byScore[2] + c.byScore[3], responses)
  const noShow = share(proper, c.noShow)
  const utilisation = share(c.handle.totalMs, c.loggedInMs)
  const measure = s.plans.find((p) => p.clerkId === c.clerkId)?.measure
  const done = measure === 'items' ? c.items : c.served
  const planRate = plan === null ? null : done / plan
  const z = i.handling.zeroAtRatio
  return {
    served: { value: c.served, score: clamp((100 * c.served) / i.served.target) },
    handling: { value: handlingRatio, score: handlingRatio === null ? null : handlingRatio <= 1 ? 100 : clamp((100 * (z - handlingRatio)) / (z - 1)) },
    satisfaction: { value: satisfied, score: satisfied === null ? null : 100 * satisfied },
    noShow: { value: noShow, score: noShow === null ? null : 100 * noShow },
    complaints: { value: null, score: null },
    utilisation: { value: utilisation, score: utilisation === null ? null : clamp((100 * utilisation) / i.utilisation.target) },
    plan: { value: planRate, score: planRate === null ? null : clamp(100 * planRate) },
    quality: { value: null, score: null },
    teamwork: { value: null, score: null },
  }
}

/** The weighted mean of the scores that apply (weight above 0, score not null). */
export function weightedMean(indicators: Record<Indicator, IndicatorScore>): number | null {
  let weights = 0
  let points = 0
  for (const k of INDICATORS) {
    const { score, weight } = indicators[k]
    if (score === null || weight === 0) continue
    weights += weight
    points += weight * score
  }
  return weights > 0 ? points / weights : null
}

function withWeights(values: Record<Indicator, { value: number | null; score: number | null }>, settings: AssessmentSettings): Record<Indicator, IndicatorScore> {
  return Object.fromEntries(INDICATORS.map((k): [Indicator, IndicatorScore] => [k, { ...values[k], weight: settings.indicators[k].weight }])) as Record<
    Indicator,
    IndicatorScore
  >
}

/** Scores a clerk's figures over the days from–to (`worked` of them with figures). */
export function scoreClerk(c: ClerkFacts, settings: AssessmentSettings, from: string, to = from, worked = 1): QuantitativeAssessment {
  const plan = planTarget(
    settings.plans.find((p) => p.clerkId === c.clerkId),
    from,
    to,
    worked,
  )
  const indicators = withWeights(dataValues(c, settings, plan), settings)
  return { clerkId: c.clerkId, indicators, quantitative: weightedMean(indicators) }
}

export function scoreDay(businessDay: string, clerks: readonly ClerkFacts[], settings: AssessmentSettings): StoredAssessment {
  return { settings, clerks: clerks.map((c) => scoreClerk(c, settings, businessDay)) }
}

/** What is scored at reading for one clerk over the assessed days. */
export interface ReadTimeInputs {
  checks: readonly VisitCheck[]
  grades: readonly ClerkGrade[]
  /** The complaint cases the clerk owns, taken on the assessed days, as they stand at `asOf`. */
  cases: readonly ComplaintCase[]
  asOf: number
}

/** The complaint cases taken on the days from–to and owned by the clerk, by owner. */
export interface CaseInputs {
  cases: readonly ComplaintCase[]
  asOf: number
}
const NO_CASES: CaseInputs = { cases: [], asOf: 0 }
const ownedBy = (cases: readonly ComplaintCase[], clerkId: number) => cases.filter((c) => c.ownerId === clerkId)

/** Adds the complaint cases, the spot checks and the teamwork marks to the figures' indicators. */
function withInputs(indicators: Record<Indicator, IndicatorScore>, settings: AssessmentSettings, inputs: ReadTimeInputs): Record<Indicator, IndicatorScore> {
  const handled = complaintHandling(inputs.cases, inputs.asOf)
  const complaints = share(handled.good, handled.due)
  const passed = inputs.checks.filter((c) => c.result === 'pass').length
  const quality = share(passed, inputs.checks.length)
  const marks = inputs.grades.filter((g) => g.teamwork !== null).map((g) => settings.gradePoints[g.teamwork!])
  const teamwork = share(
    marks.reduce((a, b) => a + b, 0),
    marks.length,
  )
  return {
    ...indicators,
    complaints: { value: complaints, score: complaints === null ? null : 100 * complaints, weight: settings.indicators.complaints.weight },
    quality: { value: quality, score: quality === null ? null : 100 * quality, weight: settings.indicators.quality.weight },
    teamwork: { value: teamwork, score: teamwork, weight: settings.indicators.teamwork.weight },
  }
}

function combinedOf(settings: AssessmentSettings, quantitative: number | null, gradePoints: number | null): number | null {
  return gradePoints === null || quantitative === null ? null : ((100 - settings.qualitativeWeight) * quantitative + settings.qualitativeWeight * gradePoints) / 100
}

function emptyIndicators(settings: AssessmentSettings): Record<Indicator, IndicatorScore> {
  return Object.fromEntries(INDICATORS.map((k) => [k, { value: null, score: null, weight: settings.indicators[k].weight }])) as Record<Indicator, IndicatorScore>
}

/** A stored clerk's indicators with those it lacks (stored before they existed) as not applying. */
function storedIndicators(q: QuantitativeAssessment, settings: AssessmentSettings): Record<Indicator, IndicatorScore> {
  const out = emptyIndicators(settings)
  for (const k of INDICATORS) if (!isReadTime(k) && q.indicators[k]) out[k] = { ...q.indicators[k], weight: settings.indicators[k].weight }
  return out
}

const byClerk = <T extends { clerkId: number }>(xs: readonly T[], clerkId: number) => xs.filter((x) => x.clerkId === clerkId)

/** The assessment as the manager sees it: scores, names, grades, teamwork, checks and the combined result. */
export function assessmentOf(
  businessDay: string,
  stored: StoredAssessment,
  grades: readonly ClerkGrade[],
  clerks: Record<number, Clerk>,
  closedAt: number | null,
  checks: readonly VisitCheck[] = [],
  followUps: readonly FollowUp[] = [],
  cases: CaseInputs = NO_CASES,
): DayAssessment {
  const settings = fullSettings(stored.settings)
  const rows = new Map(stored.clerks.map((c) => [c.clerkId, c]))
  const owners = cases.cases.flatMap((c) => (c.ownerId === null ? [] : [c.ownerId]))
  for (const id of [...grades.map((g) => g.clerkId), ...checks.map((c) => c.clerkId), ...owners]) {
    if (!rows.has(id)) rows.set(id, { clerkId: id, indicators: emptyIndicators(settings), quantitative: null })
  }
  const gradeOf = new Map(grades.map((g) => [g.clerkId, g]))
  const out: ClerkAssessment[] = [...rows.values()]
    .sort((a, b) => a.clerkId - b.clerkId)
    .map((q) => {
      const g = gradeOf.get(q.clerkId)
      const indicators = withInputs(storedIndicators(q, settings), settings, {
        checks: byClerk(checks, q.clerkId),
        grades: g ? [g] : [],
        cases: ownedBy(cases.cases, q.clerkId),
        asOf: cases.asOf,
      })
      const quantitative = weightedMean(indicators)
      return {
        clerkId: q.clerkId,
        staffCode: clerks[q.clerkId]?.staffCode ?? '',
        name: clerks[q.clerkId]?.name ?? `#${q.clerkId}`,
        indicators,
        quantitative,
        grade: g?.grade ?? null,
        teamwork: g?.teamwork ?? null,
        comment: g?.comment ?? '',
        gradedAt: g?.gradedAt ?? null,
        gradedBy: g?.gradedBy ?? null,
        combined: combinedOf(settings, quantitative, g ? settings.gradePoints[g.grade] : null),
        followUps: byClerk(followUps, q.clerkId),
      }
    })
  return { businessDay, frozen: closedAt !== null, closedAt, settings, clerks: out, team: teamOf(out, settings) }
}

/** A clerk's figures over a period: the days' facts added up, and how many days they cover. */
export interface PeriodFacts {
  facts: ClerkFacts
  days: number
}

export interface PeriodInput {
  period: 'week' | 'month'
  from: string
  to: string
  frozen: boolean
  closedAt: number | null
  settings: AssessmentSettings
  facts: ReadonlyMap<number, PeriodFacts>
  grades: readonly ClerkGrade[]
  checks: readonly VisitCheck[]
  followUps: readonly FollowUp[]
  clerks: Record<number, Clerk>
  /** The complaint cases taken in the period, as they stand now. */
  cases: CaseInputs
}

/** A week's or a month's assessment per clerk, and the hall's. */
export function periodAssessmentOf(input: PeriodInput): PeriodAssessment {
  const settings = fullSettings(input.settings)
  const owners = input.cases.cases.flatMap((c) => (c.ownerId === null ? [] : [c.ownerId]))
  const ids = new Set([...input.facts.keys(), ...input.grades.map((g) => g.clerkId), ...input.checks.map((c) => c.clerkId), ...owners])
  const rows: PeriodClerkAssessment[] = [...ids]
    .sort((a, b) => a - b)
    .map((clerkId) => {
      const f = input.facts.get(clerkId)
      const base = f ? scoreClerk(f.facts, settings, input.from, input.to, f.days).indicators : emptyIndicators(settings)
      const grades = byClerk(input.grades, clerkId)
      const indicators = withInputs(base, settings, { checks: byClerk(input.checks, clerkId), grades, cases: ownedBy(input.cases.cases, clerkId), asOf: input.cases.asOf })
      const quantitative = weightedMean(indicators)
      const gradePoints = share(
        grades.reduce((a, g) => a + settings.gradePoints[g.grade], 0),
        grades.length,
      )
      return {
        clerkId,
        staffCode: input.clerks[clerkId]?.staffCode ?? '',
        name: input.clerks[clerkId]?.name ?? `#${clerkId}`,
        days: f?.days ?? 0,
        indicators,
        quantitative,
        graded: grades.length,
        gradePoints,
        teamworkMarks: markCounts(grades.map((g) => g.teamwork)),
        combined: combinedOf(settings, quantitative, gradePoints),
        followUps: byClerk(input.followUps, clerkId),
      }
    })
  return { period: input.period, from: input.from, to: input.to, frozen: input.frozen, closedAt: input.closedAt, settings, clerks: rows, team: teamOf(rows, settings) }
}

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null)
  return share(
    v.reduce((a, b) => a + b, 0),
    v.length,
  )
}

/** The hall's result: each value and score the mean over the clerks it applies to. */
export function teamOf(rows: readonly Pick<ClerkAssessment, 'indicators' | 'quantitative' | 'combined'>[], settings: AssessmentSettings): TeamAssessment {
  const indicators = Object.fromEntries(
    INDICATORS.map((k): [Indicator, IndicatorScore] => [
      k,
      { value: mean(rows.map((r) => r.indicators[k].value)), score: mean(rows.map((r) => r.indicators[k].score)), weight: settings.indicators[k].weight },
    ]),
  ) as Record<Indicator, IndicatorScore>
  return { indicators, quantitative: mean(rows.map((r) => r.quantitative)), combined: mean(rows.map((r) => r.combined)), clerks: rows.length }
}
