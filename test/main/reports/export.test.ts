import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ExportJobs } from '../../../src/main/reports/export/jobs'
import type { Cell, Column } from '../../../src/main/reports/export/tables'
import { writeCsv, type PagedTable } from '../../../src/main/reports/export/writers'
import { tempDir } from '../../support/hall-fixture'

let dir: { dir: string; remove(): void }
let jobs: ExportJobs
beforeEach(() => {
  dir = tempDir()
  jobs = new ExportJobs({ dir: join(dir.dir, 'exports') })
})
afterEach(async () => {
  await jobs.close()
  dir.remove()
})

const columns: Column[] = [
  { header: '营业日', kind: 'date' },
  { header: '姓名', kind: 'text' },
  { header: '等候(分)', kind: 'minutes' },
  { header: '服务水平', kind: 'share' },
  { header: '呼叫', kind: 'datetime' },
]

/** A long table whose pages arrive only when the test lets them. */
function gatedTable(pages: number, rowsPerPage: number): { table: PagedTable; release: () => void } {
  let open: () => void = () => undefined
  let gate = new Promise<void>((r) => (open = r))
  async function* gen(): AsyncIterable<Cell[][]> {
    for (let p = 0; p < pages; p++) {
      await gate
      gate = new Promise<void>((r) => (open = r))
      yield Array.from({ length: rowsPerPage }, (_, i): Cell[] => ['2026-11-28', `营业员${p}-${i}`, 1.5, 0.25, Date.parse('2026-11-28T01:02:03Z')])
    }
  }
  return { table: { name: 'records', title: '明细', columns, total: pages * rowsPerPage, pages: gen() }, release: () => open() }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('export jobs', () => {
  it('report progress page by page, then the finished file', async () => {
    const { table, release } = gatedTable(3, 100)
    const job = jobs.start('xlsx', () => ({ fileName: 'x.xlsx', tables: [table], timeZone: 'Asia/Shanghai' }))
    expect(job).toMatchObject({ state: 'running', done: 0, total: 300 })
    const seen: number[] = []
    for (let p = 0; p < 3; p++) {
      release()
      for (let i = 0; i < 20 && jobs.get(job.id).done < (p + 1) * 100; i++) await tick()
      seen.push(jobs.get(job.id).done)
    }
    expect(seen).toEqual([100, 200, 300])
    await jobs.idle()
    const done = jobs.get(job.id)
    expect(done.state).toBe('done')
    const { path } = jobs.file(job.id)
    expect(done.bytes).toBe(readFileSync(path).length)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(path)
    const sheet = book.getWorksheet('明细')!
    expect(sheet.rowCount).toBe(301)
    expect(sheet.getCell('A2').value).toEqual(new Date('2026-11-28T00:00:00Z'))
    expect(sheet.getCell('C2').value).toBe(1.5)
    expect(sheet.getCell('D2').numFmt).toBe('0.0%')
    expect(sheet.getCell('E2').value).toEqual(new Date('2026-11-28T09:02:03Z')) // 09:02:03 in Shanghai
  })

  it('a file is not served before it is done, and at most two run at once', async () => {
    const a = gatedTable(1, 1)
    const b = gatedTable(1, 1)
    const first = jobs.start('csv', () => ({ fileName: 'a.csv', tables: [a.table], timeZone: 'Asia/Shanghai' }))
    jobs.start('csv', () => ({ fileName: 'b.csv', tables: [b.table], timeZone: 'Asia/Shanghai' }))
    expect(() => jobs.file(first.id)).toThrow(expect.objectContaining({ code: 'EXPORT_NOT_READY' }))
    expect(() => jobs.start('csv', () => ({ fileName: 'c.csv', tables: [gatedTable(1, 1).table], timeZone: 'Asia/Shanghai' }))).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_EXPORTS' }),
    )
    a.release()
    b.release()
    await jobs.idle()
    expect(jobs.get(first.id).state).toBe('done')
  })

  it('files are removed after they were kept long enough', async () => {
    let now = 0
    const clocked = new ExportJobs({ dir: join(dir.dir, 'kept'), keepMs: 1000, clock: () => now })
    const { table, release } = gatedTable(1, 1)
    const job = clocked.start('csv', () => ({ fileName: 'a.csv', tables: [table], timeZone: 'Asia/Shanghai' }))
    release()
    await clocked.idle()
    expect(clocked.file(job.id).job.state).toBe('done')
    now = 1001
    expect(() => clocked.get(job.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
    await clocked.close()
  })
})

describe('CSV', () => {
  it('quotes what needs quoting and never lets a name start a formula', async () => {
    const file = join(dir.dir, 't.csv')
    const rows: Cell[][] = [
      ['2026-11-28', '=HYPERLINK("x")', 12.3456, 0.5, null],
      ['2026-11-28', '王, "芳"\n二号', 0, null, Date.parse('2026-11-28T01:00:00Z')],
    ]
    await writeCsv(file, { name: 'clerks', title: 't', columns, rows }, 'Asia/Shanghai', () => undefined)
    const text = readFileSync(file, 'utf8')
    expect(text).toBe(
      '\uFEFF营业日,姓名,等候(分),服务水平,呼叫\r\n' +
        `2026-11-28,"'=HYPERLINK(""x"")",12.35,50%,\r\n` +
        '2026-11-28,"王, ""芳""\n二号",0,,2026-11-28 09:00:00\r\n',
    )
  })
})
