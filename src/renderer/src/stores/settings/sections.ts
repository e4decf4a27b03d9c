/**
 * The settings page's sections, and which one a location names: /settings/devices in a
 * browser, index.html#/settings/devices in the desktop app, so a reload stays where it was.
 */
export const SETTINGS_SECTIONS = ['services', 'rules', 'counters', 'clerks', 'hall', 'ticket', 'devices', 'assessment', 'complaints', 'terminals', 'privacy', 'backups'] as const
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]

export function isSettingsSection(value: unknown): value is SettingsSection {
  return typeof value === 'string' && (SETTINGS_SECTIONS as readonly string[]).includes(value)
}

interface Where {
  pathname: string
  search: string
  hash: string
  protocol: string
}

export function sectionFromLocation(loc: Omit<Where, 'protocol'>): SettingsSection {
  const path = loc.hash.startsWith('#/') ? (loc.hash.slice(1).split('?')[0] ?? '') : loc.pathname
  const parts = path.split('/').filter(Boolean)
  const i = parts.indexOf('settings')
  const named = i === -1 ? undefined : parts[i + 1]
  return isSettingsSection(named) ? named : 'services'
}

/** The same page, naming `section`; the query (language, terminal) is kept. */
export function sectionLocation(section: SettingsSection, loc: Where): string {
  if (loc.protocol === 'file:' || loc.hash.startsWith('#/')) {
    const query = loc.hash.includes('?') ? loc.hash.slice(loc.hash.indexOf('?')) : ''
    return `${loc.pathname}${loc.search}#/settings/${section}${query}`
  }
  return `/settings/${section}${loc.search}`
}
