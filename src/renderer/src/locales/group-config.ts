/**
 * 集团配置 in words, for the hall's settings page and the centre's /hq page alike: a field's name
 * (`services.MOBILE.targetWaitMin` → 移动业务 · 目标等候时间), its value, and its standing.
 */
import { ASSESSMENT_WORDS } from '../../../shared/glossary'
import { serviceFieldOf, type FieldState, type ServiceField } from '../../../shared/group-config'
import type { Service } from '../../../shared/domain'

type Locale = 'zh-CN' | 'en-US'

interface GroupConfigWords {
  serviceFields: Record<ServiceField, string>
  params: Record<string, string>
  qualitativeWeight: string
  gradePoints: (grade: string) => string
  grades: Record<string, string>
  states: Record<FieldState, string>
  stateHints: Record<FieldState, string>
  yes: string
  no: string
  allDay: string
  noCap: string
  empty: string
}

export const GROUP_CONFIG_WORDS: Record<Locale, GroupConfigWords> = {
  'zh-CN': {
    serviceFields: {
      prefix: '号码前缀',
      nameZh: '中文名称',
      nameEn: '英文名称',
      targetWaitMin: '目标等候（分钟）',
      defaultHandleMin: '标准办理（分钟）',
      dailyCap: '每日限额',
      hours: '取号时间段',
      message: '号票提示语',
      items: '办理事项',
      active: '开放取号',
      sortOrder: '顺序',
    },
    params: { weight: '权重', target: '目标', zeroAtRatio: '零分倍数', minCalls: '最少叫号次数' },
    qualitativeWeight: '经理评定占比（%）',
    gradePoints: (grade) => `${grade}分值`,
    grades: ASSESSMENT_WORDS['zh-CN'].grades,
    states: { group: '集团', pending: '待应用', override: '本厅修改', local: '本厅自定', deferred: '次日生效' },
    stateHints: {
      group: '与集团配置一致',
      pending: '下次检查时采用集团值',
      override: '应用后本厅改过：保留本厅的值',
      local: '标记为本厅自定：集团怎么改都保留本厅的值',
      deferred: '今天已有这个前缀的号票：下一营业日采用',
    },
    yes: '是',
    no: '否',
    allDay: '全天',
    noCap: '不限',
    empty: '（空）',
  },
  'en-US': {
    serviceFields: {
      prefix: 'Ticket prefix',
      nameZh: 'Chinese name',
      nameEn: 'English name',
      targetWaitMin: 'Target wait (min)',
      defaultHandleMin: 'Standard handling (min)',
      dailyCap: 'Daily cap',
      hours: 'Issuing hours',
      message: 'Ticket message',
      items: 'Business items',
      active: 'Open for tickets',
      sortOrder: 'Order',
    },
    params: { weight: 'weight', target: 'target', zeroAtRatio: 'zero at ratio', minCalls: 'minimum calls' },
    qualitativeWeight: 'Manager’s grade share (%)',
    gradePoints: (grade) => `Points for ${grade}`,
    grades: ASSESSMENT_WORDS['en-US'].grades,
    states: { group: 'Group', pending: 'Pending', override: 'Changed here', local: 'Kept local', deferred: 'Next day' },
    stateHints: {
      group: 'Same as the group configuration',
      pending: 'Takes the group’s value at the next check',
      override: 'Changed in this hall after it was applied: the hall’s value stays',
      local: 'Marked local: the hall’s value stays whatever the group publishes',
      deferred: 'Tickets with this prefix are out today: taken on the next business day',
    },
    yes: 'yes',
    no: 'no',
    allDay: 'all day',
    noCap: 'no cap',
    empty: '(empty)',
  },
}

/** A field's name: the service's name and the field, or the indicator and its parameter. */
export function fieldLabel(field: string, locale: Locale, services: readonly Pick<Service, 'id' | 'nameZh' | 'nameEn'>[]): string {
  const w = GROUP_CONFIG_WORDS[locale]
  const svc = serviceFieldOf(field)
  if (svc) {
    const s = services.find((x) => x.id === svc.serviceId)
    const name = s ? (locale === 'zh-CN' ? s.nameZh : s.nameEn) : svc.serviceId
    return `${name} · ${w.serviceFields[svc.key]}`
  }
  const path = field.split('.').slice(1)
  if (path[0] === 'indicators' && path.length === 3) {
    const indicator = ASSESSMENT_WORDS[locale].indicators[path[1] as keyof AssessmentIndicators] ?? path[1]!
    return `${indicator} · ${w.params[path[2]!] ?? path[2]}`
  }
  if (path[0] === 'qualitativeWeight') return w.qualitativeWeight
  if (path[0] === 'gradePoints' && path[1]) return w.gradePoints(w.grades[path[1]] ?? path[1])
  return field
}
type AssessmentIndicators = (typeof ASSESSMENT_WORDS)['zh-CN']['indicators']

/** A field's value in words: on/off, all day, no cap, a list. */
export function fieldValue(field: string, value: unknown, locale: Locale): string {
  const w = GROUP_CONFIG_WORDS[locale]
  const key = serviceFieldOf(field)?.key
  if (value === null || value === undefined) return key === 'dailyCap' ? w.noCap : '—'
  if (typeof value === 'boolean') return value ? w.yes : w.no
  if (key === 'hours' && Array.isArray(value)) return value.length === 0 ? w.allDay : (value as { from: string; to: string }[]).map((h) => `${h.from}–${h.to}`).join(', ')
  if (Array.isArray(value)) return value.length === 0 ? w.empty : value.join(locale === 'zh-CN' ? '、' : ', ')
  if (value === '') return w.empty
  return String(value)
}
