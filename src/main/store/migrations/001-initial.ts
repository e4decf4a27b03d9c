/**
 * The hall's tables. Tickets, records and activity periods are the current state of every
 * ticket ever issued; event_log is the append-only audit trail every figure can be rebuilt from.
 */
export const up = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE services (
  id                 TEXT PRIMARY KEY,
  prefix             TEXT NOT NULL,
  name_zh            TEXT NOT NULL,
  name_en            TEXT NOT NULL,
  target_wait_min    INTEGER NOT NULL,
  default_handle_min REAL NOT NULL,
  daily_cap          INTEGER,
  hours              TEXT NOT NULL,
  message            TEXT NOT NULL,
  items              TEXT NOT NULL,
  active             INTEGER NOT NULL,
  sort_order         INTEGER NOT NULL
) STRICT;

CREATE TABLE clerks (
  id         INTEGER PRIMARY KEY,
  staff_code TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'admin')),
  active     INTEGER NOT NULL,
  pin_hash   TEXT NOT NULL
) STRICT;

CREATE TABLE counters (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  services          TEXT NOT NULL,
  display_address   INTEGER,
  active            INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('closed', 'open', 'paused')),
  pause_reason      TEXT,
  clerk_id          INTEGER REFERENCES clerks (id),
  current_ticket_id INTEGER,
  status_since      INTEGER,
  priority_run      INTEGER NOT NULL,
  session_period_id INTEGER,
  pause_period_id   INTEGER
) STRICT;

CREATE TABLE tickets (
  id                INTEGER PRIMARY KEY,
  business_day      TEXT NOT NULL,
  service_id        TEXT NOT NULL REFERENCES services (id),
  issued_service_id TEXT NOT NULL REFERENCES services (id),
  seq               INTEGER NOT NULL,
  number            TEXT NOT NULL,
  priority          TEXT NOT NULL,
  source            TEXT NOT NULL,
  status            TEXT NOT NULL,
  issued_at         INTEGER NOT NULL,
  queued_at         INTEGER NOT NULL,
  queue_key         REAL NOT NULL,
  first_called_at   INTEGER,
  call_count        INTEGER NOT NULL,
  counter_id        INTEGER,
  record_id         INTEGER,
  target_counter_id INTEGER,
  est_ahead         INTEGER NOT NULL,
  est_minutes       INTEGER,
  ended_at          INTEGER,
  UNIQUE (business_day, issued_service_id, seq)
) STRICT;
CREATE INDEX tickets_day_status ON tickets (business_day, status);

CREATE TABLE service_records (
  id                  INTEGER PRIMARY KEY,
  ticket_id           INTEGER NOT NULL REFERENCES tickets (id),
  business_day        TEXT NOT NULL,
  service_id          TEXT NOT NULL REFERENCES services (id),
  counter_id          INTEGER NOT NULL REFERENCES counters (id),
  clerk_id            INTEGER NOT NULL REFERENCES clerks (id),
  queued_at           INTEGER NOT NULL,
  called_at           INTEGER NOT NULL,
  call_count          INTEGER NOT NULL,
  started_at          INTEGER,
  ended_at            INTEGER,
  outcome             TEXT,
  items               TEXT NOT NULL,
  note                TEXT NOT NULL,
  complaint           TEXT,
  transfer_service_id TEXT,
  transfer_counter_id INTEGER,
  rating              INTEGER,
  rated_at            INTEGER
) STRICT;
CREATE INDEX service_records_day ON service_records (business_day);
CREATE INDEX service_records_clerk_day ON service_records (clerk_id, business_day);

CREATE TABLE activity_periods (
  id           INTEGER PRIMARY KEY,
  business_day TEXT NOT NULL,
  counter_id   INTEGER NOT NULL REFERENCES counters (id),
  clerk_id     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('open', 'pause')),
  reason       TEXT,
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER
) STRICT;
CREATE INDEX activity_periods_day ON activity_periods (business_day);

CREATE TABLE event_log (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  at              INTEGER NOT NULL,
  business_day    TEXT NOT NULL,
  actor_role      TEXT NOT NULL,
  actor_clerk_id  INTEGER,
  terminal        TEXT NOT NULL,
  command         TEXT NOT NULL,
  payload         TEXT NOT NULL,
  result          TEXT NOT NULL,
  events          TEXT NOT NULL,
  idempotency_key TEXT UNIQUE
) STRICT;
CREATE INDEX event_log_day ON event_log (business_day);

CREATE TABLE auth_sessions (
  token_hash   TEXT PRIMARY KEY,
  clerk_id     INTEGER NOT NULL REFERENCES clerks (id),
  terminal     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;

CREATE TABLE day_closes (
  business_day      TEXT PRIMARY KEY,
  next_business_day TEXT NOT NULL,
  closed_at         INTEGER NOT NULL,
  seq               INTEGER NOT NULL
) STRICT;
`
