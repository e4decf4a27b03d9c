/**
 * The customer's phone page (docs/api.md, "The customer's phone"): each ticket's link carries a
 * random key; only its SHA-256 is kept, with the ticket and its business day, so the page can
 * be opened that day only and a copy of the database cannot open it. A rating records where it
 * was given (the phone, a keypad …); older ratings have no channel.
 */
export const up = `
CREATE TABLE phone_links (
  key_hash     TEXT PRIMARY KEY,
  ticket_id    INTEGER NOT NULL UNIQUE,
  business_day TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX phone_links_day ON phone_links (business_day);
ALTER TABLE service_records ADD COLUMN rating_channel TEXT;
`
