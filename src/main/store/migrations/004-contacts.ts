/**
 * Personal contacts (a call-back or complaint follow-up phone), only where a hall collects them.
 * The number itself is stored only as AES-256-GCM ciphertext and deleted after the retention
 * period; the masked form stays for the record.
 */
export const up = `
CREATE TABLE contacts (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('callback', 'complaint')),
  ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
  record_id    INTEGER REFERENCES service_records (id),
  business_day TEXT NOT NULL,
  masked       TEXT NOT NULL,
  ciphertext   BLOB,
  created_at   INTEGER NOT NULL,
  purged_at    INTEGER
) STRICT;
CREATE INDEX contacts_created ON contacts (created_at) WHERE ciphertext IS NOT NULL;

ALTER TABLE tickets ADD COLUMN contact_id INTEGER;
ALTER TABLE tickets ADD COLUMN contact_masked TEXT;
`
