/**
 * Terminals that joined the hall (counter PCs, kiosks, displays, tablets) and the one-time codes
 * they joined with. Tokens and codes are stored only as SHA-256 hashes.
 */
export const up = `
CREATE TABLE terminals (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('counter', 'kiosk', 'display', 'manager', 'evaluator')),
  counter_id   INTEGER REFERENCES counters (id),
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  created_by   INTEGER,
  last_seen_at INTEGER,
  revoked_at   INTEGER
) STRICT;

CREATE TABLE pairing_codes (
  code_hash  TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL,
  counter_id INTEGER,
  created_at INTEGER NOT NULL,
  created_by INTEGER,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;
`
