import { describe, expect, it } from 'vitest'
import { readLocation, screenHref, terminalName } from '../../src/renderer/src/route'

const loc = (pathname: string, search = '', hash = '') => ({ pathname, search, hash })

describe('which screen this page is', () => {
  it('from the path in a browser, from the hash in the desktop app', () => {
    expect(readLocation(loc('/kiosk')).screen).toBe('kiosk')
    expect(readLocation(loc('/counter/anything')).screen).toBe('counter')
    expect(readLocation(loc('/')).screen).toBe('home')
    expect(readLocation(loc('/nope')).screen).toBe('home')
    const desktop = readLocation(loc('/opt/HallQ/out/renderer/index.html', '', '#/display?terminal=tv-1'))
    expect(desktop.screen).toBe('display')
    expect(desktop.params.get('terminal')).toBe('tv-1')
    expect(screenHref('manager', { pathname: '/x/index.html', protocol: 'file:' })).toBe('#/manager')
    expect(screenHref('manager', { pathname: '/', protocol: 'http:' })).toBe('/manager')
  })

  it("names the terminal from ?terminal=, else remembers one for this PC", () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    const made = terminalName(new URLSearchParams(), storage, () => 0.5)
    expect(made).toMatch(/^pc-[0-9a-z]{6}$/)
    expect(terminalName(new URLSearchParams(), storage)).toBe(made)
    expect(terminalName(new URLSearchParams('terminal=counter-3'), storage)).toBe('counter-3')
    expect(terminalName(new URLSearchParams('terminal=bad name!'), storage)).toBe('counter-3')
  })
})
