/**
 * Who walks in: everything about one customer is drawn when they take their ticket, from the
 * customers' own random stream. What the hall prints or decides never feeds back into these
 * draws, so changing the wait estimate (or the call policy) leaves the customers the same.
 */
import { COMPLAINT_CATEGORIES, type PriorityClass, type Satisfaction, type TicketSource } from '../../shared/domain'
import type { Profile } from './profile'
import type { Random } from './random'

const MINUTE = 60_000
const SECOND = 1000

export interface Visit {
  serviceId: string
  handleMs: number
  /** Sent on to another service (or a counter serving it) after this visit. */
  transferTo: { serviceId: string; toCounter: boolean } | null
  pending: boolean
  /** Uniform draws that choose the business items recorded, one per item. */
  itemDraws: number[]
}

export interface Customer {
  priority: PriorityClass
  source: TicketSource
  /** Not at the counter when first called (stepped out, gave up): a no-show. */
  absentAtFirstCall: boolean
  /** A no-show who comes back and asks to be put back in the queue. */
  returns: boolean
  returnAfterMs: number
  walkMs: number
  visits: Visit[]
  rating: Satisfaction | null
  ratingDelayMs: number
  complaint: { category: (typeof COMPLAINT_CATEGORIES)[number]; summary: string; closed: boolean } | null
}

const COMPLAINT_SUMMARIES = [
  '宽带多次断线，维修未按约上门',
  '套餐变更后资费与宣传不符',
  '营业厅排队时间过长',
  '话费账单有不明扣费',
  '补换卡后短信无法接收',
  '客服热线长时间无人接听',
]

function visit(rng: Random, profile: Profile, serviceId: string, mayTransfer: boolean): Visit {
  const sp = profile.services[serviceId]!
  const handleMs = Math.max(0.3, rng.logNormal(sp.handleMin.median, sp.handleMin.sigma)) * MINUTE
  const transfers = mayTransfer && sp.transfer !== undefined && rng.chance(sp.transfer.share)
  const transferTo = transfers ? { serviceId: rng.pick(sp.transfer!.to), toCounter: rng.chance(0.25) } : null
  const itemDraws = rng.chance(0.3) ? [rng.next(), rng.next()] : [rng.next()]
  return { serviceId, handleMs, transferTo, pending: transferTo === null && rng.chance(sp.pendingShare), itemDraws }
}

export function drawCustomer(rng: Random, profile: Profile, serviceMix: Record<string, number>): Customer {
  const serviceId = rng.weighted(serviceMix)
  const { vip, care, appointment } = profile.priority
  const u = rng.next()
  const priority: PriorityClass = u < vip ? 'vip' : u < vip + care ? 'care' : u < vip + care + appointment ? 'appointment' : 'normal'
  const first = visit(rng, profile, serviceId, true)
  const visits = [first]
  if (first.transferTo) visits.push(visit(rng, profile, first.transferTo.serviceId, false))
  const c = profile.customers
  const rates = rng.chance(profile.ratings.share)
  const finalService = visits.at(-1)!.serviceId
  return {
    priority,
    source: priority === 'appointment' ? 'appointment' : 'kiosk',
    absentAtFirstCall: rng.chance(c.noShowShare),
    returns: rng.chance(c.returnShare),
    returnAfterMs: rng.logNormal(c.returnAfterMin.median, c.returnAfterMin.sigma) * MINUTE,
    walkMs: rng.logNormal(c.walkSec.median, c.walkSec.sigma) * SECOND,
    visits,
    rating: rates ? (Number(rng.weighted(profile.ratings.scores)) as Satisfaction) : null,
    ratingDelayMs: rng.uniform(4, 20) * SECOND,
    complaint:
      finalService === 'COMPLAINT'
        ? { category: rng.pick(COMPLAINT_CATEGORIES), summary: rng.pick(COMPLAINT_SUMMARIES), closed: rng.chance(0.6) }
        : null,
  }
}

/** The business items a clerk records for a visit, chosen from the service's catalogue. */
export function itemsFor(v: Visit, catalogue: readonly string[]): string[] {
  if (catalogue.length === 0) return []
  const items = v.itemDraws.map((u) => catalogue[Math.floor(u * catalogue.length)]!)
  return [...new Set(items)]
}
