import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/shared/errors'
import { MESSAGES } from '../../src/renderer/src/locales'
import { SETTINGS_MESSAGES } from '../../src/renderer/src/locales/settings'
import { dateTimeFormat, formatTime } from '../../src/renderer/src/locales/zh-CN'
import { useLocaleStore } from '../../src/renderer/src/stores/locale'
import { HallError } from '../../src/renderer/src/transport/transport'

/** Every key path, and for functions the kind of value they give. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path}()`]
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => shape(v, `${path}.${k}`))
  return [path]
}

describe('screen languages', () => {
  it('en-US has exactly the keys of zh-CN (the type check says so too)', () => {
    expect(shape(MESSAGES['en-US']).sort()).toEqual(shape(MESSAGES['zh-CN']).sort())
    expect(shape(SETTINGS_MESSAGES['en-US']).sort()).toEqual(shape(SETTINGS_MESSAGES['zh-CN']).sort())
  })

  it('every error code has a sentence in both', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) for (const code of ERROR_CODES) expect(MESSAGES[locale].errors[code]).toMatch(/\S/)
  })

  it('errors become sentences, never codes, in the chosen language', () => {
    setActivePinia(createPinia())
    const locale = useLocaleStore()
    expect(locale.errorText(new HallError('COUNTER_PAUSED'))).toBe('窗口暂停服务中')
    expect(locale.errorText(new HallError('OFFLINE'))).toContain('连接已断开')
    expect(locale.errorText(new HallError('ISSUING_PAUSED', { message: '系统升级中' }))).toBe('暂停取号：系统升级中')
    expect(locale.errorText(new HallError('OUTSIDE_ISSUING_HOURS', { hours: [{ from: '08:30', to: '12:00' }] }))).toBe('当前不在该业务的取号时间内（08:30–12:00）')
    expect(locale.errorText(new Error('boom'))).toBe('系统内部错误，操作未保存')
    locale.setLocale('en-US')
    expect(locale.errorText(new HallError('QUEUE_EMPTY'))).toBe('Nobody is waiting')
    expect(document.documentElement.lang).toBe('en-US')
  })
})

describe('the hall’s time on screen', () => {
  it('formats in the hall’s time zone, with one formatter per locale and options, made once', () => {
    const at = Date.UTC(2026, 0, 5, 1, 2, 3)
    expect(formatTime(at, 'Asia/Shanghai', 'zh-CN')).toBe('09:02')
    expect(formatTime(at, 'Asia/Shanghai', 'zh-CN', true)).toBe('09:02:03')
    expect(formatTime(at, 'Europe/London', 'en-GB')).toBe('01:02')
    const options = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' } as const
    expect(dateTimeFormat('zh-CN', options)).toBe(dateTimeFormat('zh-CN', { ...options }))
    expect(dateTimeFormat('en-GB', options)).not.toBe(dateTimeFormat('zh-CN', options))
  })
})
