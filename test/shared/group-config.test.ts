/**
 * How a following hall works out what to change for a group version (planGroupApply), without a
 * database: a check stopped half way is safe to repeat, the hall's own services are left alone,
 * a dropped service is switched off only while the hall follows it, and the publish schema
 * refuses what the hub's commands would.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SERVICES } from '../../src/main/core/default-catalogue'
import type { Service } from '../../src/shared/domain'
import { groupConfigSchema, groupFields, planGroupApply, type GroupConfig } from '../../src/shared/group-config'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'

const { plans: _plans, ...assessment } = DEFAULT_SETTINGS.assessment
const V1: GroupConfig = { services: DEFAULT_SERVICES.slice(0, 3), assessment }
const change = (c: GroupConfig, id: string, patch: Partial<Service>): GroupConfig => ({ ...c, services: c.services.map((s) => (s.id === id ? { ...s, ...patch } : s)) })
const byId = (services: Service[]) => Object.fromEntries(services.map((s) => [s.id, s]))
const hallWith = (services: Service[], local: string[] = []) => ({ services: byId(services), assessment: DEFAULT_SETTINGS.assessment, local, issuedToday: () => false })
const base = (c: GroupConfig) => Object.fromEntries(groupFields(c))

describe('planning a group version', () => {
  it('repeats a check that stopped half way without taking the applied half for the hall’s own', () => {
    const v2 = change(change(V1, 'MOBILE', { targetWaitMin: 10 }), 'BROADBAND', { targetWaitMin: 25 })
    // MOBILE was saved before the hub stopped; BROADBAND was not.
    const hall = hallWith(V1.services.map((s) => (s.id === 'MOBILE' ? { ...s, targetWaitMin: 10 } : s)))
    const plan = planGroupApply(hall, v2, base(V1))
    expect(plan.services.map((s) => [s.id, s.targetWaitMin])).toEqual([['BROADBAND', 25]])
    expect(plan.fields.filter((f) => f.state !== 'group').map((f) => [f.field, f.state])).toEqual([['services.BROADBAND.targetWaitMin', 'pending']])
  })

  it('adds a new group service whole, leaves the hall’s own services alone, and changes nothing twice', () => {
    const own: Service = { ...DEFAULT_SERVICES[5]!, id: 'LOCAL_ONLY', prefix: 'Z' }
    const v2: GroupConfig = { ...V1, services: [...V1.services, DEFAULT_SERVICES[3]!] }
    const plan = planGroupApply(hallWith([...V1.services, own]), v2, base(V1))
    expect(plan.services).toEqual([DEFAULT_SERVICES[3]])
    expect(plan.deactivated).toEqual([])
    expect(plan.assessmentPatch).toBeNull()
    const after = planGroupApply(hallWith([...V1.services, own, DEFAULT_SERVICES[3]!]), v2, plan.base)
    expect(after.services).toEqual([])
  })

  it('switches a dropped service off while the hall follows it, not when the hall turned it on itself or keeps it local', () => {
    const v2: GroupConfig = { ...V1, services: V1.services.filter((s) => s.id !== 'FIXED') }
    expect(planGroupApply(hallWith(V1.services), v2, base(V1)).deactivated).toEqual(['FIXED'])
    expect(planGroupApply(hallWith(V1.services, ['services.FIXED.active']), v2, base(V1)).deactivated).toEqual([])
    // The group had it off; the hall switched it on itself.
    const off = change(V1, 'FIXED', { active: false })
    expect(planGroupApply(hallWith(V1.services), v2, base(off)).deactivated).toEqual([])
  })

  it('keeps a local weight and patches only the weights that change', () => {
    const v2: GroupConfig = { ...V1, assessment: { ...assessment, indicators: { ...assessment.indicators, served: { weight: 30, target: 40 }, satisfaction: { weight: 40 } } } }
    const plan = planGroupApply(hallWith(V1.services, ['assessment.indicators.satisfaction.weight']), v2, base(V1))
    expect(plan.assessmentPatch).toEqual({ assessment: { indicators: { served: { weight: 30 } } } })
    expect(plan.fields.find((f) => f.field === 'assessment.indicators.satisfaction.weight')).toMatchObject({ state: 'local', group: 40, local: 25 })
  })

  it('refuses at publish what the hub would refuse: a bad prefix, a prefix or id twice, no weight above 0, an unknown key', () => {
    const paths = (c: unknown) => {
      const r = groupConfigSchema.safeParse(c)
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'))
    }
    expect(paths(V1)).toEqual([])
    expect(paths(change(V1, 'MOBILE', { prefix: 'a1' }))).toEqual(['services.0.prefix'])
    expect(paths(change(V1, 'BROADBAND', { prefix: 'A' }))).toEqual(['services.1.prefix'])
    expect(paths({ ...V1, services: [...V1.services, V1.services[0]] })).toEqual(['services.3.id', 'services.3.prefix'])
    const none = Object.fromEntries(Object.entries(assessment.indicators).map(([k, v]) => [k, { ...v, weight: 0 }]))
    expect(paths({ ...V1, assessment: { ...assessment, indicators: none } })).toEqual(['assessment.indicators'])
    expect(paths({ ...V1, assessment: { ...assessment, plans: [] } })).toEqual(['assessment'])
  })
})
