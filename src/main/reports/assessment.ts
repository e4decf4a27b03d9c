/**
 * The daily assessment (日终考核): a score 0–100 per indicator from the clerk's figures, the
 * weighted mean of those that apply, and — once the manager has graded — the combined result.
 * Scoring rules: docs/metrics.md, "Assessment".
 */
import type { Clerk } from '../../shared/domain'
import { share } from '../../shared/metrics'
import type { ClerkAssessment, ClerkGrade, DayAssessment, IndicatorScore } from '../../shared/reports'
import { INDICATORS, type AssessmentSettings, type Indicator } from '../../shared/settings'
import type { ClerkFacts } from './facts'

/** The part fixed at the close: scores from the data, without the manager's grade. */
export type QuantitativeAssessment = Pick<ClerkAssessment, 'clerkId' | 'indicators' | 'quantitative'>

export interface StoredAssessment {
  settings: AssessmentSettings
  clerks: QuantitativeAssessment[]
}

const clamp = (x: number) => Math.min(100, Math.max(0, x))

function indicatorValues(c: ClerkFacts, s: AssessmentSettings): Record<Indicator, { value: number | null; score: number | null }> {
  const i = s.indicators
  const handlingRatio = c.handle.count > 0 && c.standardMs > 0 ? c.handle.totalMs / c.standardMs : null
  const proper = Object.entries(c.noShowByCalls).reduce((a, [calls, n]) => a + (Number(calls) >= i.noShow.minCalls ? n : 0), 0)
  const responses = c.byScore.reduce((a, b) => a + b, 0)
  const taken = c.complaints.open + c.complaints.in_progress + c.complaints.closed
  const satisfied = share(c.byScore[2] + c.byScore[3], responses)
  const noShow = share(proper, c.noShow)
  const complaints = share(c.complaints.closed, taken)
  const utilisation = share(c.handle.totalMs, c.loggedInMs)
  const z = i.handling.zeroAtRatio
  return {
    served: { value: c.served, score: clamp((100 * c.served) / i.served.target) },
    handling: { value: handlingRatio, score: handlingRatio === null ? null : handlingRatio <= 1 ? 100 : clamp((100 * (z - handlingRatio)) / (z - 1)) },
    satisfaction: { value: satisfied, score: satisfied === null ? null : 100 * satisfied },
    noShow: { value: noShow, score: noShow === null ? null : 100 * noShow },
    complaints: { value: complaints, score: complaints === null ? null : 100 * complaints },
    utilisation: { value: utilisation, score: utilisation === null ? null : clamp((100 * utilisation) / i.utilisation.target) },
  }
}

/** Scores one clerk's day (or days) of facts. */
export function scoreClerk(c: ClerkFacts, settings: AssessmentSettings): QuantitativeAssessment {
  const values = indicatorValues(c, settings)
  const indicators = Object.fromEntries(
    INDICATORS.map((k): [Indicator, IndicatorScore] => [k, { ...values[k], weight: settings.indicators[k].weight }]),
  ) as Record<Indicator, IndicatorScore>
  let weights = 0
  let points = 0
  for (const k of INDICATORS) {
    const { score, weight } = indicators[k]
    if (score === null || weight === 0) continue
    weights += weight
    points += weight * score
  }
  return { clerkId: c.clerkId, indicators, quantitative: weights > 0 ? points / weights : null }
}

export function scoreDay(clerks: readonly ClerkFacts[], settings: AssessmentSettings): StoredAssessment {
  return { settings, clerks: clerks.map((c) => scoreClerk(c, settings)) }
}

/** The assessment as the manager sees it: scores, names, grades and the combined result. */
export function assessmentOf(
  businessDay: string,
  stored: StoredAssessment,
  grades: readonly ClerkGrade[],
  clerks: Record<number, Clerk>,
  closedAt: number | null,
): DayAssessment {
  const { settings } = stored
  const byClerk = new Map(stored.clerks.map((c) => [c.clerkId, c]))
  for (const g of grades) {
    if (!byClerk.has(g.clerkId)) byClerk.set(g.clerkId, { clerkId: g.clerkId, indicators: emptyIndicators(settings), quantitative: null })
  }
  const gradeOf = new Map(grades.map((g) => [g.clerkId, g]))
  const rows: ClerkAssessment[] = [...byClerk.values()]
    .sort((a, b) => a.clerkId - b.clerkId)
    .map((q) => {
      const g = gradeOf.get(q.clerkId)
      const points = g ? settings.gradePoints[g.grade] : null
      const combined =
        points === null || q.quantitative === null ? null : ((100 - settings.qualitativeWeight) * q.quantitative + settings.qualitativeWeight * points) / 100
      return {
        ...q,
        staffCode: clerks[q.clerkId]?.staffCode ?? '',
        name: clerks[q.clerkId]?.name ?? `#${q.clerkId}`,
        grade: g?.grade ?? null,
        comment: g?.comment ?? '',
        gradedAt: g?.gradedAt ?? null,
        gradedBy: g?.gradedBy ?? null,
        combined,
      }
    })
  return { businessDay, frozen: closedAt !== null, closedAt, settings, clerks: rows }
}

function emptyIndicators(settings: AssessmentSettings): Record<Indicator, IndicatorScore> {
  return Object.fromEntries(INDICATORS.map((k) => [k, { value: null, score: null, weight: settings.indicators[k].weight }])) as Record<
    Indicator,
    IndicatorScore
  >
}
