/**
 * The live board's alerts and the cross-hall totals, on rows as the centre stores them: a hall is
 * silent from 10 minutes without a report (or if it never reported), a service is over target
 * when its longest wait now is above its target and raised as an alert (far over target) from
 * twice it, and totals are shares of the summed counts.
 */
import { describe, expect, it } from 'vitest'
import { boardOf, crossHallReport, type HallRow } from '../../../src/main/central/reports'
import { FAR_OVER_TARGET_FACTOR, SILENT_AFTER_MS } from '../../../src/shared/central'

const NOW = Date.parse('2026-12-02T10:00:00+08:00')

function hall(code: string, lastSeenAt: number | null, services: { serviceId: string; longestWaitMs: number | null; targetWaitMin: number }[] = []): HallRow {
  return {
    code,
    name: `${code} 营业厅`,
    region: '广东/广州',
    lastSeq: 10,
    hubSeq: 12,
    lastSeenAt,
    businessDay: '2026-12-02',
    config: null,
    board: { asOf: NOW, waiting: services.length, longestWaitMs: null, countersOpen: 2, services: services.map((s) => ({ ...s, waiting: 1 })) },
  }
}

describe('the live board', () => {
  it('lists a hall silent from 10 minutes, or never heard from, and a service at twice its target or more', () => {
    const board = boardOf(
      [
        hall('A', NOW - SILENT_AFTER_MS + 1000),
        hall('B', NOW - SILENT_AFTER_MS),
        hall('C', null),
        hall('D', NOW, [
          // Twice its 15-minute target: far over, an alert.
          { serviceId: 'MOBILE', longestWaitMs: FAR_OVER_TARGET_FACTOR * 15 * 60_000, targetWaitMin: 15 },
          // Over its target, a second short of twice it: on the hall's row, no alert.
          { serviceId: 'PAYMENT', longestWaitMs: FAR_OVER_TARGET_FACTOR * 10 * 60_000 - 1000, targetWaitMin: 10 },
          { serviceId: 'BROADBAND', longestWaitMs: 20 * 60_000, targetWaitMin: 20 },
        ]),
      ],
      new Map(),
      NOW,
    )
    expect(board.alerts).toEqual([
      { kind: 'silent', code: 'B', name: 'B 营业厅', lastSeenAt: NOW - SILENT_AFTER_MS },
      { kind: 'silent', code: 'C', name: 'C 营业厅', lastSeenAt: null },
      { kind: 'overTarget', code: 'D', name: 'D 营业厅', serviceId: 'MOBILE', nameZh: 'MOBILE', nameEn: 'MOBILE', longestWaitMs: 30 * 60_000, targetWaitMin: 15 },
    ])
    expect(FAR_OVER_TARGET_FACTOR).toBe(2)
    expect(board.halls.find((h) => h.code === 'D')!.overTarget.map((s) => s.serviceId)).toEqual(['MOBILE', 'PAYMENT'])
    expect(board.halls.map((h) => [h.code, h.lagEvents, h.serviceLevel, h.issued])).toEqual([
      ['A', 2, null, 0],
      ['B', 2, null, 0],
      ['C', 2, null, 0],
      ['D', 2, null, 0],
    ])
  })

  it('gives an empty range zero counts and no shares rather than 0 %', () => {
    const r = crossHallReport([hall('A', NOW), hall('B', NOW)], new Map(), '2026-12-01', '2026-12-02', { region: null, hall: null })
    expect(r.totals).toMatchObject({ halls: 2, waits: 0, serviceLevel: null, avgWaitMs: null, satisfiedShare: null, ratingAverage: null })
    expect(r.halls.map((h) => [h.code, h.days, h.tickets.issued])).toEqual([
      ['A', 0, 0],
      ['B', 0, 0],
    ])
  })
})
