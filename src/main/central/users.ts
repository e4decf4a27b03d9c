/**
 * The centre's own logins: hq-admin (everything, and the users), hq-viewer (every hall), and a
 * viewer with a region who sees only the halls in it. PINs hashed like the hub's (scrypt),
 * tokens stored only as SHA-256, guessing throttled per staff code and per address — the
 * attempt is reserved before the PIN is checked.
 */
import { AppError } from '../../shared/errors'
import { AttemptCounter } from '../security/login-throttle'
import { hashPin, hashToken, newToken, verifyPin } from '../security/secrets'
import type { Pool } from './database'

export const CENTRAL_ROLES = ['hq-admin', 'hq-viewer'] as const
export type CentralRole = (typeof CENTRAL_ROLES)[number]

export interface CentralUser {
  staffCode: string
  name: string
  role: CentralRole
  /** Null: every hall; else only halls whose region is this path or below it. */
  region: string | null
}

/** A session unused this long ends. */
const IDLE_MS = 12 * 60 * 60_000
const LOGIN_LIMITS = { maxAttempts: 5, lockMs: 5 * 60_000 }
const ADDRESS_LIMITS = { maxAttempts: 30, lockMs: 30 * 60_000 }

/** '广东/广州/天河' is in region '广东/广州' and '广东'; region null is everything. */
export function inRegion(hallRegion: string, scope: string | null): boolean {
  return scope === null || hallRegion === scope || hallRegion.startsWith(`${scope}/`)
}

export function normaliseRegion(raw: string): string {
  return raw
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .join('/')
}

type Row = { staff_code: string; name: string; role: CentralRole; region: string | null }
const userOf = (r: Row): CentralUser => ({ staffCode: r.staff_code, name: r.name, role: r.role, region: r.region })

export class CentralUsers {
  private readonly byCode = new AttemptCounter()
  private readonly byAddress = new AttemptCounter()

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  /** On an empty database: the first hq-admin, staff code `admin`. Returns true when created. */
  async ensureAdmin(pin: string): Promise<boolean> {
    const hash = await hashPin(pin)
    const r = await this.pool.query(
      `INSERT INTO central_users (staff_code, name, role, region, pin_hash, created_at)
       SELECT 'admin', '总部管理员', 'hq-admin', NULL, $1, $2 WHERE NOT EXISTS (SELECT 1 FROM central_users)`,
      [hash, this.now()],
    )
    return r.rowCount === 1
  }

  async login(staffCode: string, pin: string, address: string): Promise<{ token: string; user: CentralUser }> {
    const now = this.now()
    const code = staffCode.toLowerCase()
    if (this.byCode.lockedFor(code, now) > 0 || this.byAddress.lockedFor(address, now) > 0) throw new AppError('PIN_LOCKED')
    // Reserved before the await: guesses arriving together are all counted.
    this.byCode.take(code, now, LOGIN_LIMITS)
    this.byAddress.take(address, now, ADDRESS_LIMITS)
    const r = await this.pool.query<Row & { pin_hash: string; active: boolean }>('SELECT * FROM central_users WHERE lower(staff_code) = $1', [code])
    const row = r.rows[0]
    const ok = await verifyPin(pin, row?.active ? row.pin_hash : null)
    if (!row || !ok) throw new AppError('WRONG_PIN')
    this.byCode.clear(code)
    const token = newToken()
    await this.pool.query('INSERT INTO central_sessions (token_hash, staff_code, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [hashToken(token), row.staff_code, now])
    return { token, user: userOf(row) }
  }

  async logout(token: string): Promise<void> {
    await this.pool.query('DELETE FROM central_sessions WHERE token_hash = $1', [hashToken(token)])
  }

  async authenticate(token: string | null): Promise<CentralUser> {
    if (!token) throw new AppError('UNAUTHENTICATED')
    const now = this.now()
    const r = await this.pool.query<Row>(
      `UPDATE central_sessions s SET last_seen_at = $2 FROM central_users u
       WHERE s.token_hash = $1 AND u.staff_code = s.staff_code AND u.active AND s.last_seen_at > $3
       RETURNING u.staff_code, u.name, u.role, u.region`,
      [hashToken(token), now, now - IDLE_MS],
    )
    const row = r.rows[0]
    if (!row) throw new AppError('UNAUTHENTICATED')
    return userOf(row)
  }

  /** Creates or changes a user (an hq-admin's action); the PIN is set anew. */
  async save(input: { staffCode: string; name: string; role: CentralRole; region: string | null; pin: string }): Promise<CentralUser> {
    const region = input.region === null ? null : normaliseRegion(input.region) || null
    const hash = await hashPin(input.pin)
    const r = await this.pool.query<Row>(
      `INSERT INTO central_users (staff_code, name, role, region, pin_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (staff_code) DO UPDATE SET name = excluded.name, role = excluded.role, region = excluded.region, pin_hash = excluded.pin_hash
       RETURNING staff_code, name, role, region`,
      [input.staffCode, input.name, input.role, region, hash, this.now()],
    )
    return userOf(r.rows[0]!)
  }
}
