/**
 * The assessment of manual ch. 10.2 on the report page: 质检 from the visit list, work plans,
 * teamwork, weeks and months, follow-ups and the monthly sheet. Indicator and mark names come
 * from the glossary (src/shared/glossary.ts). zh-CN is the schema; assessment.en-US.ts is typed against it.
 */
import { ASSESSMENT_WORDS } from '../../../shared/glossary'

const w = ASSESSMENT_WORDS['zh-CN']

export const assessmentZhCN = {
  words: w,
  modeWeek: '按周',
  modeMonth: '按月',
  periodLabel: (period: 'week' | 'month', from: string, to: string) => (period === 'week' ? `${from} 至 ${to}（周）` : `${from.slice(0, 7)} 月`),
  previous: '上一期',
  next: '下一期',
  periodHint: '本期各营业日的数据合计后计分（已日结的按日结时数据）；期末日结后冻结。',
  periodRunning: '本期尚未结束，数据随营业更新。',
  periodFrozen: '本期已结束，已冻结。',
  days: '天数',
  gradePoints: '评定均分',
  graded: (n: number) => `评定 ${n} 天`,
  teamRow: w.team,
  tabs: { visits: '业务明细·质检', period: '周期考核', plans: '工作计划' },
  visits: {
    ticket: '票号',
    clerk: '营业员',
    service: '业务',
    time: '时间',
    outcome: '结果',
    items: '办理业务',
    check: '质检',
    notChecked: '未质检',
    notCheckable: '—',
    action: '质检',
    none: '当日没有业务记录',
  },
  outcomes: { completed: '办结', pending: '待办', transferred: '转办', no_show: '过号', cancelled: '取消' } as Record<string, string>,
  checkDialog: {
    title: (ticket: string, name: string) => `质检：${ticket}（${name}）`,
    result: '质检结果',
    reason: '不合格原因',
    note: '说明（选填，300 字以内）',
    saved: (ticket: string, result: string) => `已质检 ${ticket}：${result}`,
  },
  plan: {
    action: '计划',
    title: (name: string) => `工作计划：${name}`,
    measure: '计划指标',
    per: '周期',
    target: '目标',
    none: '无计划',
    remove: '取消计划',
    saved: (name: string) => `已保存 ${name} 的工作计划`,
    removed: (name: string) => `已取消 ${name} 的工作计划`,
    text: (measure: string, per: string, target: number) => `${per}${measure} ${target}`,
    /** The plan list of a week or month (every clerk, with or without figures yet). */
    column: '工作计划',
    listRunning: '每位营业员一份计划，修改后自当前营业日起计分；已日结的日子保留日结时的计划。',
    listFrozen: '本期已冻结：以下为期末日结时的计划，不能再修改。',
  },
  markPoints: (points: string) => `${points} 分`,
  teamwork: '团队协作',
  followUp: {
    action: '跟进',
    title: (name: string) => `${w.followUp}：${name}`,
    kind: '措施',
    note: '内容（选填，500 字以内）',
    saved: (name: string, kind: string) => `已记录 ${name}：${kind}`,
    list: w.followUp,
    none: '暂无',
    item: (kind: string, note: string) => (note ? `${kind}：${note}` : kind),
  },
  print: {
    heading: (hall: string, period: 'week' | 'month') => `${hall} ${period === 'week' ? '周' : '月度'}考核表`,
    period: (from: string, to: string) => `考核期间：${from} 至 ${to}`,
    clerks: '营业员考核',
    followUps: w.followUp,
    notFrozen: '本期尚未结束，以上为打印时的数据',
    signManager: '值班经理（签字）',
    signClerk: '营业员确认（签字）',
    signHead: '营业厅负责人（签字）',
    signDate: '日期',
    fileName: (period: 'week' | 'month', from: string) => `${period === 'week' ? '周' : '月度'}考核表_${period === 'week' ? from : from.slice(0, 7)}.pdf`,
  },
}

export type AssessmentMessages = typeof assessmentZhCN
