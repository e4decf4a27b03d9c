/**
 * Incidents (manual ch. 11, docs/decisions/028-incidents.md): every emergency broadcast as a
 * record — kind, severity, drill, who reported it, the assessment at the start, the actions taken
 * while it lasted and the closing note. The staff text (reported_by, assessment, actions, note) is
 * stored only sealed (security/text-seal.ts), like every free text. Broadcasts logged before this
 * migration become incidents of severity 一般 with no text, from the event log.
 */
export const up = `
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  business_day  TEXT NOT NULL,
  kind          TEXT NOT NULL,
  severity      TEXT NOT NULL CHECK (severity IN ('general', 'major', 'serious')),
  drill         INTEGER NOT NULL,
  message       TEXT NOT NULL,
  pause_issuing INTEGER NOT NULL,
  reported_by   TEXT NOT NULL DEFAULT '',
  assessment    TEXT NOT NULL DEFAULT '',
  started_at    INTEGER NOT NULL UNIQUE,
  started_by    INTEGER,
  actions       TEXT NOT NULL DEFAULT '',
  ended_at      INTEGER,
  ended_by      INTEGER,
  note          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX incidents_day ON incidents (business_day);

INSERT OR IGNORE INTO incidents (business_day, kind, severity, drill, message, pause_issuing, started_at, started_by)
SELECT l.business_day, json_extract(e.value, '$.emergency.kind'), 'general', 0, json_extract(e.value, '$.emergency.message'),
       json_extract(e.value, '$.emergency.pauseIssuing'), json_extract(e.value, '$.emergency.startedAt'), json_extract(e.value, '$.emergency.startedBy')
FROM event_log l, json_each(l.events) e
WHERE l.command = 'startEmergency' AND json_extract(e.value, '$.type') = 'emergencyStarted';

UPDATE incidents SET ended_at = (SELECT MIN(l.at) FROM event_log l WHERE l.command = 'endEmergency' AND l.at >= incidents.started_at);
`
