import { withIncidentFields } from '../../src/shared/incident'
import { describe, expect, it } from 'vitest'
import { hhmmIn, issuingStatus } from '../../src/shared/issuing'
import { evolve } from '../../src/shared/hall-state'
import { seededState } from '../support/pure-hall'

const NINE = Date.parse('2026-11-28T09:00:00+08:00')

describe('issuing status, as the kiosk shows it', () => {
  it('follows the same order as the hall: paused, inactive, hours, cap', () => {
    let s = seededState()
    const mobile = s.services.MOBILE!
    expect(issuingStatus(s, 'MOBILE', NINE)).toEqual({ open: true })
    expect(issuingStatus(s, 'NOPE', NINE)).toEqual({ open: false, reason: 'unknown' })
    s = evolve(s, [{ type: 'serviceSaved', at: 0, service: { ...mobile, hours: [{ from: '09:30', to: '17:00' }], dailyCap: 2 } }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toEqual({ open: false, reason: 'outside_hours', hours: [{ from: '09:30', to: '17:00' }] })
    expect(issuingStatus(s, 'MOBILE', NINE + 30 * 60_000)).toEqual({ open: true })
    s = { ...s, lastSeq: { MOBILE: 2 } }
    expect(issuingStatus(s, 'MOBILE', NINE + 30 * 60_000)).toEqual({ open: false, reason: 'cap_reached', cap: 2 })
    s = evolve(s, [{ type: 'serviceSaved', at: 0, service: { ...mobile, active: false } }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toEqual({ open: false, reason: 'inactive' })
    s = evolve(s, [{ type: 'settingsSaved', at: 0, settings: { ...s.settings, issuing: { ...s.settings.issuing, paused: true, pausedMessage: '停电' } } }]).state
    expect(issuingStatus(s, 'PAYMENT', NINE)).toEqual({ open: false, reason: 'paused', message: '停电' })
  })

  it('an emergency that pauses issuing closes every tile with its message, before anything else', () => {
    let s = seededState()
    const emergency = withIncidentFields({ kind: 'outage' as const, message: '系统故障，正在抢修', pauseIssuing: true, startedAt: NINE, startedBy: 1 })
    s = evolve(s, [{ type: 'emergencyStarted', at: NINE, emergency }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toEqual({ open: false, reason: 'paused', message: '系统故障，正在抢修' })
    s = evolve(s, [{ type: 'settingsSaved', at: 0, settings: { ...s.settings, issuing: { ...s.settings.issuing, paused: true, pausedMessage: '停电' } } }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toMatchObject({ message: '系统故障，正在抢修' })
    s = evolve(s, [{ type: 'emergencyEnded', at: NINE + 1 }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toMatchObject({ message: '停电' })
    // An emergency that leaves issuing on does not close anything.
    s = evolve(seededState(), [{ type: 'emergencyStarted', at: NINE, emergency: { ...emergency, pauseIssuing: false } }]).state
    expect(issuingStatus(s, 'MOBILE', NINE)).toEqual({ open: true })
  })

  it("reads the time in the hall's zone", () => {
    expect(hhmmIn(NINE, 'Asia/Shanghai')).toBe('09:00')
    expect(hhmmIn(NINE, 'Europe/Berlin')).toBe('02:00')
  })
})
