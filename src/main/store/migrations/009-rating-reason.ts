/**
 * The reason a customer gave for 一般 or 不满意. Ratings recorded before keep null. (Where each
 * rating came from, rating_channel, is added by 008.)
 */
export const up = `
ALTER TABLE service_records ADD COLUMN rating_reason TEXT CHECK (rating_reason IN ('wait', 'attitude', 'skill', 'unresolved', 'other'));
`
