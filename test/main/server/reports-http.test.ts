import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReportArchive } from '../../../src/main/reports/archive'
import { ExportJobs } from '../../../src/main/reports/export/jobs'
import { summaryTables } from '../../../src/main/reports/export/tables'
import { buildServer } from '../../../src/main/server/http-server'
import { ReportDesk, reportRoutes, reportServiceOf } from '../../../src/main/server/routes/reports'
import { REPORT_TABLES, type ExportJob, type PeriodAssessment, type ReportSummary } from '../../../src/shared/reports'
import { MINUTE, clerkAtCounter, openHall, silentLogger, tempDir, type Fixture } from '../../support/hall-fixture'

let f: Fixture
let app: FastifyInstance
let exports: ExportJobs
let dir: { dir: string; remove(): void }
let manager: string
let clerk: string

const DAY = '2026-11-28'

beforeEach(async () => {
  f = await openHall()
  dir = tempDir()
  exports = new ExportJobs({ dir: dir.dir })
  const reports = reportServiceOf(f.hall, new ReportArchive(f.db))
  app = await buildServer({ hall: f.hall, logger: silentLogger, version: 'test', routes: [reportRoutes(f.hall, new ReportDesk(f.hall, reports, exports))] })
  manager = await f.clerk('m1', 'manager')
  clerk = await clerkAtCounter(f, 'c1', 1)
  // A small day: A001 served in 6 min after waiting 2, rated 4; A002 a no-show; D001 waiting.
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  await f.run('issueTicket', { serviceId: 'MOBILE' })
  f.clock.minutes(2)
  await f.run('callNext', { counterId: 1 }, clerk)
  await f.run('startService', { counterId: 1 }, clerk)
  f.clock.minutes(6)
  const done = await f.run('finishService', { counterId: 1, items: ['改套餐', '补换卡'], note: '=1+1' }, clerk)
  await f.run('rateService', { recordId: done.record.id, score: 4 })
  await f.run('callNext', { counterId: 1 }, clerk)
  f.clock.minutes(1)
  await f.run('noShow', { counterId: 1 }, clerk)
  await f.run('issueTicket', { serviceId: 'PAYMENT' })
  f.clock.minutes(1)
})
afterEach(async () => {
  await app.close()
  await exports.close()
  dir.remove()
  f.close()
})

