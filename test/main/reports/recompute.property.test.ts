/**
 * Property: whatever the hall did on a day, the summary (live, and as stored at the close)
 * equals the recomputation from the event log — and so does the summary of every range of
 * days so far.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPLAINT_CATEGORIES, FOLLOW_UP_STATES, PAUSE_REASONS, PRIORITY_CLASSES, RATING_REASONS } from '../../../src/shared/domain'
import { AppError } from '../../../src/shared/errors'
import { openHall, type Fixture } from '../../support/hall-fixture'
import { badNumbers, reportsOf } from '../../support/reports'

const SERVICES = ['MOBILE', 'BROADBAND', 'PAYMENT', 'CONSULT', 'COMPLAINT'] as const
const COUNTERS = [1, 2, 5] as const

type Action =
  | { kind: 'issue'; service: number; priority: number }
  | { kind: 'callNext' | 'recall' | 'start' | 'noShow' | 'resume' | 'close' | 'open'; counter: number }
  | { kind: 'finish'; counter: number; item: number; pending: boolean; complaint: number | null; about: number | null }
  | { kind: 'case'; pick: number; step: number }
  | { kind: 'transfer'; counter: number; service: number; started: boolean }
  | { kind: 'pause'; counter: number; reason: number }
  | { kind: 'reactivate' | 'cancel'; pick: number }
  | { kind: 'rate'; pick: number; score: number }
  | { kind: 'wait'; ms: number }
  /** The counter's next natural step: call, then start (or recall / no-show), then finish (or transfer). */
  | { kind: 'step'; counter: number; choice: number; item: number; score: number | null; complaint: number | null; about: number | null }

const counter = fc.nat(COUNTERS.length - 1)
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 14,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      counter,
      choice: fc.nat(9),
      item: fc.nat(5),
      score: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 2 }),
      complaint: fc.option(fc.nat(FOLLOW_UP_STATES.length - 1), { freq: 5 }),
      about: fc.option(fc.nat(COUNTERS.length - 1), { freq: 2 }),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('issue' as const), service: fc.nat(SERVICES.length - 1), priority: fc.nat(PRIORITY_CLASSES.length - 1) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('callNext' as const), counter }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('recall' as const, 'start' as const, 'start' as const, 'noShow' as const), counter }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('finish' as const),
      counter,
      item: fc.nat(5),
      pending: fc.boolean(),
      complaint: fc.option(fc.nat(FOLLOW_UP_STATES.length - 1), { freq: 4 }),
      // The clerk the complaint is about (counted in that clerk's complaints), often nobody.
      about: fc.option(fc.nat(COUNTERS.length - 1), { freq: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), counter, service: fc.nat(SERVICES.length - 1), started: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), counter, reason: fc.nat(PAUSE_REASONS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('resume' as const, 'close' as const, 'open' as const), counter }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('reactivate' as const, 'cancel' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rate' as const), pick: fc.nat(50), score: fc.integer({ min: 1, max: 4 }) }) },
  // The manager moves a complaint case on: 处理中, 待回访, 已办结 or 已撤销.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('case' as const), pick: fc.nat(50), step: fc.nat(3) }) },
  // Zero on purpose: several things in one millisecond must count together.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 * 60_000 })) }) },
)

let f: Fixture
let tokens: Record<number, string>
let manager: string
let clerkIds: number[]

beforeAll(async () => {
  f = await openHall()
  tokens = {}
  for (const id of COUNTERS) tokens[id] = await f.clerk(`c${id}`)
  clerkIds = COUNTERS.map((id) => Object.values(f.hall.state.clerks).find((c) => c.staffCode === `c${id}`)!.id)
  manager = await f.clerk('m1', 'manager')
})
afterAll(() => f.close())

