/**
 * The complaint cases' figures of a report (docs/metrics.md, "Complaint cases: figures"): the
 * cases taken in the range, as they stand at `asOf`, counted by channel, category, service and
 * clerk complained about; closed on time; mean times to first contact and to closure; reopened;
 * the customer's confirmation. recompute.ts counts the same from the event log on its own.
 */
import { COMPLAINT_CHANNELS, COMPLAINT_CONFIRMATIONS, deadlineState, type ComplaintCase } from '../../shared/complaints'
import { COMPLAINT_CATEGORIES } from '../../shared/domain'
import type { ClerkComplaints, ClerkFigures, ComplaintCaseFigures, ComplaintCount } from '../../shared/reports'
import type { Names } from './summary'

const count = (): ComplaintCount => ({ taken: 0, closed: 0, closedOnTime: 0 })
const mean = (total: number, n: number) => (n > 0 ? total / n : null)

export function complaintCaseFigures(cases: readonly ComplaintCase[], asOf: number, names: Pick<Names, 'services' | 'clerks'>): ComplaintCaseFigures {
  const byChannel = Object.fromEntries(COMPLAINT_CHANNELS.map((c) => [c, count()])) as ComplaintCaseFigures['byChannel']
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, count()])) as ComplaintCaseFigures['byCategory']
  const confirmation = Object.fromEntries(COMPLAINT_CONFIRMATIONS.map((c) => [c, 0])) as ComplaintCaseFigures['confirmation']
  const services = new Map<string, ComplaintCount>()
  const clerks = new Map<number, ComplaintCount>()
  let open = 0
  let closed = 0
  let cancelled = 0
  let overdue = 0
  let onTime = 0
  let contactMs = 0
  let contacts = 0
  let closureMs = 0
  let reopenedCases = 0
  let reopenings = 0
  for (const c of cases) {
    const isClosed = c.status === 'closed'
    const inTime = isClosed && c.closedAt !== null && c.closedAt <= c.closeDueAt
    const add = (k: ComplaintCount) => {
      k.taken++
      if (isClosed) k.closed++
      if (inTime) k.closedOnTime++
    }
    add(byChannel[c.channel])
    add(byCategory[c.category])
    if (c.serviceId !== null) {
      if (!services.has(c.serviceId)) services.set(c.serviceId, count())
      add(services.get(c.serviceId)!)
    }
    if (c.clerkId !== null) {
      if (!clerks.has(c.clerkId)) clerks.set(c.clerkId, count())
      add(clerks.get(c.clerkId)!)
    }
    if (isClosed) {
      closed++
      if (inTime) onTime++
      closureMs += c.closedAt! - c.takenAt
      if (c.confirmation) confirmation[c.confirmation]++
    } else if (c.status === 'cancelled') cancelled++
    else {
      open++
      if (deadlineState(c, asOf).overdue !== null) overdue++
    }
    if (c.firstContactAt !== null) {
      contacts++
      contactMs += c.firstContactAt - c.takenAt
    }
    if (c.reopened > 0) {
      reopenedCases++
      reopenings += c.reopened
    }
  }
  const order = (id: string) => names.services[id]?.sortOrder ?? Number.MAX_SAFE_INTEGER
  return {
    taken: cases.length,
    open,
    closed,
    cancelled,
    overdue,
    closedOnTime: onTime,
    onTimeShare: mean(onTime, closed),
    firstContactAvgMs: mean(contactMs, contacts),
    closureAvgMs: mean(closureMs, closed),
    reopenedCases,
    reopenings,
    confirmation,
    byChannel,
    byCategory,
    byService: [...services]
      .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
      .map(([serviceId, k]) => ({ serviceId, name: names.services[serviceId]?.nameZh ?? serviceId, ...k })),
    byClerk: [...clerks]
      .map(([clerkId, k]) => ({ clerkId, staffCode: names.clerks[clerkId]?.staffCode ?? '', name: names.clerks[clerkId]?.name ?? `#${clerkId}`, ...k }))
      .sort((a, b) => (a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : a.clerkId - b.clerkId)),
  }
}

/**
 * Each clerk's `complaints` of the summary: the cases taken in the range about that clerk (the
 * case's `clerkId`), by status as they stand now — the same cases as `byClerk`.
 */
export function withClerkComplaints(clerks: readonly ClerkFigures[], cases: readonly ComplaintCase[]): ClerkFigures[] {
  const about = new Map<number, ClerkComplaints>()
  for (const c of cases) {
    if (c.clerkId === null) continue
    let k = about.get(c.clerkId)
    if (!k) about.set(c.clerkId, (k = { taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 }))
    k.taken++
    if (c.status === 'received') k.open++
    else if (c.status === 'handling' || c.status === 'callback') k.inProgress++
    else if (c.status === 'closed') k.closed++
    else k.cancelled++
  }
  return clerks.map((x) => ({ ...x, complaints: about.get(x.clerkId) ?? { taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 } }))
}
