/**
 * Terminals and pairing codes. Only hashes are stored: a copied database lets nobody join.
 */
import type { Terminal, TerminalRole } from '../../shared/terminals'
import type { Db } from './database'

export interface PairingGrant {
  name: string
  role: TerminalRole
  counterId: number | null
}

type Row = Record<string, unknown>

function terminalFromRow(r: Row): Terminal {
  return {
    id: r.id as number,
    name: r.name as string,
    role: r.role as TerminalRole,
    counterId: (r.counter_id as number | null) ?? null,
    createdAt: r.created_at as number,
    lastSeenAt: (r.last_seen_at as number | null) ?? null,
    revokedAt: (r.revoked_at as number | null) ?? null,
  }
}

export class TerminalStore {
  private readonly s
  /** Last-seen times not written yet: a read never waits for the database's write lock. */
  private readonly seen = new Map<number, number>()

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql)
    this.s = {
      insertCode: p(
        'INSERT INTO pairing_codes (code_hash, name, role, counter_id, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      findCode: p('SELECT * FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?'),
      useCode: p('UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?'),
      purgeCodes: p('DELETE FROM pairing_codes WHERE expires_at <= ? OR used_at IS NOT NULL'),
      insertTerminal: p('INSERT INTO terminals (name, role, counter_id, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)'),
      byToken: p('SELECT * FROM terminals WHERE token_hash = ? AND revoked_at IS NULL'),
      byId: p('SELECT * FROM terminals WHERE id = ?'),
      list: p('SELECT * FROM terminals ORDER BY id'),
      touch: p('UPDATE terminals SET last_seen_at = ? WHERE id = ?'),
      revoke: p('UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    }
  }

  insertCode(codeHash: string, grant: PairingGrant, now: number, expiresAt: number, createdBy: number | null): void {
    this.s.purgeCodes.run(now)
    this.s.insertCode.run(codeHash, grant.name, grant.role, grant.counterId, now, createdBy, expiresAt)
  }

  /** Marks a valid code used and returns what it grants; null if unknown, used or expired. */
  useCode(codeHash: string, now: number): PairingGrant | null {
    const row = this.s.findCode.get(codeHash, now) as Row | undefined
    if (!row) return null
    this.s.useCode.run(now, codeHash)
    return { name: row.name as string, role: row.role as TerminalRole, counterId: (row.counter_id as number | null) ?? null }
  }

  insertTerminal(grant: PairingGrant, tokenHash: string, now: number, createdBy: number | null): Terminal {
    const info = this.s.insertTerminal.run(grant.name, grant.role, grant.counterId, tokenHash, now, createdBy)
    return this.byId(Number(info.lastInsertRowid))!
  }

  byToken(tokenHash: string, now: number): Terminal | null {
    const row = this.s.byToken.get(tokenHash) as Row | undefined
    if (!row) return null
    const t = terminalFromRow(row)
    this.seen.set(t.id, now)
    return { ...t, lastSeenAt: now }
  }

  /**
   * Writes the last-seen times gathered since the last flush (the hub does it every 30 seconds).
   * Best effort: "last seen" is for the admin's list, so a locked or full database only
   * postpones it.
   */
  flushSeen(): void {
    if (this.seen.size === 0) return
    const batch = [...this.seen]
    this.seen.clear()
    try {
      this.db.transaction(() => {
        for (const [id, at] of batch) this.s.touch.run(at, id)
      })()
    } catch {
      for (const [id, at] of batch) if (!this.seen.has(id)) this.seen.set(id, at)
    }
  }

  byId(id: number): Terminal | null {
    const row = this.s.byId.get(id) as Row | undefined
    return row ? terminalFromRow(row) : null
  }

  list(): Terminal[] {
    return (this.s.list.all() as Row[]).map(terminalFromRow).map((t) => (this.seen.has(t.id) ? { ...t, lastSeenAt: this.seen.get(t.id)! } : t))
  }

  revoke(id: number, now: number): boolean {
    return this.s.revoke.run(now, id).changes === 1
  }
}
