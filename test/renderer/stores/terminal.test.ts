/**
 * Joining the hall from a browser: an unpaired terminal asks for nothing but who it is, pairs
 * with a code, and only then opens the hall's stream; a revoked one goes back to the join page.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Terminal } from '../../../src/shared/terminals'
import { useHallStore } from '../../../src/renderer/src/stores/hall'
import { useTerminalStore } from '../../../src/renderer/src/stores/terminal'
import { backoffMs } from '../../../src/renderer/src/transport/transport'
import { FakeTransport, ScriptedHall } from '../support'

const KIOSK: Terminal = { id: 7, name: '门口取号机', role: 'kiosk', counterId: null, createdAt: 1, lastSeenAt: null, revokedAt: null }
let transport: FakeTransport

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  transport = new FakeTransport()
})
afterEach(() => {
  useTerminalStore().stop()
  vi.useRealTimers()
})

describe('joining the hall', () => {
  it('an unpaired browser asks only who it is; a wrong code is refused; the right one opens the hall', async () => {
    transport.me = 'TERMINAL_NOT_PAIRED'
    transport.codes.set('K7MQ2XPD', KIOSK)
    const terminal = useTerminalStore()
    await terminal.begin(transport)
    expect(terminal.status).toBe('unpaired')
    expect(transport.asked).toEqual(['terminal'])

    await expect(terminal.pair('AAAA-BBBB')).rejects.toMatchObject({ code: 'PAIRING_CODE_INVALID' })
    expect(terminal.status).toBe('unpaired')
    expect(transport.asked).not.toContain('open')

    await expect(terminal.pair('K7MQ-2XPD')).resolves.toEqual(KIOSK)
    expect(terminal.status).toBe('paired')
    expect(terminal.terminal).toEqual(KIOSK)
    expect(transport.asked.at(-1)).toBe('open')
  })

  it("the hub's own screens go straight on", async () => {
    const terminal = useTerminalStore()
    await terminal.begin(transport)
    expect(terminal.status).toBe('paired')
    expect(terminal.terminal).toBeNull()
    expect(transport.asked).toEqual(['terminal', 'open'])
  })

  it('keeps asking while the hub is out of reach', async () => {
    transport.me = 'OFFLINE'
    const terminal = useTerminalStore()
    await terminal.begin(transport, () => 0.5)
    expect(terminal.status).toBe('checking')
    expect(terminal.attempt).toBe(1)
    await vi.advanceTimersByTimeAsync(backoffMs(1, () => 0.5))
    expect(terminal.attempt).toBe(2)
    transport.me = KIOSK
    await vi.advanceTimersByTimeAsync(backoffMs(2, () => 0.5))
    expect(terminal.status).toBe('paired')
    expect(transport.asked.filter((a) => a === 'open')).toHaveLength(1)
  })

  it('a terminal revoked while in use forgets the hall and asks for a new code', async () => {
    transport.me = KIOSK
    const terminal = useTerminalStore()
    await terminal.begin(transport)
    const hub = new ScriptedHall()
    transport.connect(hub.seq, hub.state)
    expect(useHallStore().state).not.toBeNull()
    transport.sink!.refused!('TERMINAL_NOT_PAIRED')
    expect(terminal.status).toBe('unpaired')
    expect(terminal.revoked).toBe(true)
    expect(useHallStore().state).toBeNull()
  })
})
