/**
 * The cross-hall report as tables for the hub's own writers (src/main/reports/export/writers.ts):
 * XLSX with a sheet per table, or one table as CSV — the same cell kinds, number formats, CSV
 * quoting and formula defusing as the hall's exports. Durations in minutes, shares as fractions.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CentralExportTable, CentralReport } from '../../shared/central'
import type { ExportFormat } from '../../shared/reports'
import {
  col,
  handleCells,
  handleColumns,
  minutes,
  satisfactionCells,
  satisfactionColumns,
  ticketColumns,
  waitCells,
  waitColumns,
  type Cell,
} from '../reports/export/tables'
import { writeCsv, writeXlsx, type RowsTable } from '../reports/export/writers'

/** The halls best first by service level (no calls last), then by code: the page's ranking. */
export function rankedHalls(report: CentralReport): CentralReport['halls'] {
  return [...report.halls].sort((a, b) => (b.wait.serviceLevel ?? -1) - (a.wait.serviceLevel ?? -1) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

export function centralTables(report: CentralReport): Record<CentralExportTable, RowsTable> {
  const t = report.totals
  const hourText = (h: number) => `${String(h).padStart(2, '0')}:00-${String((h + 1) % 24).padStart(2, '0')}:00`
  return {
    totals: {
      title: '汇总',
      columns: [
        col('开始日期', 'date'),
        col('结束日期', 'date'),
        col('营业厅数', 'count'),
        ...ticketColumns,
        col('呼叫', 'count'),
        col('目标内', 'count'),
        col('服务水平', 'share'),
        col('平均等候(分)', 'minutes'),
        col('办理', 'count'),
        col('平均办理(分)', 'minutes'),
        col('评价数', 'count'),
        col('满意率', 'share'),
        col('平均评分', 'number'),
      ],
      rows: [
        [
          report.from,
          report.to,
          t.halls,
          ...Object.values(t.tickets),
          t.waits,
          t.withinTarget,
          t.serviceLevel,
          minutes(t.avgWaitMs),
          t.handled,
          minutes(t.avgHandlingMs),
          t.responses,
          t.satisfiedShare,
          t.ratingAverage,
        ],
      ],
    },
    halls: {
      title: '营业厅排名',
      columns: [
        col('排名', 'count'),
        col('营业厅编码', 'text'),
        col('营业厅', 'text'),
        col('区域', 'text'),
        col('天数', 'count'),
        ...ticketColumns,
        col('呼叫', 'count'),
        ...waitColumns(''),
        ...handleColumns,
        ...satisfactionColumns,
      ],
      rows: rankedHalls(report).map((h, i): Cell[] => [
        i + 1,
        h.code,
        h.name,
        h.region,
        h.days,
        ...Object.values(h.tickets),
        h.wait.count,
        ...waitCells(h.wait),
        ...handleCells(h.handling),
        ...satisfactionCells(h.satisfaction),
      ]),
    },
    services: {
      title: '业务',
      columns: [col('业务编码', 'text'), col('业务名称', 'text'), col('营业厅数', 'count'), ...ticketColumns, col('呼叫', 'count'), ...waitColumns(''), ...handleColumns, ...satisfactionColumns],
      rows: report.services.map((s): Cell[] => [
        s.serviceId,
        s.nameZh,
        s.halls,
        ...Object.values(s.tickets),
        s.wait.count,
        ...waitCells(s.wait),
        ...handleCells(s.handling),
        ...satisfactionCells(s.satisfaction),
      ]),
    },
    clerks: {
      title: '营业员',
      columns: [
        col('营业厅编码', 'text'),
        col('营业厅', 'text'),
        col('工号', 'text'),
        col('姓名', 'text'),
        col('办结', 'count'),
        col('平均办理(分)', 'minutes'),
        col('最长办理(分)', 'minutes'),
        col('呼叫', 'count'),
        col('所叫客户平均等候(分)', 'minutes'),
        col('过号', 'count'),
        col('转办', 'count'),
        ...satisfactionColumns,
        col('利用率', 'share'),
      ],
      rows: report.clerks.map((c): Cell[] => [
        c.hallCode,
        c.hallName,
        c.staffCode,
        c.name,
        c.served,
        minutes(c.handling.avgMs),
        minutes(c.handling.maxMs),
        c.calledWait.count,
        minutes(c.calledWait.avgMs),
        c.noShow,
        c.transferred,
        ...satisfactionCells(c.satisfaction),
        c.utilisation,
      ]),
    },
    hours: {
      title: '时段',
      columns: [col('时段', 'text'), col('到达', 'count'), col('呼叫', 'count'), col('目标内', 'count'), col('服务水平', 'share')],
      rows: report.byHour.map((h): Cell[] => [hourText(h.hour), h.arrivals, h.waits, h.withinTarget, h.waits > 0 ? h.withinTarget / h.waits : null]),
    },
  }
}

/**
 * The report as a file: XLSX (every table, a sheet each) or one table as CSV. Written to a
 * folder of its own and read back whole — a cross-hall report is a few thousand rows at most.
 */
export async function centralExport(report: CentralReport, format: ExportFormat, table: CentralExportTable, timeZone: string): Promise<{ fileName: string; body: Buffer }> {
  const tables = centralTables(report)
  const dir = mkdtempSync(join(tmpdir(), 'hallq-hq-export-'))
  const scope = report.scope.hall ?? (report.scope.region ? report.scope.region.replaceAll('/', '-') : 'all')
  const base = `hallq-hq-${scope}-${report.from}_${report.to}`
  try {
    const file = join(dir, `export.${format}`)
    if (format === 'xlsx') await writeXlsx(file, Object.values(tables), timeZone, () => {})
    else await writeCsv(file, tables[table], timeZone, () => {})
    return { fileName: format === 'xlsx' ? `${base}.xlsx` : `${base}-${table}.csv`, body: readFileSync(file) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
