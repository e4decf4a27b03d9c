import { describe, expect, it } from 'vitest'
import { hallBoardDeviceSchema } from '../../../src/shared/devices'
import { boardLines, recentCalls, withCall } from '../../../src/main/devices/display-texts'
import { PureHall, SYSTEM, seededState } from '../../support/pure-hall'

const board = (patch: Record<string, unknown>) => hallBoardDeviceSchema.parse({ id: 'board', name: '综合屏', kind: 'hallBoard', connection: { type: 'virtual' }, ...patch })

describe('hall board texts', () => {
  const h = new PureHall(seededState())
  h.apply('openCounter', { counterId: 1 }, { role: 'clerk', clerkId: 1, terminal: 't' }, 1000)
  h.apply('openCounter', { counterId: 2 }, { role: 'clerk', clerkId: 2, terminal: 't' }, 1000)
  for (let i = 0; i < 3; i++) h.apply('issueTicket', { serviceId: 'MOBILE' }, SYSTEM, 2000 + i)
  h.apply('callNext', { counterId: 1 }, { role: 'clerk', clerkId: 1, terminal: 't' }, 3000)
  h.apply('callNext', { counterId: 2 }, { role: 'clerk', clerkId: 2, terminal: 't' }, 4000)

  it('the latest calls come from the service records, newest first', () => {
    expect(recentCalls(h.state, 5).map((c) => [c.number, c.counterId])).toEqual([
      ['A002', 2],
      ['A001', 1],
    ])
  })

  it('a board with several addresses shows one call per line; empty lines stay blank', () => {
    const calls = recentCalls(h.state, 3)
    expect(boardLines(h.state, calls, board({ addresses: [10, 11, 12] }))).toEqual([
      { address: 10, text: 'A002→2号' },
      { address: 11, text: 'A001→1号' },
      { address: 12, text: '' },
    ])
  })

  it('a one-address board joins the calls; before any call it shows its idle text', () => {
    const b = board({ addresses: [0], calls: 2, lineText: '请{number}到{counter}号窗口', joinWith: ' | ' })
    expect(boardLines(h.state, recentCalls(h.state, 2), b)).toEqual([{ address: 0, text: '请A002到2号窗口 | 请A001到1号窗口' }])
    expect(boardLines(h.state, [], b)).toEqual([{ address: 0, text: '欢迎光临' }])
  })

  it('a recall moves its ticket to the front without showing it twice', () => {
    const calls = recentCalls(h.state, 3)
    expect(withCall(calls, calls[1]!, 3).map((c) => c.number)).toEqual(['A001', 'A002'])
  })
})
