/**
 * The live view's complaint alerts: from the hub's deadline state of each open case, overdue
 * (longest first) before due soon (nearest first); nothing for a case on time or closed.
 */
import { describe, expect, it } from 'vitest'
import { listRowOf, type ComplaintCase } from '../../../src/shared/complaints'
import { complaintAlerts } from '../../../src/renderer/src/stores/complaints/deadlines'

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-30T09:00:00+08:00')

function kase(id: number, takenAt: number, over: Partial<ComplaintCase> = {}): ComplaintCase {
  return {
    id,
    businessDay: '2026-11-30',
    channel: 'counter',
    category: 'service',
    reason: '',
    serviceId: null,
    clerkId: null,
    ticketId: null,
    recordId: null,
    takenBy: 1,
    takenAt,
    ownerId: 1,
    department: '',
    status: 'received',
    firstContactDueAt: takenAt + 24 * HOUR,
    closeDueAt: takenAt + 5 * 24 * HOUR,
    firstContactAt: null,
    hasSolution: false,
    confirmation: null,
    closedAt: null,
    closedBy: null,
    cancelledAt: null,
    reopened: 0,
    updatedAt: takenAt,
    ...over,
  }
}

describe('complaint alerts on the live view', () => {
  it('overdue first, the longest overdue first; then due soon, the nearest first; none for cases on time or closed', () => {
    const now = T0 + 30 * HOUR
    const rows = [
      kase(1, T0), // first contact 6 h overdue
      kase(2, T0 + 4 * HOUR), // first contact 2 h overdue
      kase(3, T0 + 8 * HOUR), // first contact due in 2 h: due soon
      kase(4, T0 + 12 * HOUR), // due in 6 h of 24: on time
      kase(5, T0 - 88.5 * HOUR, { status: 'handling', firstContactAt: T0 }), // closure due in 1.5 h
      kase(6, T0, { status: 'closed', closedAt: T0 + HOUR, firstContactAt: T0 }),
      kase(7, T0 - 6 * 24 * HOUR, { status: 'callback', firstContactAt: T0 - 5 * 24 * HOUR }), // closure 1 day overdue
    ].map((c) => listRowOf(c, now))
    const alerts = complaintAlerts(rows, now)
    expect(alerts.map((a) => [a.kind, a.complaintId, a.which])).toEqual([
      ['complaintOverdue', 7, 'closure'],
      ['complaintOverdue', 1, 'firstContact'],
      ['complaintOverdue', 2, 'firstContact'],
      ['complaintDueSoon', 5, 'closure'],
      ['complaintDueSoon', 3, 'firstContact'],
    ])
    expect(alerts[1]).toMatchObject({ level: 'error', lateMs: 6 * HOUR })
    expect(alerts[3]).toMatchObject({ level: 'warning', leftMs: 1.5 * HOUR })
  })
})
