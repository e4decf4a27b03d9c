/**
 * What a printed ticket says, for the printer tests: A023 of 移动业务 on 2026-11-28 at 09:05,
 * five ahead, about 12 minutes; each test changes what it looks at.
 */
import type { TicketFacts } from '../../src/main/devices/ticket-layout'

export function ticketFacts(patch: Partial<TicketFacts> = {}): TicketFacts {
  return {
    ticketId: 23,
    businessDay: '2026-11-28',
    hallName: '中国电信营业厅',
    serviceName: '移动业务',
    serviceId: 'MOBILE',
    number: 'A023',
    priority: 'normal',
    ahead: 5,
    minutes: 12,
    issuedAt: Date.parse('2026-11-28T09:05:00+08:00'),
    timeZone: 'Asia/Shanghai',
    missedCallRule: 'requeue',
    requeuePlaces: 3,
    message: '',
    phoneUrl: null,
    wifiName: '',
    ...patch,
  }
}
