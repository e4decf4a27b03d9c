import { describe, expect, it } from 'vitest'
import { commandSchemas } from '../../../src/shared/commands'
import { serviceSchema } from '../../../src/shared/domain'
import { DEFAULT_SETTINGS, mergeSettings, settingsSchema } from '../../../src/shared/settings'
import { SETTINGS_MESSAGES } from '../../../src/renderer/src/locales/settings'
import { MESSAGES } from '../../../src/renderer/src/locales'
import { errorAt, issueSentence, issuesToFields, refusalOf, unclaimed } from '../../../src/renderer/src/stores/settings/field-errors'
import { HallError } from '../../../src/renderer/src/transport/transport'

const zh = SETTINGS_MESSAGES['zh-CN'].issues
const en = SETTINGS_MESSAGES['en-US'].issues
const errorText = (err: unknown) => (err instanceof HallError ? MESSAGES['zh-CN'].errors[err.code as 'LAST_ADMIN'] : '?')

describe('a refused save, at its field, in the screen’s language', () => {
  it('reads zod’s own messages for their bounds', () => {
    expect(issueSentence('Too small: expected number to be >=1', zh)).toBe('不能小于 1')
    expect(issueSentence('Too big: expected number to be <=240', zh)).toBe('不能大于 240')
    expect(issueSentence('Too small: expected string to have >=1 characters', zh)).toBe('请填写')
    expect(issueSentence('Too big: expected string to have <=40 characters', zh)).toBe('最多 40 个字')
    expect(issueSentence('Too small: expected array to have >=1 items', zh)).toBe('至少需要 1 项')
    expect(issueSentence('Invalid input: expected int, received number', zh)).toBe('请填写整数')
    expect(issueSentence('Invalid input: expected number, received null', zh)).toBe('请填写数字')
    expect(issueSentence('Invalid option: expected one of "requeue"|"reissue"', zh)).toBe('请从选项中选择')
    expect(issueSentence('Too big: expected number to be <=240', en)).toBe('Must be at most 240')
  })

  it('says every message the shared schemas give a hall form, never the raw English', () => {
    const service = serviceSchema.safeParse({
      id: 'x', prefix: 'ab', nameZh: '', nameEn: 'a'.repeat(70), targetWaitMin: 0, defaultHandleMin: 300, dailyCap: 1.5,
      hours: [{ from: '9:00', to: '08:00' }, { from: '10:00', to: '09:00' }], message: '', items: [''], active: true, sortOrder: -1,
    })
    const settings = settingsSchema.safeParse(
      mergeSettings(DEFAULT_SETTINGS, {
        hall: { timeZone: 'Mars/Olympus', rolloverHour: 30, calendar: { workingWeekdays: [1, 1, 9], holidays: ['2026-02-30'], makeUpWorkdays: ['2026-10-10', '2026-10-10'] } },
        display: { voiceTemplate: '请 {who} 到窗口' },
        assessment: { indicators: Object.fromEntries(['served', 'handling', 'satisfaction', 'noShow', 'complaints', 'utilisation'].map((k) => [k, { weight: 0 }])) },
        devices: { list: [{ id: 'Bad Id', name: 'x', kind: 'counterBars', connection: { type: 'virtual' }, preset: 'custom', frame: { frame: 'AA {addr} {text} FF', checksum: 'sum8' } }] },
      }),
    )
    const clerk = commandSchemas.saveClerk.safeParse({ staffCode: 'a b', name: 'x', role: 'clerk', active: true, pin: '12' })
    const messages = [service, settings, clerk].flatMap((r) => (r.success ? [] : r.error.issues.map((i) => i.message)))
    expect(messages.length).toBeGreaterThan(15)
    for (const message of messages) {
      expect(issueSentence(message, zh), message).not.toMatch(/格式不正确/)
      expect(issueSentence(message, en), message).not.toMatch(/^Not valid/)
    }
  })

  it('puts issues under the command’s prefix at their field, the first sentence per field', () => {
    const r = issuesToFields(
      [
        { path: ['service', 'targetWaitMin'], message: 'Too small: expected number to be >=1' },
        { path: ['service', 'hours', '0'], message: 'from must be before to' },
        { path: ['service', 'hours', '0'], message: 'time: HH:MM' },
        { path: [], message: 'Unrecognized key: "x"' },
      ],
      ['service'],
      zh,
    )
    expect(r.fields).toEqual({ targetWaitMin: '不能小于 1', 'hours.0': '开始时间要早于结束时间' })
    expect(r.form).toBe('格式不正确（Unrecognized key: "x"）')
    expect(errorAt(r.fields, 'hours')).toBe('开始时间要早于结束时间')
    expect(unclaimed({ ...r.fields, 'patch.odd': 'x' }, ['targetWaitMin', 'hours'])).toEqual(['x'])
  })

  it('turns the hub’s answers into field errors: validation details, and refusals that name a field', () => {
    const validation = new HallError('VALIDATION_FAILED', [{ path: ['patch', 'queue', 'recallLimit'], message: 'Too big: expected number to be <=10' }])
    expect(refusalOf(validation, ['patch'], zh, errorText)).toEqual({ fields: { 'queue.recallLimit': '不能大于 10' }, form: null })
    expect(refusalOf(new HallError('LAST_ADMIN'), [], zh, errorText, { LAST_ADMIN: 'role' })).toEqual({ fields: { role: '至少需要保留一名启用的管理员' }, form: null })
    expect(refusalOf(new HallError('LAST_ADMIN'), [], zh, errorText)).toEqual({ fields: {}, form: '至少需要保留一名启用的管理员' })
    // A validation answer without usable details is the form's, not lost.
    expect(refusalOf(new HallError('VALIDATION_FAILED'), ['patch'], zh, () => '输入有误，请检查后重试')).toEqual({ fields: {}, form: '输入有误，请检查后重试' })
  })
})
