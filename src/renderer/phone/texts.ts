/**
 * The phone page's words, zh-CN first; en-US is typed against it. The place-in-line sentences
 * are the kiosk's own (src/shared/wait-words.ts).
 */
import { WAIT_WORDS } from '../../shared/wait-words'

const zhCN = {
  title: '排队进度',
  yourNumber: '您的号码',
  ...WAIT_WORDS['zh-CN'],
  called: '请到窗口办理',
  goTo: (counter: string) => `请到 ${counter} 办理`,
  callAgain: (n: number) => `第 ${n} 次叫号`,
  gotIt: '知道了',
  serving: (counter: string) => `正在 ${counter} 办理`,
  missed: '您的号码已过号',
  missedRule: { requeue: (n: number) => `过号后请到窗口说明，顺延 ${n} 位`, reissue: () => '过号后请重新取号' },
  thanks: '感谢您的光临！',
  rateAsk: '请为本次服务评价',
  rated: '感谢您的评价！',
  scores: { 4: '非常满意', 3: '满意', 2: '一般', 1: '不满意' } as Record<1 | 2 | 3 | 4, string>,
  closed: '此号码今日已结束。',
  alertOn: '开启提醒',
  alertOnHint: '叫到您时手机响铃并振动（请保持本页打开）',
  alertReady: '提醒已开启',
  live: '实时更新',
  reconnecting: '正在重新连接…',
  invalid: '此链接无效或已过期',
  invalidHint: '请扫描今天号票上的二维码。',
  tooMany: '请求过于频繁，请稍后再试',
  failed: '暂时无法评价，请稍后再试',
  other: 'English',
  lang: 'zh-CN',
}

export type PhoneTexts = { [K in keyof typeof zhCN]: (typeof zhCN)[K] extends (...args: infer A) => string ? (...args: A) => string : (typeof zhCN)[K] extends string ? string : (typeof zhCN)[K] }

const enUS: PhoneTexts = {
  title: 'Your place in line',
  yourNumber: 'Your number',
  ...WAIT_WORDS['en-US'],
  called: 'Please go to the counter',
  goTo: (counter: string) => `Please go to ${counter}`,
  callAgain: (n: number) => `Called ${n} times`,
  gotIt: 'OK',
  serving: (counter: string) => `Being served at ${counter}`,
  missed: 'Your number was called and missed',
  missedRule: { requeue: (n: number) => `Missed your call? Tell the counter: you go back ${n} places`, reissue: () => 'Missed your call? Please take a new ticket' },
  thanks: 'Thank you for your visit!',
  rateAsk: 'How was our service?',
  rated: 'Thank you for your rating!',
  scores: { 4: 'Very satisfied', 3: 'Satisfied', 2: 'Fair', 1: 'Dissatisfied' },
  closed: 'This number has ended for today.',
  alertOn: 'Turn on alerts',
  alertOnHint: 'Your phone rings and vibrates when you are called (keep this page open)',
  alertReady: 'Alerts are on',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  invalid: 'This link is not valid or has expired',
  invalidHint: 'Please scan the QR code on today\'s ticket.',
  tooMany: 'Too many requests; please try again shortly',
  failed: 'Could not send the rating; please try again',
  other: '中文',
  lang: 'en-US',
}

export const PHONE_TEXTS = { 'zh-CN': zhCN as PhoneTexts, 'en-US': enUS }
export type PhoneLocale = keyof typeof PHONE_TEXTS
