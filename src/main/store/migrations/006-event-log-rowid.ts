/**
 * The event log, rebuilt to write less per command. AUTOINCREMENT rewrote the sqlite_sequence
 * row on every insert, and the UNIQUE idempotency key indexed a NULL for every command that had
 * none: two more pages to write and flush per command. Rows are never deleted, so a plain rowid
 * numbers them exactly as before (the next is the largest plus one), and a partial index keeps
 * keys unique where there are keys. Sequence numbers, rows and keys are carried over unchanged.
 */
export const up = `
CREATE TABLE event_log_new (
  seq             INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  business_day    TEXT NOT NULL,
  actor_role      TEXT NOT NULL,
  actor_clerk_id  INTEGER,
  terminal        TEXT NOT NULL,
  command         TEXT NOT NULL,
  payload         TEXT NOT NULL,
  result          TEXT NOT NULL,
  events          TEXT NOT NULL,
  idempotency_key TEXT
) STRICT;
INSERT INTO event_log_new (seq, at, business_day, actor_role, actor_clerk_id, terminal, command, payload, result, events, idempotency_key)
  SELECT seq, at, business_day, actor_role, actor_clerk_id, terminal, command, payload, result, events, idempotency_key FROM event_log ORDER BY seq;
DROP TABLE event_log;
ALTER TABLE event_log_new RENAME TO event_log;
CREATE INDEX event_log_day ON event_log (business_day);
CREATE UNIQUE INDEX event_log_idempotency_key ON event_log (idempotency_key) WHERE idempotency_key IS NOT NULL;
`
