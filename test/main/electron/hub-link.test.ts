import { describe, expect, it } from 'vitest'
import { normalizeHubAddress } from '../../../src/main/electron/hub-link'
import { remoteRoleUrl, terminalConfigSchema } from '../../../src/main/electron/terminal-config'

describe("the hub's address, as typed at first start", () => {
  it('becomes scheme://host:port; HallQ’s port when none is given; a path is dropped', () => {
    expect(normalizeHubAddress('192.168.1.10')).toBe('http://192.168.1.10:8080')
    expect(normalizeHubAddress(' http://192.168.1.10:9000 ')).toBe('http://192.168.1.10:9000')
    expect(normalizeHubAddress('HTTPS://Hub.Hall.local:8443/manager?x=1')).toBe('https://hub.hall.local:8443')
    expect(normalizeHubAddress('https://[fe80::1]:8443')).toBe('https://[fe80::1]:8443')
    expect(normalizeHubAddress('http://hub:80')).toBe('http://hub:80')
  })

  it('refuses what is not an address of a hub', () => {
    for (const bad of ['', 'ftp://hub', 'http://user:pw@hub:8080', 'http://hub:99999', 'http://', 'hub name with spaces']) {
      expect(normalizeHubAddress(bad), bad).toBeNull()
    }
  })

  it('each window of a terminal opens its role on the hub; a terminal needs its hub', () => {
    expect(remoteRoleUrl('https://hub:8443', { role: 'kiosk', terminal: 'kiosk-door' })).toBe('https://hub:8443/kiosk?terminal=kiosk-door')
    expect(remoteRoleUrl('http://hub:8080', { role: 'home' })).toBe('http://hub:8080/')
    expect(terminalConfigSchema.safeParse({ mode: 'terminal' }).success).toBe(false)
    expect(terminalConfigSchema.safeParse({ mode: 'terminal', hub: { url: 'http://hub:8080' } }).success).toBe(true)
    expect(terminalConfigSchema.safeParse({ mode: 'terminal', hub: { url: 'http://hub:8080/kiosk' } }).success).toBe(false)
  })
})
