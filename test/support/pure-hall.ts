/**
 * The core without the store: decide + evolve on a plain state. Fast enough for property tests
 * with thousands of commands.
 */
import { commandSchemas, type CommandInput, type CommandName, type CommandPayload, type CommandResult } from '../../src/shared/commands'
import type { Actor, CounterConfig, Service } from '../../src/shared/domain'
import type { HallEvent } from '../../src/shared/events'
import { emptyHallState, evolve, type HallState } from '../../src/shared/hall-state'
import { DEFAULT_SETTINGS, settingsSchema, type SettingsInput } from '../../src/shared/settings'
import { decide } from '../../src/main/core/decide'
import { DEFAULT_COUNTERS, DEFAULT_SERVICES } from '../../src/main/core/default-catalogue'

export const SYSTEM: Actor = { role: 'system', clerkId: null, terminal: 'test' }
export const clerkActor = (clerkId: number): Actor => ({ role: 'clerk', clerkId, terminal: 'test' })

export interface PureHallOptions {
  services?: Service[]
  counters?: CounterConfig[]
  settings?: SettingsInput
  clerks?: number
  day?: string
}

export function seededState(options: PureHallOptions = {}): HallState {
  const settings = options.settings ? settingsSchema.parse(options.settings) : DEFAULT_SETTINGS
  const events: HallEvent[] = [
    ...(options.services ?? DEFAULT_SERVICES).map((service): HallEvent => ({ type: 'serviceSaved', at: 0, service })),
    ...(options.counters ?? DEFAULT_COUNTERS).map((counter): HallEvent => ({ type: 'counterSaved', at: 0, counter })),
    ...Array.from({ length: options.clerks ?? 10 }, (_, i): HallEvent => ({
      type: 'clerkSaved',
      at: 0,
      clerk: { id: i + 1, staffCode: `c${i + 1}`, name: `c${i + 1}`, role: 'clerk', active: true },
    })),
  ]
  return evolve(emptyHallState(options.day ?? '2026-11-28', settings), events).state
}

export class PureHall {
  events: HallEvent[] = []
  /** Complaint cases opened so far: the hub numbers them from its own table. */
  private complaints = 0
  constructor(public state: HallState) {}

  apply<N extends CommandName>(name: N, input: CommandInput<N>, actor: Actor, now: number): CommandResult<N> {
    const payload = commandSchemas[name].parse(input) as CommandPayload<N>
    // As the hub: a rating without a login comes from the customer's screen; with one, from nobody's side.
    const ratingChannel = name === 'rateService' && actor.role === 'system' ? { ratingChannel: 'screen' as const } : {}
    const complaintId = name === 'finishService' && (payload as CommandPayload<'finishService'>).complaint ? { complaintId: ++this.complaints } : {}
    const d = decide(this.state, name, payload as never, { actor, now, ...ratingChannel, ...complaintId }) as { events: HallEvent[]; reply: (s: HallState) => CommandResult<N> }
    this.state = evolve(this.state, d.events).state
    this.events.push(...d.events)
    return d.reply(this.state)
  }
}
