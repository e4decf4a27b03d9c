/**
 * The paper ticket as lines, from the ticket template in settings: what the customer reads,
 * already wrapped to the paper's width. Both printer backends render these same lines — the
 * ESC/POS encoder (escpos.ts) and the HTML ticket for printers Windows drives.
 */
import type { PriorityClass, Ticket } from '../../shared/domain'
import type { TicketTemplate } from '../../shared/devices'
import type { HallState } from '../../shared/hall-state'
import { textColumns } from './text-encoding'
import { wallClock, wallDate, wallHhmm } from '../../shared/zone-time'

export type Align = 'left' | 'center' | 'right'

export type TicketLine =
  | { kind: 'text'; text: string; align: Align; size: number; bold: boolean }
  | { kind: 'qr'; payload: string; moduleSize: number; errorLevel: 'L' | 'M' | 'Q' | 'H' }

export type Paper = '58' | '80'

/** Characters of the standard font (12 dots wide) on a line: 384 dots on 58 mm paper, 576 on 80 mm. */
export const PAPER_COLUMNS: Record<Paper, number> = { '58': 32, '80': 48 }

/** Everything a ticket says, taken from the hall when the ticket was issued. */
export interface TicketFacts {
  ticketId: number | null
  businessDay: string
  hallName: string
  serviceName: string
  serviceId: string
  number: string
  priority: PriorityClass
  ahead: number
  minutes: number | null
  issuedAt: number
  timeZone: string
  missedCallRule: 'requeue' | 'reissue'
  requeuePlaces: number
  message: string
  /** The ticket's phone page (settings.phone.guestUrl), null without a guest address. */
  phoneUrl: string | null
  /** The guest Wi-Fi's name, printed with the QR; '' when not set. */
  wifiName: string
}

export function ticketFacts(state: HallState, ticket: Ticket, phoneUrl: string | null = null): TicketFacts {
  const service = state.services[ticket.issuedServiceId] ?? state.services[ticket.serviceId]
  return {
    ticketId: ticket.id,
    businessDay: ticket.businessDay,
    hallName: state.settings.hall.name,
    serviceName: service?.nameZh ?? ticket.serviceId,
    serviceId: ticket.serviceId,
    number: ticket.number,
    priority: ticket.priority,
    ahead: ticket.estimate.ahead,
    minutes: ticket.estimate.minutes,
    issuedAt: ticket.issuedAt,
    timeZone: state.settings.hall.timeZone,
    missedCallRule: state.settings.queue.missedCallRule,
    requeuePlaces: state.settings.queue.requeuePlaces,
    message: service?.message ?? '',
    phoneUrl,
    wifiName: state.settings.phone.wifiName,
  }
}

/** A sample ticket for a test print, so the administrator sees the real layout. */
export function sampleTicketFacts(state: HallState, at: number): TicketFacts {
  const service = Object.values(state.services).find((s) => s.active) ?? Object.values(state.services)[0]
  return {
    ticketId: null,
    businessDay: state.businessDay,
    hallName: state.settings.hall.name,
    serviceName: `${service?.nameZh ?? '业务'}（测试）`,
    serviceId: service?.id ?? 'TEST',
    number: `${service?.prefix ?? 'A'}000`,
    priority: 'normal',
    ahead: 0,
    minutes: 0,
    issuedAt: at,
    timeZone: state.settings.hall.timeZone,
    missedCallRule: state.settings.queue.missedCallRule,
    requeuePlaces: state.settings.queue.requeuePlaces,
    message: '',
    // A test print shows where the phone link goes, with a key that opens nothing.
    phoneUrl: state.settings.phone.guestUrl === '' ? null : `${state.settings.phone.guestUrl.replace(/\/+$/, '')}/t/${state.businessDay}/${service?.prefix ?? 'A'}000?k=0000000000000000`,
    wifiName: state.settings.phone.wifiName,
  }
}

