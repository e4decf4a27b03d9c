/**
 * Which screen this page is. A browser opens /kiosk, /counter, /rating, /display, /manager or /settings
 * on the hub; the desktop app loads index.html#/kiosk and so on. Options ride in the query:
 * ?terminal=counter-3 names the terminal, ?lang=en-US picks the language.
 */
export const ROLES = ['kiosk', 'counter', 'rating', 'display', 'manager', 'settings'] as const
export type Role = (typeof ROLES)[number]
/** Pages that are not a terminal's role: reached from a role's screen (the manager's reports). */
export const PAGES = ['reports', 'complaints'] as const
export type Page = (typeof PAGES)[number]
/** 'setup' is the desktop app's first-start chooser (index.html#/setup); browsers never see it. */
export type Screen = Role | Page | 'home' | 'setup'

export interface PageLocation {
  pathname: string
  search: string
  hash: string
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isPage(value: unknown): value is Page {
  return typeof value === 'string' && (PAGES as readonly string[]).includes(value)
}

export function readLocation(loc: PageLocation): { screen: Screen; params: URLSearchParams } {
  const params = new URLSearchParams(loc.search)
  let path = loc.pathname
  if (loc.hash.startsWith('#/')) {
    const [hashPath, hashQuery] = loc.hash.slice(1).split('?', 2)
    path = hashPath ?? '/'
    if (hashQuery) for (const [k, v] of new URLSearchParams(hashQuery)) params.set(k, v)
  }
  const first = path.split('/').filter(Boolean)[0] ?? ''
  return { screen: isRole(first) || isPage(first) ? first : first === 'setup' ? 'setup' : 'home', params }
}

const TERMINAL = /^[\w.:-]{1,40}$/
const TERMINAL_KEY = 'hallq:terminal'

/**
 * This terminal's name, recorded by the hall with every command: from ?terminal=, else the one
 * remembered on this PC, else a new one.
 */
export function terminalName(params: URLSearchParams, storage: Pick<Storage, 'getItem' | 'setItem'>, random: () => number = Math.random): string {
  const given = params.get('terminal')
  if (given && TERMINAL.test(given)) {
    storage.setItem(TERMINAL_KEY, given)
    return given
  }
  const stored = storage.getItem(TERMINAL_KEY)
  if (stored && TERMINAL.test(stored)) return stored
  const made = `pc-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`
  storage.setItem(TERMINAL_KEY, made)
  return made
}

/** A link to a screen: a path on the hub in a browser, a hash in the desktop app's file. */
export function screenHref(role: Role, loc: Pick<PageLocation, 'pathname'> & { protocol: string }): string {
  return loc.protocol === 'file:' ? `#/${role}` : `/${role}`
}

/**
 * A link from one screen to another of the same terminal (the manager's view and its reports):
 * the terminal's name goes along, so the desktop window keeps its own session.
 */
export function linkTo(screen: Role | Page, loc: Pick<PageLocation, 'search' | 'hash'> & { protocol: string }): string {
  // Read field by field: a Location's fields are getters, which a spread would not copy.
  const { params } = readLocation({ pathname: '/', search: loc.search, hash: loc.hash })
  const terminal = params.get('terminal')
  const query = terminal && TERMINAL.test(terminal) ? `?terminal=${encodeURIComponent(terminal)}` : ''
  return loc.protocol === 'file:' ? `#/${screen}${query}` : `/${screen}${query}`
}
