/**
 * Service records are read by business day (the live day at start, a day's close, exports);
 * nothing asks for them by clerk — the reports count a clerk's day from the day's records. The
 * (clerk_id, business_day) index was one more page to write and flush on every call.
 */
export const up = `
DROP INDEX service_records_clerk_day;
`
