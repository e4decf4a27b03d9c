/**
 * What the manager should look at now: services whose longest wait passes (or nears) its
 * target, services or the hall with more people waiting than the settings allow, and people
 * waiting for a service no open counter handles. Thresholds: settings.alerts.
 */
import type { Counter, PauseReason } from '../../../../shared/domain'
import type { HallState } from '../../../../shared/hall-state'
import { activeCounters, activeServices, currentTicket, longestWaitMs, waitingByService } from '../hall/selectors'

export type HallAlert =
  | { kind: 'overTarget'; level: 'error'; serviceId: string; waitedMs: number; targetMin: number }
  | { kind: 'nearTarget'; level: 'warning'; serviceId: string; waitedMs: number; targetMin: number }
  | { kind: 'serviceCrowded'; level: 'warning'; serviceId: string; waiting: number; limit: number }
  | { kind: 'noCounter'; level: 'error'; serviceId: string; waiting: number }
  | { kind: 'hallCrowded'; level: 'error'; waiting: number; limit: number }
  | { kind: 'idleCounter'; level: 'warning'; counterId: number; idleMs: number; waiting: { serviceId: string; count: number }[] }

/**
 * What a counter is doing, as the manager names it: 空闲 (open, nobody called) since when,
 * 叫号中 / 办理中 with the number, 暂停 with the reason, 未开启.
 */
export type CounterState =
  | { kind: 'closed' }
  | { kind: 'idle'; since: number }
  | { kind: 'calling'; number: string; since: number }
  | { kind: 'serving'; number: string; since: number }
  | { kind: 'paused'; reason: PauseReason | null; since: number }

export function counterState(state: HallState, c: Counter): CounterState {
  if (c.status === 'closed') return { kind: 'closed' }
  const since = c.statusSince ?? 0
  if (c.status === 'paused') return { kind: 'paused', reason: c.pauseReason, since }
  const t = currentTicket(state, c)
  const r = t?.recordId != null ? state.records[t.recordId] : undefined
  if (t && r) return t.status === 'serving' ? { kind: 'serving', number: t.number, since: r.startedAt ?? r.calledAt } : { kind: 'calling', number: t.number, since: r.calledAt }
  // Idle since it opened or resumed, or since its last customer left, whichever is later.
  let idle = since
  for (const rec of Object.values(state.records)) if (rec.counterId === c.id && rec.endedAt !== null && rec.endedAt > idle) idle = rec.endedAt
  return { kind: 'idle', since: idle }
}

/** Waiting tickets whose wait is already past their service's target. */
export function waitingOverTarget(state: HallState, now: number): number {
  let n = 0
  for (const [serviceId, tickets] of waitingByService(state)) {
    const target = (state.services[serviceId]?.targetWaitMin ?? Infinity) * 60_000
    n += tickets.filter((t) => now - t.queuedAt > target).length
  }
  return n
}

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
  // Counters idle too long while people wait for what they serve.
  const byService = waitingByService(state)
  const limitMs = state.settings.alerts.idleCounterMin * 60_000
  for (const c of activeCounters(state)) {
    const cs = counterState(state, c)
    if (cs.kind !== 'idle' || now - cs.since < limitMs) continue
    const waiting = c.services.map((s) => ({ serviceId: s.serviceId, count: byService.get(s.serviceId)?.length ?? 0 })).filter((w) => w.count > 0)
    if (waiting.length > 0) alerts.push({ kind: 'idleCounter', level: 'warning', counterId: c.id, idleMs: now - cs.since, waiting })
  }
  // Errors first; within a level, in the order of the services.
  return alerts.sort((a, b) => Number(b.level === 'error') - Number(a.level === 'error'))
}
