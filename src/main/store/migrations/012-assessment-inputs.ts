/**
 * The assessment's manager inputs beside the grade (docs/metrics.md, 考核): the teamwork mark
 * given with it, spot checks of visits (质检, the latest check of a visit counts) and follow-ups
 * to a result (激励与约束). Notes are stored only sealed (security/text-seal.ts) where the hall
 * has its key, like every free text about a person.
 */
export const up = `
ALTER TABLE assessment_grades ADD COLUMN teamwork TEXT CHECK (teamwork IN ('excellent', 'good', 'fair'));

CREATE TABLE visit_checks (
  record_id    INTEGER PRIMARY KEY,
  business_day TEXT NOT NULL,
  clerk_id     INTEGER NOT NULL,
  result       TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  reason       TEXT,
  note         TEXT NOT NULL,
  checked_at   INTEGER NOT NULL,
  checked_by   INTEGER,
  -- the event-log entry that set it
  seq          INTEGER NOT NULL
) STRICT;
CREATE INDEX visit_checks_day ON visit_checks (business_day);

CREATE TABLE assessment_follow_ups (
  id        INTEGER PRIMARY KEY,
  clerk_id  INTEGER NOT NULL,
  period    TEXT NOT NULL CHECK (period IN ('day', 'week', 'month')),
  from_day  TEXT NOT NULL,
  to_day    TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('praise', 'coaching', 'training', 'interview')),
  note      TEXT NOT NULL,
  at        INTEGER NOT NULL,
  by_clerk  INTEGER,
  seq       INTEGER NOT NULL
) STRICT;
CREATE INDEX assessment_follow_ups_span ON assessment_follow_ups (from_day, to_day);
`
