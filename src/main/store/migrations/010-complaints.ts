/**
 * Complaint cases (投诉工单) and their step history. A case's facts are JSON (the same object the
 * events carry); status and day are columns for the list's filters. The summary, the solution,
 * the customer's words at the callback and each step's remark are stored only sealed
 * (security/text-seal.ts: AES-256-GCM under the contact key); after the retention period they are deleted (purged_at).
 */
export const up = `
CREATE TABLE complaint_cases (
  id                 INTEGER PRIMARY KEY,
  business_day       TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('received', 'handling', 'callback', 'closed', 'cancelled')),
  facts              TEXT NOT NULL,
  summary            TEXT,
  solution           TEXT,
  confirmation_note  TEXT,
  purged_at          INTEGER
) STRICT;
CREATE INDEX complaint_cases_day ON complaint_cases (business_day);
CREATE INDEX complaint_cases_status ON complaint_cases (status);

CREATE TABLE complaint_steps (
  case_id   INTEGER NOT NULL REFERENCES complaint_cases (id),
  n         INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('take', 'update', 'close', 'reopen', 'cancel')),
  by_clerk  INTEGER,
  terminal  TEXT NOT NULL,
  changes   TEXT NOT NULL,
  remark    TEXT,
  PRIMARY KEY (case_id, n)
) STRICT;
`