const PRIORITY_LABEL: Record<PriorityClass, string> = { normal: '', vip: '★ 星级客户', care: '爱心通道', appointment: '预约客户' }

/** 'YYYY-MM-DD HH:MM' in the hall's time zone. */
export function localDateTime(at: number, timeZone: string): string {
  const wall = wallClock(at, timeZone)
  return `${wallDate(wall)} ${wallHhmm(wall)}`
}

/** Fills {name} placeholders; unknown names stay as they are, so a typo shows on the test print. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole))
}

/** Splits text into lines of at most `columns` (CJK characters count two). */
export function wrap(text: string, columns: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of text) {
    if (textColumns(line + ch) > columns) {
      lines.push(line)
      line = ch === ' ' ? '' : ch
    } else line += ch
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line)
  return lines.map((l) => l.trimEnd())
}

/**
 * The QR: the template's own payload when the hall set one ({phoneUrl} fills in the phone link),
 * else the ticket's phone link — on by default once the hall has a guest address.
 */
export function qrPayload(template: TicketTemplate, facts: TicketFacts): string | null {
  if (template.qrPayload.trim() === '') return facts.phoneUrl
  return fill(template.qrPayload, {
    phoneUrl: facts.phoneUrl ?? '',
    number: facts.number,
    day: facts.businessDay,
    ticketId: facts.ticketId ?? 0,
    service: facts.serviceId,
    issuedAt: facts.issuedAt,
  })
}

export function layoutTicket(facts: TicketFacts, template: TicketTemplate, paper: Paper): TicketLine[] {
  const columns = PAPER_COLUMNS[paper]
  const lines: TicketLine[] = []
  /** The text at the largest size up to `size` at which it fits on one line; wrapped at size 1 otherwise. */
  const add = (text: string, size = 1, bold = false, keepWhole = false) => {
    if (text.trim() === '') return
    let s = size
    while (s > 1 && textColumns(text) * s > columns) s--
    if (keepWhole || textColumns(text) * s <= columns) {
      lines.push({ kind: 'text', text, align: 'center', size: s, bold })
      return
    }
    for (const part of wrap(text, columns)) lines.push({ kind: 'text', text: part, align: 'center', size: 1, bold })
  }
  for (const block of template.blocks) {
    switch (block) {
      case 'hall':
        add(facts.hallName, 2, true)
        break
      case 'service':
        add(facts.serviceName, 2)
        break
      case 'number':
        add(facts.number, template.numberSize, true, true)
        break
      case 'priority':
        add(PRIORITY_LABEL[facts.priority], 1, true)
        break
      case 'ahead':
        add(fill(template.aheadText, { ahead: facts.ahead }))
        break
      case 'wait':
        add(facts.minutes === null ? template.noWaitText : fill(template.waitText, { minutes: facts.minutes }))
        break
      case 'time':
        add(fill(template.timeText, { time: localDateTime(facts.issuedAt, facts.timeZone) }))
        break
      case 'rule':
        add(facts.missedCallRule === 'requeue' ? fill(template.requeueText, { places: facts.requeuePlaces }) : template.reissueText)
        break
      case 'message':
        add(facts.message)
        break
      case 'qr': {
        const payload = qrPayload(template, facts)
        if (payload === null || payload.trim() === '') break
        const phone = facts.phoneUrl !== null && payload === facts.phoneUrl
        if (phone) add(template.phoneText)
        lines.push({ kind: 'qr', payload, moduleSize: template.qrModuleSize, errorLevel: template.qrErrorLevel })
        if (phone && facts.wifiName !== '') add(fill(template.wifiText, { wifi: facts.wifiName }))
        break
      }
      case 'footer':
        add(template.footer)
        break
    }
  }
  return lines
}

/** The lines as a customer reads them, one string per printed line (QR codes as their payload). */
export function ticketText(lines: readonly TicketLine[]): string[] {
  return lines.map((l) => (l.kind === 'text' ? l.text : `[QR] ${l.payload}`))
}
