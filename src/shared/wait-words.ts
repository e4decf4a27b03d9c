/**
 * The words for a customer's place in line, said the same way wherever the customer reads them:
 * the kiosk's tiles and ticket screen, and the customer's own phone page. Tiny on purpose: the
 * phone page ships it.
 */
export type WaitLocale = 'zh-CN' | 'en-US'

export const WAIT_WORDS = {
  'zh-CN': {
    ahead: (n: number) => (n === 0 ? '您前面没有人在等候' : `您前面还有 ${n} 人在等候`),
    estimate: (min: number) => (min <= 1 ? '预计 1 分钟内' : `预计约 ${min} 分钟`),
    noCounter: '暂无窗口办理，请留意叫号或咨询大堂经理' as string,
  },
  'en-US': {
    ahead: (n: number) => (n === 0 ? 'Nobody is ahead of you' : `${n} ${n === 1 ? 'person' : 'people'} ahead of you`),
    estimate: (min: number) => (min <= 1 ? 'Under 1 min' : `About ${min} min`),
    noCounter: 'No counter serves this yet — listen for your number or ask the hall manager' as string,
  },
} as const satisfies Record<WaitLocale, { ahead: (n: number) => string; estimate: (min: number) => string; noCounter: string }>
