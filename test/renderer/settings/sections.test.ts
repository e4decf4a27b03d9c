import { describe, expect, it } from 'vitest'
import { readLocation } from '../../../src/renderer/src/route'
import { sectionFromLocation, sectionLocation } from '../../../src/renderer/src/stores/settings/sections'

const at = (pathname: string, search = '', hash = '', protocol = 'http:') => ({ pathname, search, hash, protocol })

describe('which settings section an address names', () => {
  it('in a browser the path, in the desktop app the hash; the first section otherwise', () => {
    expect(readLocation(at('/settings/devices')).screen).toBe('settings')
    expect(sectionFromLocation(at('/settings/devices'))).toBe('devices')
    expect(sectionFromLocation(at('/settings'))).toBe('services')
    expect(sectionFromLocation(at('/settings/nope'))).toBe('services')
    expect(sectionFromLocation(at('/opt/HallQ/index.html', '', '#/settings/terminals?lang=en-US', 'file:'))).toBe('terminals')
    expect(readLocation(at('/opt/HallQ/index.html', '', '#/settings/terminals?lang=en-US', 'file:')).screen).toBe('settings')
  })

  it('switching section keeps the language and terminal in the address', () => {
    expect(sectionLocation('backups', at('/settings/devices', '?lang=en-US'))).toBe('/settings/backups?lang=en-US')
    expect(sectionLocation('backups', at('/opt/HallQ/index.html', '', '#/settings?terminal=pc-1', 'file:'))).toBe('/opt/HallQ/index.html#/settings/backups?terminal=pc-1')
  })
})
