/**
 * Golden days: a scripted day whose every figure is worked out by hand below, from the times
 * in the script and the definitions in docs/metrics.md.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MINUTE, clerkAtCounter, openHall, type Fixture } from '../../support/hall-fixture'
import { badNumbers, reportsOf, shanghai } from '../../support/reports'

const DAY = '2026-11-28'
const at = (hhmm: string) => shanghai(DAY, hhmm)
const min = (n: number) => n * MINUTE

let f: Fixture
beforeEach(async () => {
  f = await openHall()
})
afterEach(() => f.close())

/**
 * Counter 1 (clerk c1, id 2: mobile first, also payment and consultation) and counter 5 (c5,
 * id 3: complaints). A001 served; A002 called, recalled, no-show, reactivated, served a little
 * and transferred to complaints where c5 takes a complaint; D001 waits beyond payment's 10
 * minutes; E001 cancelled while waiting; A003 still waiting at 10:20. c1 has two ratings, c5 none.
 */
async function scriptedDay(): Promise<{ c1: string; c5: string; manager: string }> {
  const c1 = await clerkAtCounter(f, 'c1', 1)
  const c5 = await clerkAtCounter(f, 'c5', 5)
  const manager = await f.clerk('m1', 'manager')
  const set = (hhmm: string) => (f.clock.now = at(hhmm))
  // The counters were opened at 09:00 (the fixture's clock) by clerkAtCounter.
  set('09:01')
  await f.run('issueTicket', { serviceId: 'MOBILE' }) // A001
  set('09:02')
  await f.run('issueTicket', { serviceId: 'MOBILE' }) // A002
  set('09:03')
  await f.run('issueTicket', { serviceId: 'PAYMENT' }) // D001
  set('09:05')
  expect((await f.run('callNext', { counterId: 1 }, c1)).ticket.number).toBe('A001')
  set('09:06')
  await f.run('startService', { counterId: 1 }, c1)
  set('09:14')
  const r1 = await f.run('finishService', { counterId: 1, items: ['改套餐'] }, c1)
  await f.run('rateService', { recordId: r1.record.id, score: 4 })
  set('09:15')
  expect((await f.run('callNext', { counterId: 1 }, c1)).ticket.number).toBe('A002')
  set('09:16')
  await f.run('recall', { counterId: 1 }, c1)
  set('09:17')
  await f.run('noShow', { counterId: 1 }, c1)
  set('09:18')
  expect((await f.run('callNext', { counterId: 1 }, c1)).ticket.number).toBe('D001')
  await f.run('startService', { counterId: 1 }, c1)
  set('09:20')
  await f.run('reactivate', { number: 'A002' }, c1)
  set('09:21')
  await f.run('finishService', { counterId: 1, items: ['缴费'] }, c1)
  set('09:22')
  expect((await f.run('callNext', { counterId: 1 }, c1)).ticket.number).toBe('A002')
  await f.run('startService', { counterId: 1 }, c1)
  set('09:25')
  const r4 = await f.run('transfer', { counterId: 1, toServiceId: 'COMPLAINT', items: ['资费咨询'] }, c1)
  await f.run('rateService', { recordId: r4.record.id, score: 3 })
  set('09:30')
  expect((await f.run('callNext', { counterId: 5 }, c5)).ticket.number).toBe('A002')
  set('09:31')
  await f.run('startService', { counterId: 5 }, c5)
  set('09:40')
  await f.run('pauseCounter', { counterId: 1, reason: 'meal' }, c1)
  set('09:43')
  await f.run('finishService', { counterId: 5, items: ['投诉受理'], complaint: { category: 'service', summary: '宽带安装延误', followUp: 'open' } }, c5)
  set('09:45')
  await f.run('issueTicket', { serviceId: 'CONSULT' }) // E001
  set('09:50')
  await f.run('cancelTicket', { number: 'E001' }, c1)
  set('10:10')
  await f.run('resumeCounter', { counterId: 1 }, c1)
  set('10:15')
  await f.run('issueTicket', { serviceId: 'MOBILE' }) // A003
  set('10:20')
  return { c1, c5, manager }
}

const hours = (rows: { hour: number }[]) => rows.map((r) => r.hour)

