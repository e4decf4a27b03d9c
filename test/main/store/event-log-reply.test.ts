/**
 * The event log keeps a command's reply only when the command carried an idempotency key: that
 * is what answers a retry. Every other entry records the facts (events) and not the restated state.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHall, tempDir, type Fixture } from '../../support/hall-fixture'

let f: Fixture
const dir = tempDir()
afterEach(() => {
  f.close()
  dir.remove()
})

const logged = (fx: Fixture) =>
  fx.db.prepare("SELECT command, result, events, idempotency_key AS key FROM event_log WHERE command = 'issueTicket' ORDER BY seq").all() as {
    command: string
    result: string
    events: string
    key: string | null
  }[]

describe('event log replies', () => {
  it('stores the reply for a keyed command only, and still answers its retry from the log', async () => {
    f = await openHall({ file: join(dir.dir, 'hallq.db') })
    await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true })
    const keyed = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true }, { idempotencyKey: 'kiosk-1-000002' })
    const [plain, withKey] = logged(f)
    expect(JSON.parse(plain!.result)).toBeNull()
    expect(JSON.parse(plain!.events)[0]).toMatchObject({ type: 'ticketIssued', ticket: { number: 'A001' } })
    expect(JSON.parse(withKey!.result)).toEqual(JSON.parse(JSON.stringify(keyed)))

    // A fresh hall on the same log answers the retry without applying it again.
    const reopened = await f.reopen()
    f = reopened
    const again = await f.hall.execute('issueTicket', { serviceId: 'MOBILE' }, { terminal: 'kiosk', local: true }, { idempotencyKey: 'kiosk-1-000002' })
    expect(again).toEqual(JSON.parse(JSON.stringify(keyed)))
    expect(logged(f)).toHaveLength(2)
  })
})
