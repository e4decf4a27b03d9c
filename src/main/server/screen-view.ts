/**
 * Which view of the hall a caller gets (shared/screen-view.ts): the hub's own screens and the
 * counter and manager terminals the full hall, every other terminal the public view.
 */
import { publicLogged, publicState } from '../../shared/screen-view'
import type { LoggedCommand } from '../../shared/events'
import type { HallState } from '../../shared/hall-state'
import { terminalSeesPrivateText } from '../../shared/terminals'
import type { CallingTerminal } from '../hall'

export interface ScreenView {
  state(state: HallState): HallState
  logged(logged: LoggedCommand): LoggedCommand
}

const FULL: ScreenView = { state: (s) => s, logged: (l) => l }
const PUBLIC: ScreenView = { state: publicState, logged: publicLogged }

export function screenViewOf(calling: CallingTerminal): ScreenView {
  return calling.kind === 'local' || terminalSeesPrivateText(calling.terminal.role) ? FULL : PUBLIC
}
