/**
 * How a screen's copy of the hall moves: a snapshot replaces it, an event with the next
 * sequence number is applied with the hall's own `evolve`, anything else is a duplicate, a gap,
 * or a message this screen does not know (other parts of the hub add their own types).
 */
import type { LoggedCommand } from '../../../../shared/events'
import { evolve, type HallState } from '../../../../shared/hall-state'

export interface Held {
  seq: number
  state: HallState
}

export type Received =
  | { kind: 'snapshot'; held: Held }
  | { kind: 'applied'; held: Held; logged: LoggedCommand }
  | { kind: 'duplicate' }
  | { kind: 'gap'; expected: number; got: number }
  | { kind: 'failed'; error: unknown }
  | { kind: 'other'; type: string; message: Record<string, unknown> }
  | { kind: 'malformed' }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function receive(held: Held | null, message: unknown): Received {
  if (!isObject(message) || typeof message.type !== 'string') return { kind: 'malformed' }
  if (message.type === 'snapshot') {
    if (typeof message.seq !== 'number' || !isObject(message.state)) return { kind: 'malformed' }
    return { kind: 'snapshot', held: { seq: message.seq, state: message.state as unknown as HallState } }
  }
  if (message.type !== 'event') return { kind: 'other', type: message.type, message }
  if (typeof message.seq !== 'number' || !Array.isArray(message.events)) return { kind: 'malformed' }
  const { type: _type, ...logged } = message as unknown as LoggedCommand & { type: string }
  if (held === null) return { kind: 'gap', expected: 0, got: logged.seq }
  if (logged.seq <= held.seq) return { kind: 'duplicate' }
  if (logged.seq !== held.seq + 1) return { kind: 'gap', expected: held.seq + 1, got: logged.seq }
  try {
    return { kind: 'applied', held: { seq: logged.seq, state: evolve(held.state, logged.events).state }, logged }
  } catch (error) {
    return { kind: 'failed', error }
  }
}