describe('a golden day, live at 10:20', () => {
  it('every figure as worked out by hand', async () => {
    await scriptedDay()
    const s = reportsOf(f).summary(DAY, DAY)
    expect(badNumbers(s)).toEqual([])

    // Tickets: A001, A002, D001, E001, A003. Records r1..r5 as in the script.
    expect(s.hall.tickets).toEqual({ issued: 5, served: 3, noShow: 1, transferred: 1, cancelled: 1, expired: 0, open: 1 })
    // Waits per call: r1 4, r2 13, r3 15, r4 2 (reactivated 09:20 → 09:22), r5 5 (transferred 09:25 → 09:30).
    // Sorted 2 4 5 13 15: mean 39/5, median 5, p90 at rank 3.6 = 13 + 0.6 × 2, max 15.
    // Within target: D001 waited 15 > payment's 10; the rest within 15.
    expect(s.hall.wait).toEqual({
      count: 5,
      totalMs: min(39),
      avgMs: min(39) / 5,
      medianMs: min(5),
      p90Ms: min(13) + 0.6 * (min(15) - min(13)),
      maxMs: min(15),
      withinTarget: 4,
      aboveTarget: 1,
      serviceLevel: 4 / 5,
    })
    // Handling: r1 8, r3 3, r4 3 (started, then transferred), r5 12; the no-show r2 never started.
    // Sorted 3 3 8 12: median (3 + 8) / 2, p90 at rank 2.7 = 8 + 0.7 × 4.
    expect(s.hall.handling).toEqual({
      count: 4,
      totalMs: min(26),
      avgMs: min(26) / 4,
      medianMs: min(3) + 0.5 * (min(8) - min(3)),
      p90Ms: min(8) + 0.7 * (min(12) - min(8)),
      maxMs: min(12),
    })
    // Arrivals: four tickets in the 9 o'clock hour, A003 at 10:15. Every wait began before 09:30.
    expect(hours(s.hall.byHour)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3])
    expect(s.hall.byHour.find((h) => h.hour === 9)).toEqual({ hour: 9, arrivals: 4, waits: 5, avgWaitMs: min(39) / 5, withinTarget: 4 })
    expect(s.hall.byHour.find((h) => h.hour === 10)).toEqual({ hour: 10, arrivals: 1, waits: 0, avgWaitMs: null, withinTarget: 0 })
    expect(s.hall.byHour.filter((h) => h.hour !== 9 && h.hour !== 10).every((h) => h.arrivals === 0 && h.waits === 0 && h.avgWaitMs === null)).toBe(true)
    // At 09:03 A001, A002 and D001 wait; never more.
    expect(s.hall.peakWaiting).toEqual({ count: 3, at: at('09:03'), businessDay: DAY })

    expect(s.services.map((x) => x.serviceId)).toEqual(['MOBILE', 'PAYMENT', 'CONSULT', 'COMPLAINT'])
    const [mobile, payment, consult, complaint] = s.services
    // Mobile: A001, A002, A003 issued; r1 served, r2 no-show, r4 transferred; A003 still open.
    expect(mobile!.tickets).toEqual({ issued: 3, served: 1, noShow: 1, transferred: 1, cancelled: 0, expired: 0, open: 1 })
    expect(mobile!.wait).toEqual({
      count: 3,
      totalMs: min(19),
      avgMs: min(19) / 3,
      medianMs: min(4),
      p90Ms: min(4) + 0.8 * (min(13) - min(4)),
      maxMs: min(13),
      withinTarget: 3,
      aboveTarget: 0,
      serviceLevel: 1,
    })
    expect(mobile!.handling).toEqual({ count: 2, totalMs: min(11), avgMs: min(11) / 2, medianMs: min(3) + 0.5 * min(5), p90Ms: min(3) + 0.9 * min(5), maxMs: min(8) })
    expect(mobile!.items).toEqual([
      { item: '改套餐', count: 1 },
      { item: '资费咨询', count: 1 },
    ])
    expect(mobile!.byHour.find((h) => h.hour === 9)).toEqual({ hour: 9, arrivals: 2, waits: 3, avgWaitMs: min(19) / 3, withinTarget: 3 })
    expect(mobile!.byHour.find((h) => h.hour === 10)).toEqual({ hour: 10, arrivals: 1, waits: 0, avgWaitMs: null, withinTarget: 0 })

    expect(payment!.tickets).toEqual({ issued: 1, served: 1, noShow: 0, transferred: 0, cancelled: 0, expired: 0, open: 0 })
    expect(payment!.wait).toEqual({ count: 1, totalMs: min(15), avgMs: min(15), medianMs: min(15), p90Ms: min(15), maxMs: min(15), withinTarget: 0, aboveTarget: 1, serviceLevel: 0 })
    expect(payment!.handling).toEqual({ count: 1, totalMs: min(3), avgMs: min(3), medianMs: min(3), p90Ms: min(3), maxMs: min(3) })
    expect(payment!.items).toEqual([{ item: '缴费', count: 1 }])

    // Consultation: E001 issued and cancelled; nothing measured, nothing divided by zero.
    expect(consult!.tickets).toEqual({ issued: 1, served: 0, noShow: 0, transferred: 0, cancelled: 1, expired: 0, open: 0 })
    expect(consult!.wait).toEqual({ count: 0, totalMs: 0, avgMs: null, medianMs: null, p90Ms: null, maxMs: null, withinTarget: 0, aboveTarget: 0, serviceLevel: null })
    expect(consult!.handling).toEqual({ count: 0, totalMs: 0, avgMs: null, medianMs: null, p90Ms: null, maxMs: null })

    // Complaints: A002 was issued for mobile, so nothing issued here; served once after the transfer.
    expect(complaint!.tickets).toEqual({ issued: 0, served: 1, noShow: 0, transferred: 0, cancelled: 0, expired: 0, open: 0 })
    expect(complaint!.wait).toMatchObject({ count: 1, avgMs: min(5), withinTarget: 1, serviceLevel: 1 })
    expect(complaint!.handling).toMatchObject({ count: 1, avgMs: min(12), maxMs: min(12) })
    expect(complaint!.items).toEqual([{ item: '投诉受理', count: 1 }])

    const [c1, c5] = s.clerks
    expect(s.clerks.map((c) => [c.clerkId, c.staffCode])).toEqual([
      [2, 'c1'],
      [3, 'c5'],
    ])
    // c1 called r1..r4 (waits 4 13 15 2), handled r1 8, r3 3, r4 3; rated 4 and 3 of three ratable
    // (r2 was a no-show); counter open 09:00 → 10:20, meal 09:40 → 10:10.
    expect(c1).toEqual({
      clerkId: 2,
      staffCode: 'c1',
      name: '营业员c1',
      served: 2,
      handling: { count: 3, totalMs: min(14), avgMs: min(14) / 3, maxMs: min(8) },
      calledWait: { count: 4, avgMs: min(34) / 4 },
      noShow: 1,
      transferred: 1,
      complaints: { taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 },
      satisfaction: { ratable: 3, responses: 2, responseRate: 2 / 3, average: 3.5, satisfied: 2, satisfiedShare: 1, byScore: [0, 0, 1, 1], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
      loggedInMs: min(80),
      servingMs: min(14),
      pausedMs: min(30),
      pausedByReason: { meal: min(30), training: 0, backoffice: 0, meeting: 0, other: 0 },
      utilisation: 14 / 80,
    })
    // c5: no ratings at all — average and satisfied share are null, not 0 and not NaN.
    expect(c5).toEqual({
      clerkId: 3,
      staffCode: 'c5',
      name: '营业员c5',
      served: 1,
      handling: { count: 1, totalMs: min(12), avgMs: min(12), maxMs: min(12) },
      calledWait: { count: 1, avgMs: min(5) },
      noShow: 0,
      transferred: 0,
      // c5 took a complaint at the counter about nobody in particular: no case is about c5.
      complaints: { taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 },
      satisfaction: { ratable: 1, responses: 0, responseRate: 0, average: null, satisfied: 0, satisfiedShare: null, byScore: [0, 0, 0, 0], reasons: { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 } },
      loggedInMs: min(80),
      servingMs: min(12),
      pausedMs: 0,
      pausedByReason: { meal: 0, training: 0, backoffice: 0, meeting: 0, other: 0 },
      utilisation: 12 / 80,
    })
    expect(s.counters).toEqual([
      { counterId: 1, name: '1号窗口', openMs: min(80), pausedMs: min(30), served: 2 },
      { counterId: 5, name: '5号窗口', openMs: min(80), pausedMs: 0, served: 1 },
    ])
    expect(s.days).toEqual([{ businessDay: DAY, closed: false, issued: 5, served: 3, waits: 5, avgWaitMs: min(39) / 5, serviceLevel: 4 / 5 }])

    // Satisfaction per service and for the hall: r1 (MOBILE, 4) and r4 (MOBILE, transferred, 3)
    // rated; r3 (PAYMENT) and r5 (COMPLAINT) ratable but not rated; r2 a no-show, not ratable.
    const none = { wait: 0, attitude: 0, skill: 0, unresolved: 0, other: 0 }
    expect(s.hall.satisfaction).toEqual({ ratable: 4, responses: 2, responseRate: 0.5, average: 3.5, satisfied: 2, satisfiedShare: 1, byScore: [0, 0, 1, 1], reasons: none })
    expect(Object.fromEntries(s.services.map((x) => [x.serviceId, [x.satisfaction.ratable, x.satisfaction.responses, x.satisfaction.responseRate, x.satisfaction.average]]))).toEqual({
      MOBILE: [2, 2, 1, 3.5],
      PAYMENT: [1, 0, 0, null],
      CONSULT: [0, 0, null, null],
      COMPLAINT: [1, 0, 0, null],
    })
  })

  it("a clerk's complaints are the cases about that clerk, by status as they stand, whoever took them", async () => {
    const { c1, c5, manager } = await scriptedDay()
    const reports = reportsOf(f)
    // Four cases about c1 (id 2): taken by c5 at the counter, by the manager on the phone and
    // on site; one cancelled, one in handling, one waiting for the callback. None about c5.
    const about = (channel: 'phone' | 'onsite', summary: string) => f.run('takeComplaint', { channel, category: 'service', summary, clerkId: 2 }, manager)
    const a = (await about('phone', '态度生硬')).complaint
    const b = (await about('onsite', '办理出错')).complaint
    const c = (await about('phone', '重复来电')).complaint
    await f.run('takeComplaint', { channel: 'counter', category: 'product', summary: '资费不清', clerkId: 2 }, c5)
    await f.run('updateComplaint', { id: b.id, status: 'handling' }, manager)
    await f.run('updateComplaint', { id: c.id, status: 'handling' }, manager)
    await f.run('updateComplaint', { id: c.id, status: 'callback', solution: '致歉' }, manager)
    await f.run('cancelComplaint', { id: a.id, remark: '客户撤回' }, manager)
    const s = reports.summary(DAY, DAY)
    const mine = (id: number) => s.clerks.find((x) => x.clerkId === id)!.complaints
    expect(mine(2)).toEqual({ taken: 4, open: 1, inProgress: 2, closed: 0, cancelled: 1 })
    expect(mine(3)).toEqual({ taken: 0, open: 0, inProgress: 0, closed: 0, cancelled: 0 })
    // The same cases as the complaint figures' row for c1.
    expect(s.complaintCases!.byClerk).toEqual([expect.objectContaining({ clerkId: 2, taken: 4, closed: 0 })])
    expect(await reports.recompute(DAY, DAY)).toEqual(s)

    // After the close the figure follows the cases: closing one moves it, the log agrees.
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    await f.run('closeComplaint', { id: c.id, confirmation: 'satisfied' }, manager)
    const closed = reports.summary(DAY, DAY)
    expect(closed.clerks.find((x) => x.clerkId === 2)!.complaints).toEqual({ taken: 4, open: 1, inProgress: 1, closed: 1, cancelled: 1 })
    expect(await reports.recompute(DAY, DAY)).toEqual(closed)
    expect(await reports.verify(DAY)).toMatchObject({ equal: true, differences: [] })
    void c1
  })

  it('the summary equals its recomputation from the event log', async () => {
    await scriptedDay()
    const reports = reportsOf(f)
    expect(await reports.recompute(DAY, DAY)).toEqual(reports.summary(DAY, DAY))
    expect(await reports.verify(DAY)).toMatchObject({ equal: true, differences: [] })
  })

  it('a check is of one moment: commands arriving while the log is replayed do not disturb it', async () => {
    await scriptedDay()
    const reports = reportsOf(f)
    const checking = reports.verify(DAY)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    expect(await checking).toMatchObject({ equal: true })
    expect(reports.summary(DAY, DAY).hall.tickets.issued).toBe(6)
  })
})

