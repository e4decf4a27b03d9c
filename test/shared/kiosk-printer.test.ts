import { describe, expect, it } from 'vitest'
import { devicesSettingsSchema, kioskNameOf, printerForKiosk, printerReady } from '../../src/shared/devices'

const list = devicesSettingsSchema.parse({
  list: [
    { id: 'bars', name: '窗口屏', kind: 'counterBars', connection: { type: 'virtual' } },
    { id: 'off', name: '停用', kind: 'printer', enabled: false, connection: { type: 'virtual' } },
    { id: 'door', name: '门口打印机', kind: 'printer', connection: { type: 'virtual' }, terminals: ['kiosk-door'] },
    { id: 'any', name: '通用打印机', kind: 'printer', connection: { type: 'virtual' } },
  ],
}).list

describe('which printer serves a kiosk', () => {
  it('reads the kiosk name from every way the hall records a caller', () => {
    expect(kioskNameOf('kiosk-door@192.168.1.20')).toBe('kiosk-door')
    expect(kioskNameOf('kiosk-door@::ffff:127.0.0.1')).toBe('kiosk-door')
    expect(kioskNameOf('门口取号机#3@kiosk-door@192.168.1.20')).toBe('kiosk-door')
    expect(kioskNameOf('a@b#12@kiosk-2@10.0.0.5')).toBe('kiosk-2')
    expect(kioskNameOf('kiosk-door@desktop')).toBe('kiosk-door')
    expect(kioskNameOf('desktop')).toBe('desktop')
    expect(kioskNameOf('192.168.1.20')).toBe('192.168.1.20')
  })

  it('is the first enabled printer that names the kiosk or serves every kiosk', () => {
    expect(printerForKiosk(list, 'kiosk-door')?.id).toBe('door')
    expect(printerForKiosk(list, 'kiosk-hall')?.id).toBe('any')
    expect(printerForKiosk(list.filter((d) => d.id !== 'any'), 'kiosk-hall')).toBeNull()
    expect(printerForKiosk([], 'kiosk-door')).toBeNull()
  })

  it('a printer with paper nearly out still prints; out of paper or unplugged does not', () => {
    expect(printerReady({ connected: true, problems: [] })).toBe(true)
    expect(printerReady({ connected: true, problems: ['paperNearEnd'] })).toBe(true)
    expect(printerReady({ connected: true, problems: ['paperOut'] })).toBe(false)
    expect(printerReady({ connected: false, problems: ['notConnected'] })).toBe(false)
  })
})