async function perform(a: Action): Promise<void> {
  const state = f.hall.state
  const c = 'counter' in a ? COUNTERS[a.counter]! : 1
  const token = tokens[c]!
  const pick = <T>(list: T[], i: number) => (list.length === 0 ? undefined : list[i % list.length])
  switch (a.kind) {
    case 'issue':
      await f.run('issueTicket', { serviceId: SERVICES[a.service]!, priority: PRIORITY_CLASSES[a.priority]! })
      return
    case 'callNext':
      await f.run('callNext', { counterId: c }, token)
      return
    case 'recall':
      await f.run('recall', { counterId: c }, token)
      return
    case 'start':
      await f.run('startService', { counterId: c }, token)
      return
    case 'noShow':
      await f.run('noShow', { counterId: c }, token)
      return
    case 'finish': {
      const current = state.counters[c]?.currentTicketId
      const service = current ? state.services[state.tickets[current]!.serviceId] : undefined
      const item = service ? pick(service.items, a.item) : undefined
      await f.run(
        'finishService',
        {
          counterId: c,
          outcome: a.pending ? 'pending' : 'completed',
          items: item ? [item] : [],
          complaint:
            a.complaint === null
              ? null
              : {
                  category: COMPLAINT_CATEGORIES[a.complaint % 3]!,
                  summary: '投诉',
                  followUp: FOLLOW_UP_STATES[a.complaint]!,
                  clerkId: a.about === null ? null : clerkIds[a.about]!,
                },
        },
        token,
      )
      return
    }
    case 'case': {
      const open = f.hall.listComplaints({ status: null, day: null }).filter((c) => c.dueAt !== null)
      const target = pick(open, a.pick)
      if (!target) return
      if (a.step === 0) await f.run('updateComplaint', { id: target.id, status: 'handling' }, manager)
      else if (a.step === 1) await f.run('updateComplaint', { id: target.id, status: 'callback', solution: '致歉' }, manager)
      else if (a.step === 2) await f.run('closeComplaint', { id: target.id, confirmation: 'satisfied' }, manager)
      else await f.run('cancelComplaint', { id: target.id, remark: '撤销' }, manager)
      return
    }
    case 'transfer':
      if (a.started) await f.run('startService', { counterId: c }, token).catch(() => undefined)
      await f.run('transfer', { counterId: c, toServiceId: SERVICES[a.service]! }, token)
      return
    case 'pause':
      await f.run('pauseCounter', { counterId: c, reason: PAUSE_REASONS[a.reason]! }, token)
      return
    case 'resume':
      await f.run('resumeCounter', { counterId: c }, token)
      return
    case 'close':
      await f.run('closeCounter', { counterId: c }, token)
      return
    case 'open':
      await f.run('openCounter', { counterId: c }, token)
      return
    case 'reactivate': {
      const t = pick(
        Object.values(state.tickets).filter((x) => x.status === 'no_show'),
        a.pick,
      )
      // Nobody comes back in the very millisecond they were called and marked absent; the
      // stored rows could not tell such a return apart (docs/metrics.md, peak waiting).
      f.clock.advance(1)
      if (t) await f.run('reactivate', { number: t.number }, manager)
      return
    }
    case 'cancel': {
      const t = pick(Object.values(state.tickets), a.pick)
      if (t) await f.run('cancelTicket', { number: t.number }, manager)
      return
    }
    case 'rate': {
      const r = pick(Object.values(state.records), a.pick)
      if (r) await f.run('rateService', { recordId: r.id, score: a.score as 1 | 2 | 3 | 4, ...reasonFor(a.score, a.pick) })
      return
    }
    case 'wait':
      f.clock.advance(a.ms)
      return
    case 'step': {
      const current = state.counters[c]?.currentTicketId
      const t = current === null || current === undefined ? undefined : state.tickets[current]
      if (!t) {
        await f.run('callNext', { counterId: c }, token)
      } else if (t.status === 'called') {
        if (a.choice < 6) await f.run('startService', { counterId: c }, token)
        else if (a.choice < 8) await f.run('recall', { counterId: c }, token)
        else await f.run('noShow', { counterId: c }, token)
      } else if (a.choice === 9) {
        await f.run('transfer', { counterId: c, toServiceId: SERVICES[a.item % SERVICES.length]! }, token)
      } else {
        const item = pick(state.services[t.serviceId]!.items, a.item)
        const done = await f.run(
          'finishService',
          {
            counterId: c,
            outcome: a.choice === 8 ? 'pending' : 'completed',
            items: item ? [item] : [],
            complaint:
              a.complaint === null ? null : { category: 'service', summary: '投诉', followUp: FOLLOW_UP_STATES[a.complaint]!, clerkId: a.about === null ? null : clerkIds[a.about]! },
          },
          token,
        )
        // Half the ratings from the keypad, half from the customer's screen; 一般 / 不满意 mostly with a reason.
        const rating = { recordId: done.record.id, score: a.score as 1 | 2 | 3 | 4, ...reasonFor(a.score ?? 4, a.item) }
        if (a.score !== null) await (a.item % 2 === 0 ? f.hall.executeAsSystem('rateService', rating, 'evaluator-1') : f.run('rateService', rating))
      }
      return
    }
  }
}

