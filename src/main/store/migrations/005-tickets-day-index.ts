/**
 * Tickets are found by business day (the live day at start, a day's records); no query asks for
 * them by status. Indexing the status as well rewrote an index entry on every call, start and
 * finish — one or two more pages to write and flush per command at the busiest hour.
 */
export const up = `
DROP INDEX tickets_day_status;
CREATE INDEX tickets_day ON tickets (business_day);
`
