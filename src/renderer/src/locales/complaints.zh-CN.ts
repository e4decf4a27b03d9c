/**
 * 投诉工单 (manual ch. 5): the manager's page, the counter's complaint form and the live view's
 * deadline alerts. zh-CN is the schema; complaints.en-US.ts is typed against it.
 */
const pad = (n: number) => String(n).padStart(2, '0')
/** A span as 1 天 3 小时 / 2 小时 05 分 / 12 分. */
function span(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000))
  const d = Math.floor(min / 1440)
  const h = Math.floor((min % 1440) / 60)
  if (d > 0) return `${d} 天 ${h} 小时`
  return h > 0 ? `${h} 小时 ${pad(min % 60)} 分` : `${min} 分`
}

export const complaintsZhCN = {
  title: '投诉工单',
  open: '投诉工单',
  back: '返回大厅实时情况',
  span,
  channel: { counter: '柜台', phone: '电话', letter: '信函', online: '网上', onsite: '现场' },
  status: { received: '受理', handling: '处理中', callback: '待回访', closed: '已办结', cancelled: '已撤销' },
  confirmation: { satisfied: '满意', partly: '基本满意', dissatisfied: '不满意' },
  action: { take: '受理', update: '处理', close: '回访办结', reopen: '重新打开', cancel: '撤销' },
  deadline: { firstContact: '首次联系', closure: '办结' },
  filters: {
    status: '状态',
    channel: '渠道',
    category: '分类',
    day: '受理日期',
    all: '全部',
    any: (what: string) => `${what}：全部`,
    openOnly: '未办结',
    refresh: '刷新',
  },
  columns: {
    id: '编号',
    takenAt: '受理时间',
    channel: '渠道',
    category: '分类 / 细类',
    service: '业务',
    clerk: '被投诉人',
    owner: '负责人 / 部门',
    status: '状态',
    due: '期限',
    reopened: '重开',
  },
  empty: '没有符合条件的投诉工单',
  overdue: (which: string, late: string) => `${which}已逾期 ${late}`,
  dueSoon: (which: string, left: string) => `${which}剩 ${left}`,
  dueAt: (which: string, at: string) => `${which} ${at} 前`,
  counts: (open: number, overdue: number) => `未办结 ${open} 件，其中逾期 ${overdue} 件`,
  take: '登记投诉',
  takeTitle: '登记投诉（电话 / 信函 / 网上 / 现场）',
  fields: {
    channel: '渠道',
    category: '投诉分类',
    reason: '细类',
    service: '涉及业务',
    clerk: '被投诉营业员',
    owner: '负责人',
    department: '责任部门',
    summary: '投诉内容',
    summaryHint: '客户的诉求与经过；加密保存，只有处理投诉的人员可见',
    solution: '解决方案',
    remark: '处理记录',
    confirmation: '客户确认',
    confirmationNote: '客户意见',
    moveTo: '转为',
  },
  none: '（无）',
  nobody: '（不针对个人）',
  detail: {
    title: (id: number) => `投诉工单 #${id}`,
    takenBy: (who: string, at: string) => `${who} 于 ${at} 受理`,
    history: '处理经过',
    purged: '已超过保存期限，投诉文字已删除',
    noSolution: '尚未填写解决方案',
    firstContactAt: '首次联系',
    closedBy: (who: string, at: string) => `${who} 于 ${at} 办结`,
    reopened: (n: number) => `已重开 ${n} 次`,
    record: '保存处理',
    recordContact: '已联系客户（转处理中）',
    toCallback: '方案已商定（转待回访）',
    close: '回访并办结',
    reopen: '重新打开',
    reopenReason: '重新打开的原因',
    cancel: '撤销工单',
    cancelReason: '撤销原因（如：客户撤回）',
    done: '已保存',
    closed: '工单已办结',
  },
  change: {
    category: '分类',
    reason: '细类',
    serviceId: '业务',
    clerkId: '被投诉人',
    ownerId: '负责人',
    department: '部门',
    status: '状态',
    firstContactAt: '首次联系',
    hasSolution: '解决方案',
    confirmation: '客户确认',
    closedAt: '办结',
    closedBy: '办结人',
    cancelledAt: '撤销',
    reopened: '重开次数',
    closeDueAt: '办结期限',
  },
  systemActor: '系统',
  alertOverdue: (id: number, which: string, late: string) => `投诉 #${id}：${which}已逾期 ${late}`,
  alertDueSoon: (id: number, which: string, left: string) => `投诉 #${id}：距${which}期限仅剩 ${left}`,
  counter: {
    open: '登记投诉',
    title: (number: string) => `登记投诉 · ${number}`,
    subject: '被投诉营业员',
    saved: (id: number) => `投诉已登记，工单 #${id}，值班经理会跟进`,
  },
}

export type ComplaintMessages = typeof complaintsZhCN
