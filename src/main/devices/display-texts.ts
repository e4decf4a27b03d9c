/**
 * What each LED bar and hall board should show, worked out from the live hall state (never
 * from a history of frames), so a bar that comes back after a pulled cable shows the truth.
 */
import type { CounterBarsDevice, HallBoardDevice } from '../../shared/devices'
import type { HallState } from '../../shared/hall-state'
import { fill } from './ticket-layout'

/** counterId → bar address, for the counters this bus serves. */
export function barAddresses(state: HallState, device: CounterBarsDevice): Map<number, number> {
  const out = new Map<number, number>()
  for (const counter of Object.values(state.counters)) {
    if (counter.displayAddress === null) continue
    if (device.counters.length > 0 && !device.counters.includes(counter.id)) continue
    out.set(counter.id, counter.displayAddress)
  }
  return out
}

export function counterBarText(state: HallState, counterId: number, device: CounterBarsDevice): string {
  const counter = state.counters[counterId]
  if (!counter) return device.closedText
  const values = { counter: counter.id, counterName: counter.name, number: '', service: '' }
  const ticket = counter.currentTicketId === null ? undefined : state.tickets[counter.currentTicketId]
  if (ticket && (ticket.status === 'called' || ticket.status === 'serving')) {
    return fill(device.text, { ...values, number: ticket.number, service: state.services[ticket.serviceId]?.nameZh ?? '' })
  }
  if (counter.status === 'paused') return fill(device.pausedText, values)
  if (counter.status === 'closed' || !counter.active) return fill(device.closedText, values)
  return fill(device.idleText, values)
}

export interface RecentCall {
  ticketId: number
  number: string
  counterId: number
}

/** The latest calls of the day, newest first, one per ticket, from the service records. */
export function recentCalls(state: HallState, limit: number): RecentCall[] {
  const seen = new Set<number>()
  const calls: RecentCall[] = []
  const records = Object.values(state.records).sort((a, b) => b.calledAt - a.calledAt || b.id - a.id)
  for (const r of records) {
    if (seen.has(r.ticketId)) continue
    seen.add(r.ticketId)
    const ticket = state.tickets[r.ticketId]
    if (ticket) calls.push({ ticketId: r.ticketId, number: ticket.number, counterId: r.counterId })
    if (calls.length >= limit) break
  }
  return calls
}

/** Puts a (re)call first, without showing the same ticket twice. */
export function withCall(calls: readonly RecentCall[], call: RecentCall, limit: number): RecentCall[] {
  return [call, ...calls.filter((c) => c.ticketId !== call.ticketId)].slice(0, limit)
}

export function boardLines(state: HallState, calls: readonly RecentCall[], device: HallBoardDevice): { address: number; text: string }[] {
  const line = (c: RecentCall) => fill(device.lineText, { number: c.number, counter: c.counterId, counterName: state.counters[c.counterId]?.name ?? '' })
  if (device.addresses.length === 1) {
    const shown = calls.slice(0, device.calls)
    return [{ address: device.addresses[0]!, text: shown.length === 0 ? device.idleText : shown.map(line).join(device.joinWith) }]
  }
  return device.addresses.map((address, i) => {
    const call = calls[i]
    return { address, text: call ? line(call) : i === 0 ? device.idleText : '' }
  })
}

/** The size of the call history a board needs. */
export function boardDepth(device: HallBoardDevice): number {
  return device.addresses.length === 1 ? device.calls : device.addresses.length
}
