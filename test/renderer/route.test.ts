import { describe, expect, it } from 'vitest'
import { linkTo, readLocation, ROLES, screenHref, terminalName } from '../../src/renderer/src/route'

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

describe('the report page', () => {
  it('is a page of its own at /reports and #/reports, not a terminal role', () => {
    expect(readLocation(loc('/reports')).screen).toBe('reports')
    expect(readLocation(loc('/opt/HallQ/out/renderer/index.html', '', '#/reports?terminal=mgr-1')).screen).toBe('reports')
    expect(ROLES).not.toContain('reports')
  })

  it('is linked from the manager view with the terminal’s name kept, in both shells', () => {
    expect(linkTo('reports', { protocol: 'http:', search: '', hash: '' })).toBe('/reports')
    expect(linkTo('reports', { protocol: 'http:', search: '?terminal=mgr-1&lang=en-US', hash: '' })).toBe('/reports?terminal=mgr-1')
    expect(linkTo('reports', { protocol: 'file:', search: '', hash: '#/manager?terminal=mgr-1' })).toBe('#/reports?terminal=mgr-1')
    expect(linkTo('manager', { protocol: 'file:', search: '', hash: '#/reports' })).toBe('#/manager')
    expect(linkTo('manager', { protocol: 'http:', search: '?terminal=bad name', hash: '' })).toBe('/manager')
  })
})
