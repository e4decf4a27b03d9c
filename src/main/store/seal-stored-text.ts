/**
 * Seals the free text a hall stored before it was sealed at rest (security/text-seal.ts): the
 * records' notes and complaint summaries, the grades' comments, and the same text in the event
 * log. It needs the key, so it runs in code at start (app.ts), not as a numbered SQL migration;
 * once done it is marked in `meta` and never scans again.
 *
 * The old text must not linger where SQLite freed it: secure_delete zeroes the freed space while
 * the rows are rewritten, and the WAL is checkpointed and truncated afterwards.
 */
import { FREE_TEXT_KEYS, isSealedText, type TextSeal } from '../security/text-seal'
import type { Db } from './database'
import { gradeCommentContext, recordComplaintContext, recordNoteContext } from './hall-store'

const DONE_KEY = 'free_text_sealed'

type Row = Record<string, unknown>

/**
 * Rows read a page at a time (by their key, in order): a year of history holds tens of thousands
 * of notes and hundreds of thousands of log rows, which read at once took the hub's heap to
 * 480 MB on its first start after the upgrade. better-sqlite3 cannot write while a read is still
 * iterating, hence pages rather than one iterator.
 */
const PAGE = 500

function* pages(select: { all(after: number, page: number): unknown[] }, key: string, page: number): Generator<Row> {
  let after = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = select.all(after, page) as Row[]
    for (const row of rows) yield row
    if (rows.length < page) return
    after = rows[rows.length - 1]![key] as number
  }
}

/** Returns how many rows it sealed (0 when it had already run); `page`: rows read at a time. */
export function sealStoredText(db: Db, seal: TextSeal, page = PAGE): number {
  if (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(DONE_KEY) === '1') return 0
  let sealed = 0
  const before = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    db.transaction(() => {
      const setRecord = db.prepare('UPDATE service_records SET note = ?, complaint = ? WHERE id = ?')
      const records = db.prepare(`SELECT id, note, complaint FROM service_records WHERE id > ? AND (note <> '' OR complaint IS NOT NULL) ORDER BY id LIMIT ?`)
      for (const r of pages(records, 'id', page)) {
        const id = r.id as number
        const note = r.note as string
        const complaint = r.complaint === null ? null : (JSON.parse(r.complaint as string) as { summary: string })
        const plainNote = note !== '' && !isSealedText(note)
        const plainSummary = complaint !== null && complaint.summary !== '' && !isSealedText(complaint.summary)
        if (!plainNote && !plainSummary) continue
        setRecord.run(
          plainNote ? seal.seal(note, recordNoteContext(id)) : note,
          complaint === null ? null : JSON.stringify(plainSummary ? { ...complaint, summary: seal.seal(complaint.summary, recordComplaintContext(id)) } : complaint),
          id,
        )
        sealed++
      }
      const setGrade = db.prepare('UPDATE assessment_grades SET comment = ? WHERE business_day = ? AND clerk_id = ?')
      for (const g of db.prepare("SELECT business_day, clerk_id, comment FROM assessment_grades WHERE comment <> ''").all() as Row[]) {
        if (isSealedText(g.comment)) continue
        const day = g.business_day as string
        const clerkId = g.clerk_id as number
        setGrade.run(seal.seal(g.comment as string, gradeCommentContext(day, clerkId)), day, clerkId)
        sealed++
      }
      const setLog = db.prepare('UPDATE event_log SET payload = ?, result = ?, events = ? WHERE seq = ?')
      const likely = [...FREE_TEXT_KEYS].map((k) => `payload LIKE '%"${k}":"_%' OR result LIKE '%"${k}":"_%' OR events LIKE '%"${k}":"_%'`).join(' OR ')
      const logRows = db.prepare(`SELECT seq, payload, result, events FROM event_log WHERE seq > ? AND (${likely}) ORDER BY seq LIMIT ?`)
      for (const l of pages(logRows, 'seq', page)) {
        // A column already holding sealed text was written sealed: left as it is.
        const columns = [l.payload, l.result, l.events].map((c) => (/"sealed1:/.test(c as string) ? c : JSON.stringify(seal.sealDeep(JSON.parse(c as string)))))
        if (columns[0] === l.payload && columns[1] === l.result && columns[2] === l.events) continue
        setLog.run(columns[0], columns[1], columns[2], l.seq)
        sealed++
      }
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DONE_KEY, '1')
    }).immediate()
    // Nothing of the plain text stays in the WAL either.
    if (sealed > 0) db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.pragma(`secure_delete = ${before}`)
  }
  return sealed
}
