/**
 * The assessment's words (docs/metrics.md, 考核): one name per indicator and per score, in both
 * languages, for the settings page, the report page, the printed sheet and the exports alike, so
 * a manager reading the sheet finds the same words the administrator set weights on.
 * Indicator keys are those of the assessment settings (`src/shared/settings.ts`).
 */
export interface AssessmentWords {
  indicators: {
    served: string
    handling: string
    satisfaction: string
    noShow: string
    complaints: string
    utilisation: string
  }
  /** Weighted mean of the indicator scores that apply (0–100). */
  quantitative: string
  /** The manager's qualitative mark (优秀 / 良好 / 一般). */
  grade: string
  /** (100 − q)% × quantitative + q% × grade points. */
  combined: string
  grades: { excellent: string; good: string; fair: string }
  /** What an indicator measured, under its score: "score" (得分) as a column suffix. */
  scoreOf: (indicator: string) => string
  /** The handling indicator's measured value: time serving against the standard, as a share. */
  ofStandard: (percent: string) => string
  /** The handling indicator's measured value as a column of its own (exports). */
  handlingOfStandard: string
}

export const ASSESSMENT_WORDS: Readonly<Record<'zh-CN' | 'en-US', AssessmentWords>> = {
  'zh-CN': {
    indicators: {
      served: '办结量',
      handling: '办理时长',
      satisfaction: '满意率',
      noShow: '过号处理',
      complaints: '投诉办结率',
      utilisation: '利用率',
    },
    quantitative: '定量得分',
    grade: '经理评定',
    combined: '综合得分',
    grades: { excellent: '优秀', good: '良好', fair: '一般' },
    scoreOf: (indicator) => `${indicator}得分`,
    ofStandard: (percent) => `标准的 ${percent}`,
    handlingOfStandard: '办理时长(占标准)',
  },
  'en-US': {
    indicators: {
      served: 'Customers served',
      handling: 'Handling time',
      satisfaction: 'Satisfaction rate',
      noShow: 'No-show handling',
      complaints: 'Complaints resolved',
      utilisation: 'Utilisation',
    },
    quantitative: 'Quantitative score',
    grade: 'Manager’s grade',
    combined: 'Combined score',
    grades: { excellent: 'Excellent', good: 'Good', fair: 'Fair' },
    scoreOf: (indicator) => `${indicator} score`,
    ofStandard: (percent) => `${percent} of standard`,
    handlingOfStandard: 'Handling time (share of standard)',
  },
}

