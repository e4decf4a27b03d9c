/**
 * The preset sentences of the hall's contingency plan, shown on every display and announced.
 * A manager may replace them with their own words when starting an emergency.
 */
import type { EmergencyKind } from './domain'
import type { Locale } from './locales/index'

export const EMERGENCY_PRESETS: Record<Locale, Record<EmergencyKind, string>> = {
  'zh-CN': {
    outage: '系统故障，正在抢修。请保留您的号码，工作人员将为您手写登记。',
    power: '营业厅临时停电，请在座位稍候，听从工作人员安排。',
    network: '网络中断，部分业务暂停办理，请稍候。',
    evacuation: '紧急情况，请听从工作人员指引，从最近的安全出口有序撤离。',
    crowding: '当前客流较多，暂停取号，请您稍后再来或在网上营业厅办理。',
    security: '请保持冷静，听从工作人员安排。',
    custom: '',
  },
  'en-US': {
    outage: 'System outage. Please keep your number; staff will register you by hand.',
    power: 'Power failure. Please stay seated and follow the staff.',
    network: 'Network failure. Some services are suspended; please wait.',
    evacuation: 'Emergency. Please follow the staff and leave calmly by the nearest exit.',
    crowding: 'The hall is very busy. Ticket issuing is paused; please come back later or use online service.',
    security: 'Please stay calm and follow the staff.',
    custom: '',
  },
}

/** Said before a drill's message, so nobody in the hall takes it for the real thing (演练). */
export const DRILL_SPOKEN: Record<Locale, string> = {
  'zh-CN': '现在进行应急演练。',
  'en-US': 'This is a drill. ',
}
