/**
 * Ticket: the bytes the kiosk sends to the printer for one ticket with a QR code, and their
 * time on the wire at 9600 baud (8N1: ten bits a byte), against the same words sent as bare
 * GB 18030 text lines — what the customer reads, with no layout, sizes or QR — measured in the
 * same run. Target: at most 400 bytes a ticket.
 *
 * The tickets are real: a hall with the default catalogue and a QR payload in its ticket
 * template issues them at a flagship peak (three-digit queue positions, two-digit minutes), and
 * they are laid out and encoded exactly as the device manager prints them.
 */
import iconv from 'iconv-lite'
import { encodeTicket } from '../src/main/devices/escpos'
import { layoutTicket, ticketFacts, ticketText, type Paper } from '../src/main/devices/ticket-layout'
import { ticketTemplateSchema } from '../src/shared/devices'
import { openHall } from '../test/support/hall-fixture'
import { figure, finish, type Figure } from './support/report'

const started = performance.now()
const BAUD = 9600
const BITS_PER_BYTE = 10
const PEAK = 150

const f = await openHall()
const admin = f.adminToken
// The ticket template an IT person sets up for a hall with a QR link to the live queue.
const template = ticketTemplateSchema.parse({ qrPayload: 'https://hall.example.cn/q/{day}/{number}?t={ticketId}' })
const services = Object.values(f.hall.state.services).filter((s) => s.active)
for (let i = 0; i < PEAK; i++) await f.run('issueTicket', { serviceId: services[i % services.length]!.id, priority: 'normal', source: 'kiosk' }, admin)
// The last ticket of each service: the longest queue position and wait of the run.
const tickets = services.map((s) => Object.values(f.hall.state.tickets).filter((t) => t.serviceId === s.id).at(-1)!)

const figures: Figure[] = []
const notes: string[] = []
for (const paper of ['80', '58'] as Paper[]) {
  let worst = { bytes: 0, text: 0, number: '' }
  for (const ticket of tickets) {
    const lines = layoutTicket(ticketFacts(f.hall.state, ticket), template, paper)
    const bytes = encodeTicket(lines, template.feedLines).length
    const text = iconv.encode(ticketText(lines).join('\n') + '\n', 'gb18030').length
    if (bytes > worst.bytes) worst = { bytes, text, number: ticket.number }
  }
  const base = { name: 'bare text', value: worst.text }
  figures.push(figure(`${paper} mm ticket with QR, largest`, worst.bytes, 'bytes', { baseline: base, max: 400, of: 'value' }))
  figures.push(figure(`${paper} mm on the wire at ${BAUD} baud`, (worst.bytes * BITS_PER_BYTE * 1000) / BAUD, 'ms', { baseline: { name: 'bare text', value: (worst.text * BITS_PER_BYTE * 1000) / BAUD } }))
  notes.push(`${paper} mm: largest of ${tickets.length} service tickets is ${worst.number}, ${worst.bytes} bytes (bare text ${worst.text})`)
}
notes.push(`${PEAK} tickets issued through the hall; QR payload "${template.qrPayload}" drawn by the printer (GS ( k), not sent as an image`)
f.close()
finish('ticket', 'Ticket — bytes to the printer for one ticket with a QR code', figures, notes, started)
