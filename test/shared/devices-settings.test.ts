import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, mergeSettings, settingsSchema } from '../../src/shared/settings'
import { DEFAULT_WEDGE_KEYS, scoreForKey } from '../../src/shared/evaluator-keys'

describe('the devices section of the settings', () => {
  it('defaults to no devices, the default ticket and keys 1–4', () => {
    expect(DEFAULT_SETTINGS.devices.list).toEqual([])
    expect(DEFAULT_SETTINGS.devices.ticket.numberSize).toBe(4)
    expect(DEFAULT_SETTINGS.devices.evaluator.wedgeKeys).toEqual(DEFAULT_WEDGE_KEYS)
  })

  it('settings stored before devices existed still load', () => {
    const { devices: _devices, ...old } = DEFAULT_SETTINGS
    expect(settingsSchema.parse(JSON.parse(JSON.stringify(old))).devices).toEqual(DEFAULT_SETTINGS.devices)
  })

  it('fills a device in with defaults from a short patch', () => {
    const parsed = settingsSchema.parse(
      mergeSettings(DEFAULT_SETTINGS, { devices: { list: [{ id: 'kiosk-printer', name: '取号机打印机', kind: 'printer', connection: { type: 'serial', path: 'COM3' } }] } }),
    )
    expect(parsed.devices.list[0]).toMatchObject({
      enabled: true,
      paper: '80',
      statusPolling: true,
      connection: { type: 'serial', path: 'COM3', baudRate: 9600, parity: 'none', flowControl: 'none' },
    })
  })

  it.each([
    ['two devices with one id', [{ id: 'a', name: 'x', kind: 'printer', connection: { type: 'virtual' } }, { id: 'a', name: 'y', kind: 'printer', connection: { type: 'virtual' } }], 'used twice'],
    ['a custom preset without a frame', [{ id: 'b', name: 'x', kind: 'counterBars', connection: { type: 'virtual' }, preset: 'custom' }], 'needs a frame'],
    ['an evaluator that is virtual', [{ id: 'c', name: 'x', kind: 'evaluator', connection: { type: 'virtual' } }], ''],
    ['a system printer for bars', [{ id: 'd', name: 'x', kind: 'counterBars', connection: { type: 'system' } }], ''],
    ['flow control nobody knows', [{ id: 'e', name: 'x', kind: 'printer', connection: { type: 'serial', path: 'COM1', flowControl: 'dtr' } }], ''],
  ])('refuses %s', (_name, list, message) => {
    const r = settingsSchema.safeParse({ devices: { list } })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.message).join(' ')).toContain(message)
  })
})

describe('keyboard-wedge keypads', () => {
  it('maps keys and key codes to scores with the settings map', () => {
    expect(scoreForKey(DEFAULT_WEDGE_KEYS, { key: '1' })).toBe(4)
    expect(scoreForKey(DEFAULT_WEDGE_KEYS, { key: '4', code: 'Digit4' })).toBe(1)
    expect(scoreForKey([{ key: 'Numpad2', score: 3 }], { key: '2', code: 'Numpad2' })).toBe(3)
    expect(scoreForKey([{ key: 'a', score: 4 }], { key: 'A' })).toBe(4)
    expect(scoreForKey([{ key: 'F1', score: 4 }], { key: 'F1' })).toBe(4)
  })

  it('ignores other keys, held keys and shortcuts', () => {
    expect(scoreForKey(DEFAULT_WEDGE_KEYS, { key: '5' })).toBeNull()
    expect(scoreForKey(DEFAULT_WEDGE_KEYS, { key: '1', repeat: true })).toBeNull()
    expect(scoreForKey(DEFAULT_WEDGE_KEYS, { key: '1', ctrlKey: true })).toBeNull()
  })
})
