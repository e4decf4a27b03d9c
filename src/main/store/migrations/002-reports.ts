/**
 * Reports: what closing a day (日结) freezes, and the manager's grades. A closed day's figures
 * are counted once, at the close, with the settings and service standards of that day, so that
 * later edits never change yesterday's result and a year summarises from 365 small rows.
 */
export const up = `
CREATE TABLE report_days (
  business_day TEXT PRIMARY KEY,
  closed_at    INTEGER NOT NULL,
  -- the day's figures as counted at the close (JSON, src/main/reports/facts.ts)
  facts        TEXT NOT NULL,
  -- the quantitative assessment and the assessment settings it was scored with (JSON)
  assessment   TEXT NOT NULL,
  -- 1 when counted after the fact for a day closed before reports existed (current settings)
  backfilled   INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Every wait and handling time of a closed day, per service, ascending (float64 little-endian):
-- exact medians and percentiles over any range without reading the service records.
CREATE TABLE report_distributions (
  business_day TEXT NOT NULL,
  service_id   TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('wait', 'handle')),
  count        INTEGER NOT NULL,
  values_ms    BLOB NOT NULL,
  PRIMARY KEY (business_day, service_id, kind)
) STRICT;

CREATE TABLE assessment_grades (
  business_day TEXT NOT NULL,
  clerk_id     INTEGER NOT NULL REFERENCES clerks (id),
  grade        TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'fair')),
  comment      TEXT NOT NULL,
  graded_at    INTEGER NOT NULL,
  graded_by    INTEGER,
  -- the event-log entry that set it
  seq          INTEGER NOT NULL,
  PRIMARY KEY (business_day, clerk_id)
) STRICT;
`