const get = (url: string, token?: string) => app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} })
const post = (url: string, body: unknown, token?: string) =>
  app.inject({ method: 'POST', url, payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function finished(job: ExportJob): Promise<ExportJob> {
  await exports.idle()
  const res = await get(`/api/v1/reports/exports/${job.id}`, manager)
  expect(res.statusCode).toBe(200)
  return res.json() as ExportJob
}

describe('report API', () => {
  it('only managers and admins read reports', async () => {
    expect((await get(`/api/v1/reports/summary?day=${DAY}`)).statusCode).toBe(401)
    const forbidden = await get(`/api/v1/reports/summary?day=${DAY}`, clerk)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json().error.code).toBe('FORBIDDEN')
    expect((await get(`/api/v1/reports/summary?day=${DAY}`, f.adminToken)).statusCode).toBe(200)
  })

  it('answers the summary of a day, of a range and of today', async () => {
    const day = (await get(`/api/v1/reports/summary?day=${DAY}`, manager)).json() as ReportSummary
    expect(day.hall.tickets).toEqual({ issued: 3, served: 1, noShow: 1, transferred: 0, cancelled: 0, expired: 0, open: 2 })
    expect(day.hall.wait).toMatchObject({ count: 2, maxMs: 8 * MINUTE })
    expect(day.clerks[0]!.satisfaction).toMatchObject({ responses: 1, average: 4 })
    expect((await get(`/api/v1/reports/summary`, manager)).json()).toEqual(day)
    const range = (await get(`/api/v1/reports/summary?from=2026-11-01&to=2026-11-30`, manager)).json() as ReportSummary
    expect(range).toMatchObject({ from: '2026-11-01', to: '2026-11-30', hall: day.hall })
  })

  it.each([
    ['?day=2026-13-45', 'day'],
    ['?day=yesterday', 'day'],
    ['?from=2026-11-01', 'to'],
    ['?from=2026-11-30&to=2026-11-01', 'from'],
    ['?from=2020-01-01&to=2026-11-30', 'to'],
    ['?day=2026-11-28&from=2026-11-01', 'day'],
  ])('refuses %s with a clear error', async (query, path) => {
    const res = await get(`/api/v1/reports/summary${query}`, manager)
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '输入有误，请检查后重试', details: [{ path: [path] }] })
  })

  it('the assessment is live until the close, graded by a manager through the audited command', async () => {
    const live = (await get(`/api/v1/reports/days/${DAY}/assessment`, manager)).json()
    expect(live).toMatchObject({ businessDay: DAY, frozen: false, closedAt: null })
    expect(live.clerks[0]).toMatchObject({ staffCode: 'c1', grade: null, combined: null })
    const graded = await post('/api/v1/commands/gradeClerk', { businessDay: DAY, clerkId: live.clerks[0].clerkId, grade: 'good', comment: '耐心' }, manager)
    expect(graded.statusCode).toBe(200)
    const refused = await post('/api/v1/commands/gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'good' }, clerk)
    expect(refused.json().error.code).toBe('FORBIDDEN')
    expect((await post('/api/v1/commands/gradeClerk', { businessDay: '2026-12-01', clerkId: 2, grade: 'good' }, manager)).json().error.code).toBe('FUTURE_DAY')
    expect((await post('/api/v1/commands/gradeClerk', { businessDay: DAY, clerkId: 99, grade: 'good' }, manager)).json().error.code).toBe('UNKNOWN_CLERK')
    expect((await post('/api/v1/commands/gradeClerk', { businessDay: DAY, clerkId: 2, grade: 'superb' }, manager)).statusCode).toBe(400)
    const after = (await get(`/api/v1/reports/days/${DAY}/assessment`, manager)).json()
    expect(after.clerks[0]).toMatchObject({ grade: 'good', comment: '耐心' })
    expect(after.clerks[0].combined).toBeCloseTo(0.8 * after.clerks[0].quantitative + 0.2 * 80, 10)
    const log = f.hall.logOfDay(DAY).at(-1)!
    expect(log).toMatchObject({ command: 'gradeClerk', actor: { role: 'manager' }, events: [{ type: 'clerkGraded', grade: 'good', businessDay: DAY }] })
    expect((await get(`/api/v1/reports/days/2026-12-01/assessment`, manager)).json().error.code).toBe('FUTURE_DAY')
  })

  it('counts the complaint cases taken in the range as they stand now, and the log recomputes them', async () => {
    const HOUR = 60 * MINUTE
    const c1 = f.hall.state.records[Object.keys(f.hall.state.records).map(Number)[0]!]!.clerkId
    const take = async (body: object) => {
      const res = await post('/api/v1/commands/takeComplaint', { category: 'service', summary: '投诉内容', ...body }, manager)
      expect(res.statusCode, res.body).toBe(200)
      return res.json().complaint.id as number
    }
    const move = async (name: string, body: object) => expect((await post(`/api/v1/commands/${name}`, body, manager)).statusCode).toBe(200)
    // A: by phone about c1, first contact after 2 h, closed after 10 h, satisfied — on time.
    const a = await take({ channel: 'phone', clerkId: c1, serviceId: 'MOBILE', reason: '服务态度' })
    // B: by letter, product, contact after 1 h; closed after 7 days (late: taken on a Saturday, due
    // when Friday ends), reopened — it stays late — and closed again, dissatisfied.
    const b = await take({ channel: 'letter', category: 'product', serviceId: 'MOBILE' })
    // C: online, still open; D: on site, cancelled.
    await take({ channel: 'online', category: 'department' })
    const d = await take({ channel: 'onsite' })
    f.clock.advance(HOUR)
    await move('updateComplaint', { id: b, status: 'handling' })
    f.clock.advance(HOUR)
    await move('updateComplaint', { id: a, status: 'handling' })
    await move('cancelComplaint', { id: d, remark: '撤回' })
    f.clock.advance(8 * HOUR)
    await move('updateComplaint', { id: a, status: 'callback', solution: '致歉' })
    await move('closeComplaint', { id: a, confirmation: 'satisfied' })
    f.clock.advance(7 * 24 * HOUR - 10 * HOUR)
    await move('updateComplaint', { id: b, status: 'callback', solution: '退费' })
    await move('closeComplaint', { id: b, confirmation: 'partly' })
    await move('reopenComplaint', { id: b, remark: '客户再次来电' })
    await move('updateComplaint', { id: b, status: 'callback' })
    await move('closeComplaint', { id: b, confirmation: 'dissatisfied' })

    const k = (await get(`/api/v1/reports/summary?day=${DAY}`, manager)).json().complaintCases
    expect(k).toMatchObject({
      taken: 4,
      open: 1,
      closed: 2,
      cancelled: 1,
      // C (department: 24 working hours to first contact) is seven days old without one.
      overdue: 1,
      closedOnTime: 1,
      onTimeShare: 0.5,
      firstContactAvgMs: 1.5 * HOUR,
      closureAvgMs: (10 * HOUR + 7 * 24 * HOUR) / 2,
      reopenedCases: 1,
      reopenings: 1,
      confirmation: { satisfied: 1, partly: 0, dissatisfied: 1 },
    })
    expect(k.byChannel).toMatchObject({ phone: { taken: 1, closed: 1, closedOnTime: 1 }, letter: { taken: 1, closed: 1, closedOnTime: 0 }, online: { taken: 1, closed: 0 }, onsite: { taken: 1 }, counter: { taken: 0 } })
    expect(k.byCategory).toMatchObject({ service: { taken: 2, closed: 1, closedOnTime: 1 }, product: { taken: 1, closed: 1, closedOnTime: 0 }, department: { taken: 1 } })
    expect(k.byService).toEqual([{ serviceId: 'MOBILE', name: '移动业务', taken: 2, closed: 2, closedOnTime: 1 }])
    expect(k.byClerk).toEqual([{ clerkId: c1, staffCode: 'c1', name: '营业员c1', taken: 1, closed: 1, closedOnTime: 1 }])
    // The figures recomputed from the event log alone equal these.
    const check = (await get(`/api/v1/reports/days/${DAY}/verify`, manager)).json()
    expect(check).toMatchObject({ equal: true, differences: [] })
    // A day with no cases counts none.
    expect((await get('/api/v1/reports/summary?day=2026-11-01', manager)).json().complaintCases).toMatchObject({ taken: 0, onTimeShare: null, firstContactAvgMs: null })
    // The CSV of the table: the totals, then by channel, category, service and clerk.
    const job = await post('/api/v1/reports/exports', { format: 'csv', from: DAY, to: DAY, tables: ['complaints'] }, manager)
    const done = await finished(job.json())
    const csv = (await get(`/api/v1/reports/exports/${done.id}/file`, manager)).body
    expect(csv).toContain('分组,项目,受理,已办结,按时办结,按时办结率')
    expect(csv).toContain(`合计,${DAY}–${DAY},4,2,1,50%,1,1,1,90,5340,1,1,1,0,1`)
    expect(csv).toContain('渠道,电话,1,1,1,100%')
    expect(csv).toContain('被投诉营业员,营业员c1(c1),1,1,1,100%')
  })

  it('checks a day against its recomputation from the event log', async () => {
    const res = await get(`/api/v1/reports/days/${DAY}/verify`, manager)
    expect(res.json()).toMatchObject({ businessDay: DAY, equal: true, differences: [] })
    expect(res.json().events).toBeGreaterThan(10)
  })

  it('质检 from the visit list, plans, teamwork, follow-ups and the month: over HTTP, audited, sealed at rest, and proved by the log', async () => {
    const visits = (await get(`/api/v1/reports/days/${DAY}/visits`, manager)).json()
    expect(visits.map((v: { ticketNumber: string; checkable: boolean }) => [v.ticketNumber, v.checkable])).toEqual([
      ['A001', true],
      ['A002', false],
    ])
    expect((await get(`/api/v1/reports/days/${DAY}/visits`, clerk)).json().error.code).toBe('FORBIDDEN')
    const recordId = visits[0].recordId
    const c1 = visits[0].clerkId
    const checked = await post('/api/v1/commands/checkVisit', { recordId, result: 'fail', reason: 'wording', note: '称呼客户全名张三' }, manager)
    expect(checked.statusCode).toBe(200)
    expect((await post('/api/v1/commands/checkVisit', { recordId: visits[1].recordId, result: 'pass' }, manager)).json().error.code).toBe('VISIT_NOT_CHECKABLE')
    const noReason = await post('/api/v1/commands/checkVisit', { recordId, result: 'fail' }, manager)
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: ['reason'] }] })
    expect((await post('/api/v1/commands/setClerkPlan', { clerkId: c1, plan: { measure: 'items', per: 'day', target: 4 } }, manager)).statusCode).toBe(200)
    expect((await post('/api/v1/commands/gradeClerk', { businessDay: DAY, clerkId: c1, grade: 'good', teamwork: 'fair' }, manager)).statusCode).toBe(200)
    const followUp = await post('/api/v1/commands/recordFollowUp', { clerkId: c1, period: 'month', day: DAY, kind: 'interview', note: '谈话：称呼规范' }, manager)
    expect(followUp.json().followUp).toMatchObject({ from: '2026-11-01', to: '2026-11-30', kind: 'interview' })

    const day = (await get(`/api/v1/reports/days/${DAY}/assessment`, manager)).json()
    const mine = day.clerks.find((c: { clerkId: number }) => c.clerkId === c1)
    expect(mine.indicators.quality).toEqual({ value: 0, score: 0, weight: 10 })
    // Two business items of four planned.
    expect(mine.indicators.plan).toEqual({ value: 0.5, score: 50, weight: 10 })
    expect(mine.indicators.teamwork).toEqual({ value: 60, score: 60, weight: 10 })
    expect(mine.followUps).toMatchObject([{ kind: 'interview', note: '谈话：称呼规范' }])
    const month = (await get('/api/v1/reports/periods/month?day=2026-11-15', manager)).json()
    expect(month).toMatchObject({ period: 'month', from: '2026-11-01', to: '2026-11-30', frozen: false, team: { clerks: 1 } })
    // A per-day plan over the month counts the days the clerk worked: one.
    expect(month.clerks.find((c: { clerkId: number }) => c.clerkId === c1)).toMatchObject({ days: 1, graded: 1, gradePoints: 80, indicators: { plan: { value: 0.5 } } })
    expect((await get('/api/v1/reports/periods/year?day=2026-11-15', manager)).json().error.code).toBe('VALIDATION_FAILED')
    expect((await get('/api/v1/reports/periods/week?day=2026-12-15', manager)).json().error.code).toBe('FUTURE_DAY')
    expect((await get('/api/v1/reports/periods/week', clerk)).json().error.code).toBe('FORBIDDEN')

    const commands = f.hall.logOfDay(DAY).map((e) => e.command)
    expect(commands).toEqual(expect.arrayContaining(['checkVisit', 'setClerkPlan', 'recordFollowUp']))
    expect((await get(`/api/v1/reports/days/${DAY}/verify`, manager)).json()).toMatchObject({ equal: true, differences: [] })
    // The notes about a person are sealed at rest: in their rows and in the event log.
    const raw = JSON.stringify([f.db.prepare('SELECT * FROM visit_checks').all(), f.db.prepare('SELECT * FROM assessment_follow_ups').all(), f.db.prepare('SELECT * FROM event_log').all()])
    expect(raw).not.toContain('张三')
    expect(raw).not.toContain('称呼规范')
  })

  it('lists the closed days', async () => {
    await post('/api/v1/commands/closeDay', {}, manager)
    const res = (await get('/api/v1/reports/days', manager)).json()
    expect(res).toEqual({ today: '2026-11-29', closed: [{ businessDay: DAY, closedAt: f.clock.now }] })
  })
})