describe('summary = recomputation from the event log', () => {
  it('for random days, live and closed, and for the range of all days so far', async () => {
    const firstDay = f.hall.state.businessDay
    let aboutClerks = 0
    let movedCases = 0
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 160, size: 'max' }), fc.boolean(), async (actions, byRollover) => {
        for (const id of COUNTERS) await f.run('openCounter', { counterId: id }, tokens[id]!).catch(() => undefined)
        for (const a of actions) {
          try {
            await perform(a)
          } catch (err) {
            // Refused commands change nothing; anything else is a bug.
            if (!(err instanceof AppError) || err.status >= 500) throw err
          }
        }
        const reports = reportsOf(f)
        const day = f.hall.state.businessDay
        const live = reports.summary(day, day)
        expect(badNumbers(live)).toEqual([])
        expect(await reports.recompute(day, day)).toEqual(live)
        aboutClerks += live.clerks.reduce((n, c) => n + (c.complaints?.taken ?? 0), 0)
        movedCases += live.clerks.reduce((n, c) => n + (c.complaints ? c.complaints.taken - c.complaints.open : 0), 0)
        expect(live.hall.tickets.issued).toBe(live.hall.tickets.served + live.hall.tickets.cancelled + live.hall.tickets.expired + live.hall.tickets.open)

        // Close the day: by the manager, or by the clock passing the rollover hour.
        if (byRollover) {
          const { timeZone, rolloverHour } = f.hall.state.settings.hall
          f.clock.now = Date.parse(`${nextDay(day)}T${String(rolloverHour).padStart(2, '0')}:00:00${offset(timeZone)}`) + 1
          f.hall.rolloverIfDue()
        } else {
          f.clock.minutes(30)
          await f.run('closeDay', {}, manager)
        }
        expect(f.hall.state.businessDay > day).toBe(true)
        const closed = reports.summary(day, day)
        expect(closed.hall.tickets.open).toBe(0)
        expect(await reports.recompute(day, day)).toEqual(closed)
        const today = f.hall.state.businessDay
        expect(await reports.recompute(firstDay, today)).toEqual(reports.summary(firstDay, today))
        // The next day starts in the morning.
        f.clock.now = Math.max(f.clock.now, Date.parse(`${today}T09:00:00+08:00`))
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 20261128), endOnFailure: true },
    )
    // The runs did count cases about clerks, and cases moved on from 受理.
    expect(aboutClerks).toBeGreaterThan(0)
    expect(movedCases).toBeGreaterThan(0)
  }, 120_000)
})

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

function offset(timeZone: string): string {
  expect(timeZone).toBe('Asia/Shanghai')
  return '+08:00'
}

/** The reason a customer gives with 一般 or 不满意 (sometimes none). */
function reasonFor(score: number, pick: number): { reason?: (typeof RATING_REASONS)[number] } {
  if (score > 2 || pick % 6 === 5) return {}
  return { reason: RATING_REASONS[pick % RATING_REASONS.length]! }
}
