/** The hall profiles in resources/profiles/ and the checks that keep a broken profile out. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SERVICES } from '../../../src/main/core/default-catalogue'
import { PROFILES_DIR, PROFILE_NAMES, ProfileError, loadProfile, parseProfile } from '../../../src/main/sim/profile'

const raw = (name: string) => JSON.parse(readFileSync(resolve(PROFILES_DIR, `${name}.json`), 'utf8')) as Record<string, any>

describe('built-in profiles', () => {
  it.each([
    ['small', 4],
    ['city', 12],
    ['flagship', 30],
  ] as const)('%s: valid, %i counters, every service from the default catalogue', (name, counters) => {
    const p = loadProfile(name)
    expect(p.name).toBe(name)
    expect(p.counters).toHaveLength(counters)
    const catalogue = new Set(DEFAULT_SERVICES.map((s) => s.id))
    for (const id of Object.keys(p.services)) expect(catalogue.has(id), id).toBe(true)
  })

  it('all three are listed', () => {
    expect([...PROFILE_NAMES]).toEqual(['small', 'city', 'flagship'])
  })

  it('have a lunch peak and an after-work peak', () => {
    for (const name of PROFILE_NAMES) {
      const rates = loadProfile(name).arrivalsPerHour
      expect(rates['11']! + rates['12']!, name).toBeGreaterThan(rates['09']! + rates['15']!)
      expect(rates['17']!, name).toBeGreaterThan(rates['15']!)
    }
  })
})

describe('a broken profile is refused with the path of each problem', () => {
  const broken = (change: (p: Record<string, any>) => void) => {
    const p = raw('city')
    change(p)
    return () => parseProfile(p, 'test profile')
  }

  it.each([
    ['service shares that do not add up to 1', (p: any) => (p.services.MOBILE.share = 0.9), /services: service shares add up to/],
    ['a service no counter serves', (p: any) => p.counters.forEach((c: any) => (c.services = c.services.filter((s: string) => s !== 'COMPLAINT'))), /services\.COMPLAINT: no counter serves COMPLAINT/],
    ['an open hour without an arrival rate', (p: any) => delete p.arrivalsPerHour['12'], /arrivalsPerHour\.12: no arrival rate for 12:00/],
    ['an unknown field (a typo)', (p: any) => (p.staff.recall = 2), /staff: Unrecognized key/],
    ['a negative handling time', (p: any) => (p.services.PAYMENT.handleMin.median = -1), /services\.PAYMENT\.handleMin\.median/],
    ['six weekday factors', (p: any) => p.weekdayFactor.pop(), /weekdayFactor/],
    ['a handover after closing', (p: any) => (p.staff.handover = '19:00'), /staff\.handover: the handover must fall within the opening hours/],
    ['a counter listing a service twice', (p: any) => (p.counters[0].services = ['MOBILE', 'MOBILE']), /counters\.0: a counter lists a service twice/],
    ['a transfer to the same service', (p: any) => (p.services.CONSULT.transfer.to = ['CONSULT']), /cannot transfer to itself/],
  ])('%s', (_label, change, message) => {
    const parse = broken(change as (p: Record<string, any>) => void)
    expect(parse).toThrow(ProfileError)
    expect(parse).toThrow(message)
  })

  it('names a missing profile and the built-in ones', () => {
    expect(() => loadProfile('village')).toThrow(/no hall profile at .*village\.json \(built in: small, city, flagship\)/)
  })
})
