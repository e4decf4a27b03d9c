/**
 * The centre's documents for the 总部 page (/hq): the live board of every hall and the
 * cross-hall report. Durations are milliseconds, shares 0–1, instants epoch milliseconds; `null`
 * means "nothing to measure" (shown as —), never zero. Figures follow docs/metrics.md: each hall's
 * are counted by the hub's own report code (summarise) over the facts the hub shipped.
 */
import type { ClerkFigures, DurationFigures, HourFigures, SatisfactionFigures, TicketFigures, WaitFigures } from './reports'

/** A hall that has not reported for this long is listed as silent. */
export const SILENT_AFTER_MS = 10 * 60_000

/**
 * A hall is *far over target* — an alert — when a service's longest wait now is at least this
 * many times that service's own target wait (`targetWaitMin`, the wait its service level counts
 * against). Just over target is shown on the hall's row, not raised as an alert: at hundreds of
 * halls a customer a minute over would keep the list full.
 */
export const FAR_OVER_TARGET_FACTOR = 2

export function farOverTarget(longestWaitMs: number | null, targetWaitMin: number): boolean {
  return longestWaitMs !== null && longestWaitMs >= FAR_OVER_TARGET_FACTOR * targetWaitMin * 60_000
}

export const CENTRAL_API = {
  login: '/api/v1/central/login',
  logout: '/api/v1/central/logout',
  me: '/api/v1/central/me',
  halls: '/api/v1/central/halls',
  board: '/api/v1/central/board',
  report: '/api/v1/central/report',
  reportExport: '/api/v1/central/report/export',
  hallSummary: (code: string) => `/api/v1/central/halls/${encodeURIComponent(code)}/summary`,
  config: '/api/v1/central/config',
  configVersion: (version: number) => `/api/v1/central/config/versions/${version}`,
  configHalls: '/api/v1/central/config/halls',
} as const

export interface CentralUserView {
  staffCode: string
  name: string
  role: 'hq-admin' | 'hq-viewer'
  region: string | null
}

/** A service whose longest wait now is above its target (an alert from FAR_OVER_TARGET_FACTOR × it). */
export interface OverTarget {
  serviceId: string
  nameZh: string
  nameEn: string
  longestWaitMs: number
  targetWaitMin: number
}

/** A hall as `GET /api/v1/central/halls` lists it (docs/api.md, the centre). */
export interface CentralHallListing {
  code: string
  name: string
  region: string
  lastSeenAt: number | null
  lagEvents: number
  /** The hall's own business day at its last report (halls may be in other time zones). */
  businessDay: string | null
  issued: number
  served: number
  waiting: number
  longestWaitMs: number | null
  countersOpen: number
}

export interface BoardHall {
  code: string
  name: string
  region: string
  lastSeenAt: number | null
  /** Logged commands the hub had and the centre did not, at its last report. */
  lagEvents: number
  businessDay: string | null
  waiting: number
  longestWaitMs: number | null
  countersOpen: number
  issued: number
  served: number
  /** Today's share of calls within the service's target wait. */
  serviceLevel: number | null
  /** Today's share of responses 满意 or 非常满意, and the mean score (1–4). */
  satisfiedShare: number | null
  ratingAverage: number | null
  overTarget: OverTarget[]
}

export type BoardAlert =
  | { kind: 'silent'; code: string; name: string; lastSeenAt: number | null }
  | ({ kind: 'overTarget'; code: string; name: string } & OverTarget)

export interface CentralBoard {
  asOf: number
  halls: BoardHall[]
  alerts: BoardAlert[]
}

/** One hall's figures for a range in the cross-hall report. */
export interface ReportHallRow {
  code: string
  name: string
  region: string
  /** Business days of the range the centre holds for the hall. */
  days: number
  tickets: TicketFigures
  wait: WaitFigures
  handling: DurationFigures
  satisfaction: SatisfactionFigures
}

/** Totals over the halls of the report: sums of counts, and the shares and means they give. */
export interface ReportTotals {
  halls: number
  tickets: TicketFigures
  waits: number
  withinTarget: number
  serviceLevel: number | null
  avgWaitMs: number | null
  handled: number
  avgHandlingMs: number | null
  responses: number
  satisfiedShare: number | null
  ratingAverage: number | null
}

/**
 * One service across the halls of the report: every hall's days of it merged by the hub's own
 * report code, so counts are sums, shares are of the sums and the median and 90th percentile are
 * of every wait (handling time) of the service in those halls. A service is the same service in
 * two halls when it has the same id (the group's catalogue).
 */
export interface ReportServiceRow {
  serviceId: string
  nameZh: string
  nameEn: string
  /** Halls in the report that issued tickets for it in the range. */
  halls: number
  tickets: TicketFigures
  wait: WaitFigures
  handling: DurationFigures
  satisfaction: SatisfactionFigures
}

/** A clerk of one hall: clerks are a hall's own (staff codes are unique within a hall, not across). */
export interface ReportClerkRow
  extends Pick<ClerkFigures, 'clerkId' | 'staffCode' | 'name' | 'served' | 'handling' | 'calledWait' | 'noShow' | 'transferred' | 'satisfaction' | 'utilisation'> {
  hallCode: string
  hallName: string
  region: string
}

/** The tables of a report export: one file each as CSV, one sheet each in the XLSX. */
export const CENTRAL_EXPORT_TABLES = ['totals', 'halls', 'services', 'clerks', 'hours'] as const
export type CentralExportTable = (typeof CENTRAL_EXPORT_TABLES)[number]

export interface CentralReport {
  from: string
  to: string
  /** What was asked for: every hall the user may see, a region path, or one hall. */
  scope: { region: string | null; hall: string | null }
  halls: ReportHallRow[]
  totals: ReportTotals
  /** Per service across the halls, in the catalogue's order. */
  services: ReportServiceRow[]
  /** Every clerk of every hall who worked in the range, by hall code then staff code. */
  clerks: ReportClerkRow[]
  /** Arrivals, waits and calls within target per local hour, summed over the halls. */
  byHour: Pick<HourFigures, 'hour' | 'arrivals' | 'waits' | 'withinTarget'>[]
}
