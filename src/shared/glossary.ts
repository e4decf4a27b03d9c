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
    quality: string
    plan: string
    teamwork: string
  }
  /** Weighted mean of the indicator scores that apply (0–100). */
  quantitative: string
  /** The manager's qualitative mark (优秀 / 良好 / 一般). */
  grade: string
  /** (100 − q)% × quantitative + q% × grade points. */
  combined: string
  grades: { excellent: string; good: string; fair: string }
  /** The hall's result (mean over its clerks). */
  team: string
  periods: { day: string; week: string; month: string }
  /** 质检 results and the reasons of a fail. */
  checkResults: { pass: string; fail: string }
  checkReasons: { error: string; wording: string; documents: string; procedure: string; other: string }
  /** 激励与约束: the follow-ups to a result. */
  followUp: string
  followUpKinds: { praise: string; coaching: string; training: string; interview: string }
  /** A plan's measure and period. */
  planMeasures: { served: string; items: string }
  planPer: { day: string; month: string }
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
      quality: '工作质量合格率',
      plan: '工作计划完成率',
      teamwork: '团队协作',
    },
    quantitative: '定量得分',
    grade: '经理评定',
    combined: '综合得分',
    grades: { excellent: '优秀', good: '良好', fair: '一般' },
    team: '全厅（团队）',
    periods: { day: '日', week: '周', month: '月' },
    checkResults: { pass: '合格', fail: '不合格' },
    checkReasons: { error: '业务差错', wording: '服务用语不规范', documents: '资料不全', procedure: '流程不符', other: '其他' },
    followUp: '激励与约束',
    followUpKinds: { praise: '表扬', coaching: '辅导', training: '培训', interview: '面谈' },
    planMeasures: { served: '办结量', items: '业务笔数' },
    planPer: { day: '每日', month: '每月' },
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
      quality: 'Work quality pass rate',
      plan: 'Work plan completion',
      teamwork: 'Teamwork',
    },
    quantitative: 'Quantitative score',
    grade: 'Manager’s grade',
    combined: 'Combined score',
    grades: { excellent: 'Excellent', good: 'Good', fair: 'Fair' },
    team: 'Whole hall (team)',
    periods: { day: 'Day', week: 'Week', month: 'Month' },
    checkResults: { pass: 'Pass', fail: 'Fail' },
    checkReasons: { error: 'Business error', wording: 'Improper wording', documents: 'Incomplete documents', procedure: 'Procedure not followed', other: 'Other' },
    followUp: 'Incentives and follow-up',
    followUpKinds: { praise: 'Praise', coaching: 'Coaching', training: 'Training', interview: 'Interview' },
    planMeasures: { served: 'Customers served', items: 'Business items' },
    planPer: { day: 'per day', month: 'per month' },
    scoreOf: (indicator) => `${indicator} score`,
    ofStandard: (percent) => `${percent} of standard`,
    handlingOfStandard: 'Handling time (share of standard)',
  },
}

