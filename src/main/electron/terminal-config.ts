/**
 * What this PC is and shows: the hall's hub, or a terminal of a hub elsewhere on the LAN (chosen
 * at first start), and one window per role, each on a chosen display, full screen or not.
 * Kept in <userData>/terminal.json so the hall's IT person can set up each PC (the counter
 * window on the clerk's monitor, the rating screen on the customer-facing one, the display
 * full screen on the TV output); where a window was last placed is remembered there too.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

export const WINDOW_ROLES = ['home', 'kiosk', 'counter', 'rating', 'display', 'manager'] as const
export type WindowRole = (typeof WINDOW_ROLES)[number]

const boundsSchema = z
  .object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(200), height: z.number().int().min(200) })
  .strict()
export type Bounds = z.infer<typeof boundsSchema>

const windowSchema = z
  .object({
    role: z.enum(WINDOW_ROLES),
    /** Electron's display id; when that display is missing the window goes to the primary one. */
    displayId: z.number().int().nullable().default(null),
    fullscreen: z.boolean().default(false),
    /** Last position and size (not full screen), remembered. */
    bounds: boundsSchema.nullable().default(null),
    /** The terminal name recorded by the hall for this window's commands, e.g. counter-3. */
    terminal: z
      .string()
      .regex(/^[\w.:-]{1,40}$/)
      .optional(),
  })
  .strict()
export type WindowConfig = z.infer<typeof windowSchema>

export const hubLinkSchema = z
  .object({
    /** http(s)://host:port of the hub. */
    url: z.string().regex(/^https?:\/\/[^/\s]+:\d{1,5}$/),
    /** SHA-256 of the hub's certificate, pinned at first start (https only). */
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .default(null),
  })
  .strict()
export type HubLink = z.infer<typeof hubLinkSchema>

export const terminalConfigSchema = z
  .object({
    /**
     * 'hub': this PC runs the hall. 'terminal': it shows the pages of the hub at `hub`.
     * null: ask at the next start (first start, or "change" from the menu). A file from before
     * this choice existed has no mode and is a hub, as it was.
     */
    mode: z.enum(['hub', 'terminal']).nullable().optional(),
    hub: hubLinkSchema.nullable().optional(),
    windows: z.array(windowSchema).min(1).max(8).default([{ role: 'home', displayId: null, fullscreen: false, bounds: null }]),
  })
  .strict()
  .refine((c) => c.mode !== 'terminal' || (c.hub ?? null) !== null, { message: 'a terminal needs the hub it joins (hub.url)', path: ['hub'] })
export type TerminalConfig = z.infer<typeof terminalConfigSchema>

export const DEFAULT_TERMINAL_CONFIG: TerminalConfig = terminalConfigSchema.parse({})

/** The config in the file; a missing file gives the default, a broken one the default and a reason. */
export function loadTerminalConfig(file: string): { config: TerminalConfig; problem: string | null; created: boolean } {
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch {
    return { config: DEFAULT_TERMINAL_CONFIG, problem: null, created: true }
  }
  try {
    const parsed = terminalConfigSchema.safeParse(JSON.parse(raw))
    if (parsed.success) return { config: parsed.data, problem: null, created: false }
    return { config: DEFAULT_TERMINAL_CONFIG, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), created: false }
  } catch (err) {
    return { config: DEFAULT_TERMINAL_CONFIG, problem: (err as Error).message, created: false }
  }
}

/** Written whole to a temporary file and renamed, so a power cut never leaves half a file. */
export function saveTerminalConfig(file: string, config: TerminalConfig): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`)
  renameSync(tmp, file)
}

export interface DisplayInfo {
  id: number
  bounds: Bounds
  workArea: Bounds
}

export interface Placement {
  displayId: number
  bounds: Bounds
  fullscreen: boolean
}

const DEFAULT_SIZE = { width: 1366, height: 768 }

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/** Where a window goes: its display if present (else the primary), its remembered bounds if they are on it. */
export function placeWindow(entry: WindowConfig, displays: readonly DisplayInfo[], primaryId: number): Placement {
  const display = displays.find((d) => d.id === entry.displayId) ?? displays.find((d) => d.id === primaryId) ?? displays[0]
  if (!display) return { displayId: primaryId, bounds: entry.bounds ?? { x: 0, y: 0, ...DEFAULT_SIZE }, fullscreen: entry.fullscreen }
  if (entry.fullscreen) return { displayId: display.id, bounds: display.bounds, fullscreen: true }
  if (entry.bounds && overlaps(entry.bounds, display.workArea)) return { displayId: display.id, bounds: entry.bounds, fullscreen: false }
  const area = display.workArea
  const width = Math.min(DEFAULT_SIZE.width, area.width)
  const height = Math.min(DEFAULT_SIZE.height, area.height)
  return {
    displayId: display.id,
    bounds: { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height },
    fullscreen: false,
  }
}

/** The renderer URL for a window: the role in the hash, the terminal name in its query. */
export function roleUrl(rendererUrl: string, entry: Pick<WindowConfig, 'role' | 'terminal'>): string {
  const base = rendererUrl.split('#')[0]!
  if (entry.role === 'home') return base
  return `${base}#/${entry.role}${entry.terminal ? `?terminal=${encodeURIComponent(entry.terminal)}` : ''}`
}

/** A window's page on a remote hub: the role's path, the terminal name in the query. */
export function remoteRoleUrl(hubUrl: string, entry: Pick<WindowConfig, 'role' | 'terminal'>): string {
  const path = entry.role === 'home' ? '/' : `/${entry.role}`
  return `${hubUrl}${path}${entry.terminal ? `?terminal=${encodeURIComponent(entry.terminal)}` : ''}`
}

/** Whether the app must ask what this PC is before starting: a new PC, or one told to ask again. */
export function needsChoice(loaded: { config: TerminalConfig; created: boolean }): boolean {
  return loaded.created || loaded.config.mode === null
}

/** The config after the first-start choice; the windows stay as they were. */
export function withChoice(config: TerminalConfig, choice: { mode: 'hub' } | { mode: 'terminal'; url: string; fingerprint: string | null }): TerminalConfig {
  return choice.mode === 'hub' ? { ...config, mode: 'hub', hub: null } : { ...config, mode: 'terminal', hub: { url: choice.url, fingerprint: choice.fingerprint } }
}

/** The config with window `index` remembered at its new place. */
export function rememberPlacement(config: TerminalConfig, index: number, displayId: number, bounds: Bounds | null): TerminalConfig {
  return {
    ...config,
    windows: config.windows.map((w, i) => (i === index ? { ...w, displayId, ...(bounds ? { bounds } : {}) } : w)),
  }
}