describe('exports', () => {
  it('XLSX: one sheet per table, numbers as numbers and dates as dates, equal cell by cell', async () => {
    const start = await post('/api/v1/reports/exports', { format: 'xlsx', from: DAY, to: DAY }, manager)
    expect(start.statusCode).toBe(202)
    const job = await finished(start.json())
    expect(job).toMatchObject({ state: 'done', format: 'xlsx', fileName: `营业报表_${DAY}.xlsx` })
    expect(job.done).toBe(job.total)
    const file = await get(`/api/v1/reports/exports/${job.id}/file`, manager)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toContain('spreadsheetml')
    expect(Number(file.headers['content-length'])).toBe(file.rawPayload.length)
    expect(file.headers['content-disposition']).toContain(encodeURIComponent(job.fileName))

    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer)
    const reports = reportServiceOf(f.hall, new ReportArchive(f.db))
    const assessment = {
      day: reports.assessment(DAY),
      weeks: reports.periodsIn('week', DAY, DAY),
      months: reports.periodsIn('month', DAY, DAY),
      checks: reports.checkedVisits(DAY, DAY),
      followUps: reports.followUpLines(DAY, DAY),
    }
    const expected = summaryTables(reports.summary(DAY, DAY), assessment, REPORT_TABLES.filter((t) => t !== 'records'))
    expect(expected.map((t) => t.name)).toEqual(['hall', 'days', 'hours', 'services', 'items', 'clerks', 'counters', 'complaints', 'incidents', 'assessment', 'weeks', 'months', 'checks', 'followUps'])
    expect(book.worksheets.map((w) => w.name)).toEqual(expected.map((t) => t.title))
    for (const table of expected) {
      const sheet = book.getWorksheet(table.title)!
      expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns.map((c) => c.header)])
      expect(sheet.rowCount).toBe(table.rows.length + 1)
      table.rows.forEach((row, r) => {
        row.forEach((value, c) => {
          const cell = sheet.getRow(r + 2).getCell(c + 1)
          const kind = table.columns[c]!.kind
          if (value === null) expect(cell.value, `${table.title} ${cell.address}`).toBeNull()
          else if (kind === 'date') expect(cell.value).toEqual(new Date(`${value}T00:00:00Z`))
          else if (kind === 'datetime') expect(cell.value).toEqual(new Date((value as number) + 8 * 3_600_000)) // Shanghai wall clock
          else expect(cell.value, `${table.title} ${cell.address}`).toBe(value)
          if (kind === 'minutes') expect(cell.numFmt).toBe('0.0')
          if (kind === 'share') expect(cell.numFmt).toBe('0.0%')
          if (kind === 'date') expect(cell.numFmt).toBe('yyyy-mm-dd')
        })
      })
    }
    // Spot checks against the day itself: 3 issued; A001 waited 2 minutes and was served in 6.
    const hall = book.getWorksheet('汇总')!
    expect(hall.getCell('C2').value).toBe(3)
    expect(typeof hall.getCell('C2').value).toBe('number')
    expect(book.getWorksheet('营业员')!.getCell('D2').value).toBe(6)
    expect(book.getWorksheet('业务事项')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(3))).toEqual([
      ['改套餐', 1],
      ['补换卡', 1],
    ])
  })

  it('weeks, months, spot checks and follow-ups: sheets with the period figures the report reads, the team row, frozen once the period is past', async () => {
    const { recordId, clerkId } = (await get(`/api/v1/reports/days/${DAY}/visits`, manager)).json()[0] as { recordId: number; clerkId: number }
    for (const [name, payload] of [
      ['checkVisit', { recordId, result: 'fail', reason: 'wording', note: '未使用规范用语' }],
      ['gradeClerk', { businessDay: DAY, clerkId, grade: 'good', teamwork: 'excellent' }],
      ['recordFollowUp', { clerkId, period: 'week', day: DAY, kind: 'coaching', note: '复盘服务用语' }],
    ] as const) {
      expect((await post(`/api/v1/commands/${name}`, payload, manager)).statusCode).toBe(200)
    }
    const sheets = async (tables: string[]) => {
      const job = await finished((await post('/api/v1/reports/exports', { format: 'xlsx', from: DAY, to: DAY, tables }, manager)).json())
      const book = new ExcelJS.Workbook()
      await book.xlsx.load((await get(`/api/v1/reports/exports/${job.id}/file`, manager)).rawPayload as unknown as ArrayBuffer)
      return book
    }
    /** A sheet's rows as header → value. */
    const rowsOf = (sheet: ExcelJS.Worksheet) => {
      const head = (sheet.getRow(1).values as unknown[]).slice(1) as string[]
      return sheet.getSheetValues().slice(2).map((r) => Object.fromEntries(head.map((h, i) => [h, (r as unknown[])[i + 1] ?? null])))
    }
    const week = () => get(`/api/v1/reports/periods/week?day=${DAY}`, manager).then((r) => r.json() as PeriodAssessment)

    let book = await sheets(['weeks', 'months', 'checks', 'followUps'])
    expect(book.worksheets.map((w) => w.name)).toEqual(['周考核', '月考核', '质检', '激励与约束'])
    const running = await week()
    const [c1, team] = rowsOf(book.getWorksheet('周考核')!)
    expect(c1).toMatchObject({ 周期: '周', 开始日期: new Date('2026-11-23T00:00:00Z'), 结束日期: new Date('2026-11-29T00:00:00Z'), 状态: '进行中', 工号: 'c1', '天数/人数': 1 })
    expect(c1!['定量得分']).toBeCloseTo(running.clerks[0]!.quantitative!, 10)
    expect(c1!['综合得分']).toBeCloseTo(running.clerks[0]!.combined!, 10)
    expect(c1!['工作质量合格率']).toBe(0)
    expect(c1!['团队协作']).toBe(100)
    expect(c1!['团队协作评定']).toBe('优秀')
    expect(c1!['激励与约束']).toBe('辅导：复盘服务用语')
    expect(team).toMatchObject({ 工号: null, 姓名: '全厅（团队）', '天数/人数': 1 })
    expect(team!['定量得分']).toBeCloseTo(running.team.quantitative!, 10)
    expect(rowsOf(book.getWorksheet('月考核')!).map((r) => [r['开始日期'], r['结束日期'], r['姓名']])).toEqual([
      [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'), '营业员c1'],
      [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'), '全厅（团队）'],
    ])
    expect(rowsOf(book.getWorksheet('质检')!)).toEqual([
      expect.objectContaining({ 号码: 'A001', 业务编码: 'MOBILE', 工号: 'c1', 结果: '不合格', 原因: '服务用语不规范', 说明: '未使用规范用语', 质检人: '营业员m1' }),
    ])
    expect(rowsOf(book.getWorksheet('激励与约束')!)).toEqual([
      expect.objectContaining({ 工号: 'c1', 周期: '周', 开始日期: new Date('2026-11-23T00:00:00Z'), 措施: '辅导', 说明: '复盘服务用语', 记录人: '营业员m1' }),
    ])

    // The week ends: the 28th is closed by the manager, the 29th by the rollover. The
    // administrator then switches the served-volume indicator off: the month still running
    // changes, the past week is scored as it was closed — in the export as on the report page.
    await post('/api/v1/commands/closeDay', {}, manager)
    f.clock.now = Date.parse('2026-11-30T04:00:01+08:00')
    f.hall.rolloverIfDue()
    expect(f.hall.state.businessDay).toBe('2026-11-30')
    const month = () => get(`/api/v1/reports/periods/month?day=${DAY}`, manager).then((r) => r.json() as PeriodAssessment)
    const monthBefore = await month()
    const before = await week()
    expect(before.frozen).toBe(true)
    const patch = await post('/api/v1/commands/updateSettings', { patch: { assessment: { indicators: { served: { weight: 0 } } } } }, f.adminToken)
    expect(patch.statusCode).toBe(200)
    const after = await week()
    expect(after.clerks[0]!.quantitative).toBe(before.clerks[0]!.quantitative)
    expect((await month()).clerks[0]!.quantitative).not.toBe(monthBefore.clerks[0]!.quantitative)
    book = await sheets(['weeks', 'months'])
    const [frozenRow] = rowsOf(book.getWorksheet('周考核')!)
    expect(frozenRow).toMatchObject({ 状态: '已冻结' })
    expect(frozenRow!['定量得分']).toBeCloseTo(before.clerks[0]!.quantitative!, 10)
    expect(frozenRow!['办结量得分']).toBeCloseTo(before.clerks[0]!.indicators.served.score!, 10)
    const [monthRow] = rowsOf(book.getWorksheet('月考核')!)
    expect(monthRow).toMatchObject({ 状态: '进行中' })
    expect(monthRow!['定量得分']).toBeCloseTo((await month()).clerks[0]!.quantitative!, 10)
  })

  it('the records sheet has every visit of the range', async () => {
    const job = await finished((await post('/api/v1/reports/exports', { format: 'xlsx', from: DAY, to: DAY, tables: ['records'] }, manager)).json())
    expect(job.total).toBe(2)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await get(`/api/v1/reports/exports/${job.id}/file`, manager)).rawPayload as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('明细')!
    expect(sheet.rowCount).toBe(3)
    const first = sheet.getRow(2)
    expect(first.getCell(1).value).toEqual(new Date(`${DAY}T00:00:00Z`))
    expect(first.getCell(2).value).toBe('A001')
    expect(first.getCell(7).value).toEqual(new Date(Date.parse('2026-11-28T09:00:00Z'))) // queued 09:00 Shanghai
    expect(first.getCell(11).value).toBe('办结')
    expect(first.getCell(12).value).toBe(2)
    expect(first.getCell(13).value).toBe(6)
    expect(first.getCell(15).value).toBe('改套餐、补换卡')
    expect(first.getCell(16).value).toBe(4)
    expect(sheet.getRow(3).getCell(11).value).toBe('过号')
  })

  it('CSV: UTF-8 with a BOM, one table, and it parses back to the figures', async () => {
    const job = await finished((await post('/api/v1/reports/exports', { format: 'csv', from: DAY, to: DAY, tables: ['clerks'] }, manager)).json())
    const file = await get(`/api/v1/reports/exports/${job.id}/file`)
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8')
    const bytes = file.rawPayload
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(bytes.toString('utf8').slice(1))
    expect(rows[0]!.slice(0, 4)).toEqual(['工号', '姓名', '办结', '平均办理(分)'])
    const c1 = rows[1]!
    expect(c1.slice(0, 4)).toEqual(['c1', '营业员c1', '1', '6'])
    // Response rate 1 of 1 as a percent Excel reads as a number; utilisation 6 of 10 minutes.
    expect(c1[rows[0]!.indexOf('参评率')]).toBe('100%')
    expect(c1[rows[0]!.indexOf('利用率')]).toBe('60%')
    expect(rows.length).toBe(2)
  })

  it('a CSV holds one table; bad requests are refused before a job starts', async () => {
    const two = await post('/api/v1/reports/exports', { format: 'csv', from: DAY, to: DAY, tables: ['clerks', 'hall'] }, manager)
    expect(two.statusCode).toBe(400)
    expect((await post('/api/v1/reports/exports', { format: 'pdf', from: DAY, to: DAY }, manager)).statusCode).toBe(400)
    expect((await post('/api/v1/reports/exports', { format: 'xlsx', from: DAY, to: DAY }, clerk)).statusCode).toBe(403)
    expect((await get('/api/v1/reports/exports/nope', manager)).json().error.code).toBe('NOT_FOUND')
    expect((await get('/api/v1/reports/exports/nope/file')).statusCode).toBe(404)
  })
})

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += ch
  }
  return rows
}
