/**
 * What the manager should look at now: services whose longest wait passes (or nears) its
 * target, services or the hall with more people waiting than the settings allow, and people
 * waiting for a service no open counter handles. Thresholds: settings.alerts.
 */
import type { HallState } from '../../../../shared/hall-state'
import { activeServices, longestWaitMs, waitingByService } from '../hall/selectors'

export type HallAlert =
  | { kind: 'overTarget'; level: 'error'; serviceId: string; waitedMs: number; targetMin: number }
  | { kind: 'nearTarget'; level: 'warning'; serviceId: string; waitedMs: number; targetMin: number }
  | { kind: 'serviceCrowded'; level: 'warning'; serviceId: string; waiting: number; limit: number }
  | { kind: 'noCounter'; level: 'error'; serviceId: string; waiting: number }
  | { kind: 'hallCrowded'; level: 'error'; waiting: number; limit: number }

export interface ServiceRow {
  serviceId: string
  waiting: number
  longestWaitMs: number
  targetMin: number
  openCounters: number
}

export function serviceRows(state: HallState, now: number): ServiceRow[] {
  const waiting = waitingByService(state)
  const open = Object.values(state.counters).filter((c) => c.status !== 'closed')
  return activeServices(state).map((s) => {
    const tickets = waiting.get(s.id) ?? []
    return {
      serviceId: s.id,
      waiting: tickets.length,
      longestWaitMs: longestWaitMs(tickets, now),
      targetMin: s.targetWaitMin,
      openCounters: open.filter((c) => c.services.some((x) => x.serviceId === s.id)).length,
    }
  })
}

export function hallAlerts(state: HallState, now: number): HallAlert[] {
  const { waitingCount, serviceWaitingCount, waitWarnPercent } = state.settings.alerts
  const alerts: HallAlert[] = []
  let total = 0
  for (const row of serviceRows(state, now)) {
    total += row.waiting
    if (row.waiting === 0) continue
    const targetMs = row.targetMin * 60_000
    if (row.openCounters === 0) alerts.push({ kind: 'noCounter', level: 'error', serviceId: row.serviceId, waiting: row.waiting })
    if (row.longestWaitMs > targetMs) {
      alerts.push({ kind: 'overTarget', level: 'error', serviceId: row.serviceId, waitedMs: row.longestWaitMs, targetMin: row.targetMin })
    } else if (row.longestWaitMs >= (targetMs * waitWarnPercent) / 100) {
      alerts.push({ kind: 'nearTarget', level: 'warning', serviceId: row.serviceId, waitedMs: row.longestWaitMs, targetMin: row.targetMin })
    }
    if (row.waiting > serviceWaitingCount) {
      alerts.push({ kind: 'serviceCrowded', level: 'warning', serviceId: row.serviceId, waiting: row.waiting, limit: serviceWaitingCount })
    }
  }
  // Tickets of inactive services still wait in the hall.
  const inactiveWaiting = Object.values(state.tickets).filter((t) => t.status === 'waiting' && !state.services[t.serviceId]?.active).length
  total += inactiveWaiting
  if (total > waitingCount) alerts.push({ kind: 'hallCrowded', level: 'error', waiting: total, limit: waitingCount })
  // Errors first; within a level, in the order of the services.
  return alerts.sort((a, b) => Number(b.level === 'error') - Number(a.level === 'error'))
}
