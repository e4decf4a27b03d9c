/**
 * Where each rating came from (keypad, tablet, screen, phone) and the reason a customer gave
 * for 一般 or 不满意. Ratings recorded before keep null: their channel was not kept.
 */
export const up = `
ALTER TABLE service_records ADD COLUMN rating_channel TEXT CHECK (rating_channel IN ('keypad', 'tablet', 'screen', 'phone'));
ALTER TABLE service_records ADD COLUMN rating_reason TEXT CHECK (rating_reason IN ('wait', 'attitude', 'skill', 'unresolved', 'other'));
`