describe('the golden day closed at 18:00', () => {
  it('expires A003, ends the periods at the close, and scores the assessment', async () => {
    const { manager } = await scriptedDay()
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    const reports = reportsOf(f)
    const s = reports.summary(DAY, DAY)
    expect(s.hall.tickets).toEqual({ issued: 5, served: 3, noShow: 1, transferred: 1, cancelled: 1, expired: 1, open: 0 })
    // A003 waited 10:15 → 18:00 and never reached three at once with the others.
    expect(s.hall.peakWaiting).toEqual({ count: 3, at: at('09:03'), businessDay: DAY })
    expect(s.clerks.map((c) => [c.loggedInMs, c.utilisation])).toEqual([
      [min(540), 14 / 540],
      [min(540), 12 / 540],
    ])
    expect(s.days[0]!.closed).toBe(true)
    expect(await reports.recompute(DAY, DAY)).toEqual(s)

    // Default weights: served 20, handling 20, satisfaction 25, no-show 10, complaints 10, utilisation 15.
    const a = reports.assessment(DAY)
    expect(a.frozen).toBe(true)
    expect(a.closedAt).toBe(at('18:00'))
    const [c1, c5] = a.clerks
    // c1: 2 served of 40 → 5; 14 min against standards 8 + 3 + 8 = 19 → within → 100; satisfied 2/2 → 100;
    // the no-show was called twice (≥ 2) → 100; no complaints → left out; utilisation 14/540 against 0.7.
    const c1Util = ((14 / 540) * 100) / 0.7
    expect(c1!.indicators).toEqual({
      served: { value: 2, score: 5, weight: 20 },
      handling: { value: 14 / 19, score: 100, weight: 20 },
      satisfaction: { value: 1, score: 100, weight: 25 },
      noShow: { value: 1, score: 100, weight: 10 },
      complaints: { value: null, score: null, weight: 10 },
      utilisation: { value: 14 / 540, score: c1Util, weight: 15 },
      // No spot check, no plan, no teamwork mark yet: left out.
      quality: { value: null, score: null, weight: 10 },
      plan: { value: null, score: null, weight: 10 },
      teamwork: { value: null, score: null, weight: 10 },
    })
    expect(c1!.quantitative).toBeCloseTo((20 * 5 + 20 * 100 + 25 * 100 + 10 * 100 + 15 * c1Util) / 90, 10)
    // c5: 1 served → 2.5; 12 min against complaints' 15 → 100; no ratings, no no-shows → left out;
    // the case c5 took (and owns) is open within its 5 days → not counted yet; utilisation 12/540.
    const c5Util = ((12 / 540) * 100) / 0.7
    expect(c5!.indicators.satisfaction).toEqual({ value: null, score: null, weight: 25 })
    expect(c5!.indicators.complaints).toEqual({ value: null, score: null, weight: 10 })
    expect(c5!.quantitative).toBeCloseTo((20 * 2.5 + 20 * 100 + 15 * c5Util) / 55, 10)
    expect(c1!.combined).toBeNull()

    await f.run('gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'excellent', comment: '服务热情' }, manager)
    const graded = reports.assessment(DAY).clerks[0]!
    expect(graded).toMatchObject({ grade: 'excellent', comment: '服务热情', gradedBy: 4 })
    expect(graded.combined).toBeCloseTo(0.8 * c1!.quantitative! + 0.2 * 100, 10)
  })

  it('投诉办结率 comes from the cases the clerk owns, as they stand when read: not yet due, closed in time and confirmed, overdue', async () => {
    const { c5, manager } = await scriptedDay()
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    const reports = reportsOf(f)
    const owned = (await f.run('updateComplaint', { id: 1, status: 'handling' }, c5)).complaint
    expect(owned).toMatchObject({ ownerId: 3, status: 'handling' })
    expect(reports.assessment(DAY).clerks.find((c) => c.clerkId === 3)!.indicators.complaints).toEqual({ value: null, score: null, weight: 10 })

    // A second case c5 owns, taken by the manager on the phone after the close (so on the next
    // business day) and never closed.
    const phone = (await f.run('takeComplaint', { channel: 'phone', category: 'product', summary: '套餐资费不清', ownerId: 3 }, manager)).complaint
    expect(phone.businessDay > DAY).toBe(true)

    // The first: solution, callback, closed by the manager within its 5 days with 基本满意 → in time.
    f.clock.now = at('18:00') + 60 * 60_000
    await f.run('updateComplaint', { id: 1, status: 'callback', solution: '补偿一个月宽带费' }, c5)
    await f.run('closeComplaint', { id: 1, confirmation: 'partly' }, manager)
    const closedInTime = reports.assessment(DAY).clerks.find((c) => c.clerkId === 3)!
    expect(closedInTime.indicators.complaints).toEqual({ value: 1, score: 100, weight: 10 })
    expect(await reports.verify(DAY)).toMatchObject({ equal: true, differences: [] })

    // A week on, the first case counts as closed in time; the phone case (taken the next
    // business day, a Sunday: due when the fifth working day, Friday, ends) is past its closure
    // deadline and counts against c5 on its own day.
    expect(phone.closeDueAt).toBe(shanghai('2026-12-05', '04:00'))
    f.clock.now = at('18:00') + 7 * 24 * 60 * 60_000
    const phoneDay = reports.assessment(phone.businessDay).clerks.find((c) => c.clerkId === 3)!
    expect(phoneDay.indicators.complaints).toEqual({ value: 0, score: 0, weight: 10 })
    expect(reports.assessment(DAY).clerks.find((c) => c.clerkId === 3)!.indicators.complaints).toEqual({ value: 1, score: 100, weight: 10 })
  })

  it('a closed day is frozen: later edits of targets, standards and weights leave it as it was', async () => {
    const { manager } = await scriptedDay()
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    const reports = reportsOf(f)
    const before = { summary: reports.summary(DAY, DAY), assessment: reports.assessment(DAY) }

    const mobile = f.hall.state.services.MOBILE!
    const payment = f.hall.state.services.PAYMENT!
    await f.run('saveService', { service: { ...mobile, targetWaitMin: 1, defaultHandleMin: 1 } }, f.adminToken)
    await f.run('saveService', { service: { ...payment, targetWaitMin: 60 } }, f.adminToken)
    await f.run('updateSettings', { patch: { assessment: { indicators: { served: { weight: 100, target: 2 } }, qualitativeWeight: 50 } } }, f.adminToken)

    expect(reports.summary(DAY, DAY)).toEqual({ ...before.summary, asOf: f.clock.now })
    expect(reports.assessment(DAY)).toEqual(before.assessment)

    // Today is scored with the new settings.
    f.clock.now = shanghai('2026-11-29', '09:00')
    const c1 = await clerkAtCounter(f, 'c9', 1)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    f.clock.minutes(3)
    await f.run('callNext', { counterId: 1 }, c1)
    await f.run('startService', { counterId: 1 }, c1)
    f.clock.minutes(2)
    await f.run('finishService', { counterId: 1 }, c1)
    const today = reportsOf(f).summary('2026-11-29', '2026-11-29')
    expect(today.hall.wait).toMatchObject({ count: 1, withinTarget: 0, aboveTarget: 1 }) // 3 min > the new 1 min target
    const live = reportsOf(f).assessment('2026-11-29')
    expect(live.frozen).toBe(false)
    expect(live.settings.qualitativeWeight).toBe(50)
    expect(live.clerks[0]!.indicators.served).toEqual({ value: 1, score: 50, weight: 100 })
    // A range across both days judges each by its own day's targets.
    const both = reportsOf(f).summary(DAY, '2026-11-29')
    expect(both.hall.wait.withinTarget).toBe(4 + 0)
    expect(both.days.map((d) => [d.businessDay, d.closed])).toEqual([
      [DAY, true],
      ['2026-11-29', false],
    ])
  })
})

describe('a day across the rollover hour', () => {
  it('late tickets belong to the day they were issued in; the rollover closes and freezes it by itself', async () => {
    const c1 = await clerkAtCounter(f, 'c1', 1)
    f.clock.now = at('23:50')
    await f.run('issueTicket', { serviceId: 'MOBILE' }) // A001, 23:50
    f.clock.now = shanghai('2026-11-29', '00:10')
    await f.run('callNext', { counterId: 1 }, c1) // waited 20 min, across midnight
    await f.run('startService', { counterId: 1 }, c1)
    f.clock.now = shanghai('2026-11-29', '00:16')
    await f.run('finishService', { counterId: 1 }, c1)
    f.clock.now = shanghai('2026-11-29', '03:30')
    const late = await f.run('issueTicket', { serviceId: 'PAYMENT' }) // D001, still business day 11-28
    expect(late.ticket.businessDay).toBe(DAY)
    f.clock.now = shanghai('2026-11-29', '04:00')
    f.hall.rolloverIfDue()
    expect(f.hall.state.businessDay).toBe('2026-11-29')

    const reports = reportsOf(f)
    const s = reports.summary(DAY, DAY)
    expect(s.hall.tickets).toEqual({ issued: 2, served: 1, noShow: 0, transferred: 0, cancelled: 0, expired: 1, open: 0 })
    expect(s.hall.wait).toMatchObject({ count: 1, totalMs: min(20), withinTarget: 0, aboveTarget: 1 }) // 20 > mobile's 15
    expect(s.hall.byHour.filter((h) => h.arrivals > 0 || h.waits > 0)).toEqual([
      { hour: 23, arrivals: 1, waits: 1, avgWaitMs: min(20), withinTarget: 0 },
      { hour: 3, arrivals: 1, waits: 0, avgWaitMs: null, withinTarget: 0 },
    ])
    // c1 was at the counter from 09:00 until the rollover closed it at 04:00: 19 hours.
    expect(s.clerks[0]).toMatchObject({ loggedInMs: min(19 * 60), servingMs: min(6) })
    expect(s.days).toEqual([{ businessDay: DAY, closed: true, issued: 2, served: 1, waits: 1, avgWaitMs: min(20), serviceLevel: 0 }])
    expect(reports.assessment(DAY)).toMatchObject({ frozen: true, closedAt: shanghai('2026-11-29', '04:00') })
    expect(await reports.recompute(DAY, DAY)).toEqual(s)
    // The new day starts empty.
    expect(reports.summary('2026-11-29', '2026-11-29').hall.tickets.issued).toBe(0)
  })
})

describe('empty days', () => {
  it('a day with nothing in it has zero counts and null averages, live and closed', async () => {
    const manager = await f.clerk('m1', 'manager')
    const reports = reportsOf(f)
    const live = reports.summary(DAY, DAY)
    expect(badNumbers(live)).toEqual([])
    expect(live.hall.tickets).toEqual({ issued: 0, served: 0, noShow: 0, transferred: 0, cancelled: 0, expired: 0, open: 0 })
    expect(live.hall.wait).toEqual({ count: 0, totalMs: 0, avgMs: null, medianMs: null, p90Ms: null, maxMs: null, withinTarget: 0, aboveTarget: 0, serviceLevel: null })
    expect(live.hall.peakWaiting).toEqual({ count: 0, at: null, businessDay: null })
    expect(live.services).toEqual([])
    expect(live.clerks).toEqual([])
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    const closed = reports.summary(DAY, DAY)
    expect(badNumbers(closed)).toEqual([])
    expect(closed.days).toEqual([{ businessDay: DAY, closed: true, issued: 0, served: 0, waits: 0, avgWaitMs: null, serviceLevel: null }])
    expect(reports.assessment(DAY)).toMatchObject({ frozen: true, clerks: [] })
    // A range with no days at all.
    const nothing = reports.summary('2020-01-01', '2020-01-31')
    expect(nothing.days).toEqual([])
    expect(badNumbers(nothing)).toEqual([])
  })
})

describe('the manual’s indicators on the golden day (质检, 工作计划, 团队协作, 激励与约束, periods)', () => {
  it('spot checks, plans and the teamwork mark score as worked out by hand, with their refusals, and the log recomputes them', async () => {
    const { c1, manager } = await scriptedDay()
    const reports = reportsOf(f)
    // The visit list: r1 A001 (c1, served), r2 A002 no-show, r3 D001 (c1, served), r4 A002 transferred, r5 A002 at c5 (served).
    const visits = reports.visits(DAY)
    expect(visits.map((v) => [v.ticketNumber, v.clerkId, v.outcome, v.checkable])).toEqual([
      ['A001', 2, 'completed', true],
      ['A002', 2, 'no_show', false],
      ['D001', 2, 'completed', true],
      ['A002', 2, 'transferred', false],
      ['A002', 3, 'completed', true],
    ])
    const [r1, r2, r3] = visits.map((v) => v.recordId)

    // Refusals change nothing.
    await expect(f.run('checkVisit', { recordId: r2!, result: 'pass' }, manager)).rejects.toMatchObject({ code: 'VISIT_NOT_CHECKABLE' })
    await expect(f.run('checkVisit', { recordId: 999, result: 'pass' }, manager)).rejects.toMatchObject({ code: 'UNKNOWN_RECORD' })
    await expect(f.run('checkVisit', { recordId: r1!, result: 'fail' }, manager)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(f.run('checkVisit', { recordId: r1!, result: 'pass', reason: 'other' }, manager)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(f.run('checkVisit', { recordId: r1!, result: 'pass' }, c1)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(f.run('setClerkPlan', { clerkId: 99, plan: { measure: 'served', per: 'day', target: 5 } }, manager)).rejects.toMatchObject({ code: 'UNKNOWN_CLERK' })
    await expect(f.run('setClerkPlan', { clerkId: 2, plan: { measure: 'served', per: 'day', target: 0 } }, manager)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(f.run('setClerkPlan', { clerkId: 2, plan: { measure: 'served', per: 'day', target: 5 } }, c1)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(f.run('gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'good', teamwork: 'superb' as never }, manager)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(reports.visits(DAY).every((v) => v.check === null)).toBe(true)
    expect(f.hall.state.settings.assessment.plans).toEqual([])

    // r1 passes; r3 fails for incomplete documents, then is re-marked: the latest check counts.
    await f.run('checkVisit', { recordId: r1!, result: 'pass' }, manager)
    await f.run('checkVisit', { recordId: r3!, result: 'pass' }, manager)
    const fail = await f.run('checkVisit', { recordId: r3!, result: 'fail', reason: 'documents', note: '未核对身份证' }, manager)
    expect(fail.check).toMatchObject({ recordId: r3, businessDay: DAY, clerkId: 2, result: 'fail', reason: 'documents', checkedBy: 4 })
    expect(reports.visits(DAY)[2]!.check).toMatchObject({ result: 'fail', reason: 'documents', note: '未核对身份证' })
    // c1: 3 business items a day planned 4 → 0.75; c5: 1 served against 30 a month, November's 30 days → 1 a day → 1.
    await f.run('setClerkPlan', { clerkId: 2, plan: { measure: 'items', per: 'day', target: 4 } }, manager)
    const plan = await f.run('setClerkPlan', { clerkId: 3, plan: { measure: 'served', per: 'month', target: 30 } }, manager)
    expect(plan.plan).toEqual({ clerkId: 3, measure: 'served', per: 'month', target: 30 })
    await f.run('gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'good', teamwork: 'excellent', comment: '主动帮助同事' }, manager)

    const a = reports.assessment(DAY)
    const [c1a, c5a] = a.clerks
    expect(c1a!.indicators.quality).toEqual({ value: 0.5, score: 50, weight: 10 })
    expect(c1a!.indicators.plan).toEqual({ value: 0.75, score: 75, weight: 10 })
    expect(c1a!.indicators.teamwork).toEqual({ value: 100, score: 100, weight: 10 })
    expect(c1a!.teamwork).toBe('excellent')
    expect(c5a!.indicators.plan).toEqual({ value: 1, score: 100, weight: 10 })
    expect(c5a!.indicators.quality).toEqual({ value: null, score: null, weight: 10 })
    const i = c1a!.indicators
    const expected = (20 * 5 + 20 * 100 + 25 * 100 + 10 * 100 + 15 * i.utilisation.score! + 10 * 50 + 10 * 75 + 10 * 100) / 120
    expect(c1a!.quantitative).toBeCloseTo(expected, 10)
    expect(c1a!.combined).toBeCloseTo(0.8 * expected + 0.2 * 80, 10)
    // The hall's result: the mean over its two clerks.
    expect(a.team.clerks).toBe(2)
    expect(a.team.indicators.plan).toEqual({ value: (0.75 + 1) / 2, score: (75 + 100) / 2, weight: 10 })
    expect(a.team.quantitative).toBeCloseTo((c1a!.quantitative! + c5a!.quantitative!) / 2, 10)

    // Switched off, an indicator is left out of the mean.
    await f.run('updateSettings', { patch: { assessment: { indicators: { quality: { weight: 0 } } } } }, f.adminToken)
    const off = reports.assessment(DAY).clerks[0]!
    expect(off.indicators.quality.weight).toBe(0)
    expect(off.quantitative).toBeCloseTo((20 * 5 + 20 * 100 + 25 * 100 + 10 * 100 + 15 * i.utilisation.score! + 10 * 75 + 10 * 100) / 110, 10)

    // The same figures from nothing but the event log.
    const check = await reports.verify(DAY)
    expect(check.differences).toEqual([])
    expect(check.equal).toBe(true)
  })

  it('a manager may not check a visit they served themselves', async () => {
    const boss = await f.clerk('m2', 'manager')
    await f.run('openCounter', { counterId: 2 }, boss)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 2 }, boss)
    await f.run('startService', { counterId: 2 }, boss)
    const { record } = await f.run('finishService', { counterId: 2 }, boss)
    await expect(f.run('checkVisit', { recordId: record.id, result: 'pass' }, boss)).rejects.toMatchObject({ code: 'OWN_VISIT' })
    const other = await f.clerk('m3', 'manager')
    await expect(f.run('checkVisit', { recordId: record.id, result: 'pass' }, other)).resolves.toMatchObject({ check: { result: 'pass' } })
  })

  it('week and month per clerk and for the hall, follow-ups listed, and a closed period frozen', async () => {
    const { c1, manager } = await scriptedDay()
    const r1 = reportsOf(f).visits(DAY)[0]!.recordId
    await f.run('checkVisit', { recordId: r1, result: 'pass' }, manager)
    await f.run('setClerkPlan', { clerkId: 2, plan: { measure: 'served', per: 'month', target: 60 } }, manager)
    await f.run('gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'excellent', teamwork: 'good' }, manager)
    f.clock.now = at('18:00')
    await f.run('closeDay', {}, manager)
    // Sunday the 29th: c1 serves one more customer and is graded 一般 with teamwork 优秀.
    f.clock.now = shanghai('2026-11-29', '09:00')
    await f.run('openCounter', { counterId: 1 }, c1).catch(() => undefined)
    await f.run('issueTicket', { serviceId: 'MOBILE' })
    await f.run('callNext', { counterId: 1 }, c1)
    await f.run('startService', { counterId: 1 }, c1)
    f.clock.minutes(5)
    await f.run('finishService', { counterId: 1 }, c1)
    await f.run('gradeClerk', { businessDay: '2026-11-29', clerkId: 2, grade: 'fair', teamwork: 'excellent' }, manager)

    // Follow-ups: refusals, then praise for the week and coaching for the month.
    await expect(f.run('recordFollowUp', { clerkId: 99, period: 'week', day: DAY, kind: 'praise' }, manager)).rejects.toMatchObject({ code: 'UNKNOWN_CLERK' })
    await expect(f.run('recordFollowUp', { clerkId: 2, period: 'week', day: '2026-12-05', kind: 'praise' }, manager)).rejects.toMatchObject({ code: 'FUTURE_DAY' })
    await expect(f.run('recordFollowUp', { clerkId: 2, period: 'week', day: DAY, kind: 'scold' as never }, manager)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(f.run('recordFollowUp', { clerkId: 2, period: 'week', day: DAY, kind: 'praise' }, c1)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const praise = await f.run('recordFollowUp', { clerkId: 2, period: 'week', day: DAY, kind: 'praise', note: '周末加班' }, manager)
    expect(praise.followUp).toMatchObject({ clerkId: 2, period: 'week', from: '2026-11-23', to: '2026-11-29', kind: 'praise', note: '周末加班', by: 4 })
    await f.run('recordFollowUp', { clerkId: 2, period: 'month', day: DAY, kind: 'coaching', note: '资料核对' }, manager)

    const week = reportsOf(f).periodAssessment('week', DAY)
    expect([week.from, week.to, week.frozen]).toEqual(['2026-11-23', '2026-11-29', false])
    const c1w = week.clerks.find((c) => c.clerkId === 2)!
    // Two days: 2 + 1 served; the month's 60 over the week's 7 of November's 30 days → 14.
    expect(c1w.days).toBe(2)
    expect(c1w.indicators.served.value).toBe(3)
    expect(c1w.indicators.plan.value).toBe(3 / ((60 * 7) / 30))
    expect(c1w.indicators.quality).toEqual({ value: 1, score: 100, weight: 10 })
    // Teamwork 良好 (80) and 优秀 (100); grades 优秀 (100) and 一般 (60).
    expect(c1w.indicators.teamwork).toEqual({ value: 90, score: 90, weight: 10 })
    expect([c1w.graded, c1w.gradePoints]).toEqual([2, 80])
    expect(c1w.combined).toBeCloseTo(0.8 * c1w.quantitative! + 0.2 * 80, 10)
    expect(c1w.followUps.map((x) => x.kind)).toEqual(['praise', 'coaching'])
    expect(week.team.clerks).toBe(2)
    const month = reportsOf(f).periodAssessment('month', '2026-11-02')
    expect([month.from, month.to]).toEqual(['2026-11-01', '2026-11-30'])
    expect(month.clerks.find((c) => c.clerkId === 2)!.indicators.plan.value).toBe(3 / 60)
    expect(month.clerks.find((c) => c.clerkId === 2)!.followUps.map((x) => x.kind)).toEqual(['praise', 'coaching'])
    // The day's report lists only the follow-ups whose period covers it.
    expect(reportsOf(f).assessment('2026-11-29').clerks.find((c) => c.clerkId === 2)!.followUps).toHaveLength(2)

    // December: the week is over and frozen with the settings of its last closed day.
    f.clock.now = shanghai('2026-12-01', '09:00')
    f.hall.rolloverIfDue()
    const closed = reportsOf(f).periodAssessment('week', DAY)
    expect([closed.frozen, closed.closedAt]).toEqual([true, f.clock.now])
    await f.run('updateSettings', { patch: { assessment: { indicators: { served: { weight: 100 } } } } }, f.adminToken)
    const frozen = reportsOf(f).periodAssessment('week', DAY)
    expect(frozen.settings.indicators.served.weight).toBe(20)
    expect(frozen).toEqual(closed)
    expect(reportsOf(f).periodAssessment('week', '2026-11-23')).toEqual(closed)
    expect(() => reportsOf(f).periodAssessment('month', '2026-12-02')).toThrow(expect.objectContaining({ code: 'FUTURE_DAY' }))
  })
})
