/**
 * Writes report tables to a file: XLSX (exceljs, streamed, one sheet per table, numbers and
 * dates as real cells with number formats) or CSV (UTF-8 with a BOM so Excel in Chinese reads
 * it, CRLF, RFC 4180 quoting). Long tables come in pages; between pages the writer yields to
 * the event loop so that the hall keeps answering its counters.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type ExcelJS from 'exceljs'
import { wallClockIn } from '../local-hour'
import type { Cell, CellKind, Column, TableData } from './tables'

/** A table whose rows arrive a page at a time (the records of a long range). */
export interface PagedTable {
  name: TableData['name']
  title: string
  columns: Column[]
  total: number
  pages: AsyncIterable<Cell[][]>
}

/** A table whose rows are all in memory: the hub's report tables (TableData), the centre's. */
export interface RowsTable {
  title: string
  columns: Column[]
  rows: Cell[][]
}

export type AnyTable = TableData | RowsTable | PagedTable

export type Progress = (rowsWritten: number) => void

export const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  count: '0',
  minutes: '0.0',
  share: '0.0%',
  number: '0.00',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
}

const yieldToHall = () => new Promise<void>((resolve) => setImmediate(resolve))

async function* rowsOf(table: AnyTable): AsyncIterable<Cell[][]> {
  if ('rows' in table) yield table.rows
  else yield* table.pages
}

export function tableRows(table: AnyTable): number {
  return 'rows' in table ? table.rows.length : table.total
}

/** An Excel date for a business day, or a wall-clock datetime in the hall's zone. */
function excelValue(cell: Cell, kind: CellKind, wallClock: (at: number) => number): ExcelJS.CellValue {
  if (cell === null) return null
  if (kind === 'date' && typeof cell === 'string') return new Date(`${cell}T00:00:00Z`)
  if (kind === 'datetime' && typeof cell === 'number') return new Date(wallClock(cell))
  return cell
}

export async function writeXlsx(file: string, tables: readonly AnyTable[], timeZone: string, progress: Progress): Promise<void> {
  // Loaded on the first export, not with the hub: ExcelJS alone is some 30 MB of resident memory.
  const { default: ExcelJS } = await import('exceljs')
  const wallClock = wallClockIn(timeZone)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false })
  workbook.creator = 'HallQ'
  let written = 0
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width: Math.max(10, Math.min(24, c.header.length * 2 + 2)),
      style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {},
    }))
    sheet.getRow(1).font = { bold: true }
    for await (const page of rowsOf(table)) {
      for (const row of page) {
        sheet.addRow(row.map((cell, i) => excelValue(cell, table.columns[i]!.kind, wallClock))).commit()
      }
      written += page.length
      progress(written)
      await yieldToHall()
    }
    sheet.commit()
  }
  await workbook.commit()
}

const pad = (n: number) => String(n).padStart(2, '0')

function csvText(cell: Cell, kind: CellKind, wallClock: (at: number) => number): string {
  if (cell === null) return ''
  if (kind === 'datetime' && typeof cell === 'number') {
    const d = new Date(wallClock(cell))
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  }
  if (typeof cell === 'number') {
    if (kind === 'share') return `${round(cell * 100, 2)}%`
    if (kind === 'minutes' || kind === 'number') return String(round(cell, 2))
    return String(cell)
  }
  return quote(kind === 'text' ? defuse(cell) : cell)
}

/** Rounds for CSV, where Excel would otherwise show 15 digits. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** A name or comment starting like a formula is shown as text, never run by the spreadsheet. */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const CSV_BOM = '\uFEFF'

export async function writeCsv(file: string, table: AnyTable, timeZone: string, progress: Progress): Promise<void> {
  const wallClock = wallClockIn(timeZone)
  const out = createWriteStream(file)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(CSV_BOM + table.columns.map((c) => quote(defuse(c.header))).join(',') + '\r\n')
  let written = 0
  for await (const page of rowsOf(table)) {
    let chunk = ''
    for (const row of page) chunk += row.map((cell, i) => csvText(cell, table.columns[i]!.kind, wallClock)).join(',') + '\r\n'
    await write(chunk)
    written += page.length
    progress(written)
    await yieldToHall()
  }
  out.end()
  await once(out, 'finish')
}
