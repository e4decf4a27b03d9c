/**
 * The live view's complaint alerts: an open case whose first-contact or closure deadline has
 * passed (error) or is near (warning: less than a quarter of its time left, docs/metrics.md),
 * as the hub reported them at `asOf`. Overdue first, the longest overdue first; then the nearest.
 */
import type { ComplaintListRow } from '../../../../shared/complaints'

export type ComplaintAlert =
  | { kind: 'complaintOverdue'; level: 'error'; complaintId: number; which: 'firstContact' | 'closure'; lateMs: number }
  | { kind: 'complaintDueSoon'; level: 'warning'; complaintId: number; which: 'firstContact' | 'closure'; leftMs: number }

export function complaintAlerts(rows: readonly ComplaintListRow[], asOf: number): ComplaintAlert[] {
  const overdue: ComplaintAlert[] = []
  const soon: ComplaintAlert[] = []
  for (const r of rows) {
    if (r.dueAt === null) continue
    if (r.overdue) overdue.push({ kind: 'complaintOverdue', level: 'error', complaintId: r.id, which: r.overdue, lateMs: asOf - r.dueAt })
    else if (r.dueSoon) soon.push({ kind: 'complaintDueSoon', level: 'warning', complaintId: r.id, which: r.dueSoon, leftMs: r.dueAt - asOf })
  }
  overdue.sort((a, b) => (b.kind === 'complaintOverdue' && a.kind === 'complaintOverdue' ? b.lateMs - a.lateMs : 0))
  soon.sort((a, b) => (a.kind === 'complaintDueSoon' && b.kind === 'complaintDueSoon' ? a.leftMs - b.leftMs : 0))
  return [...overdue, ...soon]
}
