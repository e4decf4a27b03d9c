/**
 * Terminals: the PCs, kiosks, displays and tablets that joined the hall with a pairing code.
 * What a terminal may do depends on its role; a clerk still logs in at a counter terminal.
 */
import type { CommandName } from './commands'

export const TERMINAL_ROLES = ['counter', 'kiosk', 'display', 'manager', 'evaluator'] as const
export type TerminalRole = (typeof TERMINAL_ROLES)[number]

export interface Terminal {
  id: number
  name: string
  role: TerminalRole
  /** Counter and evaluator terminals belong to one counter. */
  counterId: number | null
  createdAt: number
  lastSeenAt: number | null
  revokedAt: number | null
}

/**
 * Commands a terminal of each role may send ('all': any, still subject to the clerk's login).
 * The hub's own screens (loopback, the desktop app) count as a manager terminal.
 */
export const TERMINAL_COMMANDS: Record<TerminalRole, 'all' | readonly CommandName[]> = {
  counter: 'all',
  manager: 'all',
  kiosk: ['issueTicket'],
  display: [],
  evaluator: ['rateService'],
}

/**
 * Whether a terminal of this role may use the routes that need a logged-in clerk (reports,
 * exports, backups, devices, terminals, the day's records): the same table, read for routes —
 * only terminals that may send every command may.
 */
export function terminalMayUseStaffRoutes(role: TerminalRole): boolean {
  return TERMINAL_COMMANDS[role] === 'all'
}

/**
 * Whether a terminal of this role receives the text staff write about customers (notes,
 * complaints, comments, masked phones) in its snapshot and stream: counter and manager PCs only.
 * Displays, kiosks and evaluator tablets receive the public view (screen-view.ts).
 */
export function terminalSeesPrivateText(role: TerminalRole): boolean {
  return TERMINAL_COMMANDS[role] === 'all'
}

/** Header a non-browser terminal sends its token in; browsers get the cookie instead. */
export const TERMINAL_TOKEN_HEADER = 'x-hallq-terminal-token'
export const TERMINAL_COOKIE = 'hallq_terminal'
/**
 * A browser that is already a paired terminal (a counter PC) keeps the evaluator pairing of its
 * customer-facing rating screen in this second cookie, so the PC's own pairing stays as it was.
 * The hub accepts it for rateService only.
 */
export const RATING_COOKIE = 'hallq_rating'

/** Minutes a pairing code stays valid. */
export const PAIRING_CODE_MINUTES = 10
