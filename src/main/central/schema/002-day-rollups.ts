/**
 * Per hall and business day, the day facts the cross-hall report sums, as plain columns: one row
 * per service, per clerk and per local hour (docs/central.md, "The rollup"; decision 034). Derived
 * from the stored `day_facts` document by `central_day_rollup(hall, day)` in the transaction that
 * writes the facts, so the rollup of a day is always that day's facts; existing days are rolled up
 * here. A report over a range sums these rows in the server (GROUP BY) and never decodes a facts
 * document. Medians and 90th percentiles cannot be summed: they still come from the value runs
 * (`day_runs`), the counts beside them (waits within target, counts per score) are sums.
 *
 * Times are float8: whole milliseconds are exact in it (up to 2^53), and a sum is never cast.
 */
const SERVICE = `
CREATE TABLE day_service_rollups (
  hall_code        text NOT NULL,
  business_day     date NOT NULL,
  service_id       text NOT NULL,
  issued           integer NOT NULL,
  served           integer NOT NULL,
  no_show          integer NOT NULL,
  transferred      integer NOT NULL,
  cancelled        integer NOT NULL,
  expired          integer NOT NULL,
  open             integer NOT NULL,
  wait_count       integer NOT NULL,
  wait_total_ms    float8 NOT NULL,
  wait_max_ms      float8,
  wait_within      integer NOT NULL,
  handle_count     integer NOT NULL,
  handle_total_ms  float8 NOT NULL,
  handle_max_ms    float8,
  ratable          integer NOT NULL,
  score_1          integer NOT NULL,
  score_2          integer NOT NULL,
  score_3          integer NOT NULL,
  score_4          integer NOT NULL,
  reason_wait      integer NOT NULL,
  reason_attitude  integer NOT NULL,
  reason_skill     integer NOT NULL,
  reason_unresolved integer NOT NULL,
  reason_other     integer NOT NULL,
  PRIMARY KEY (hall_code, business_day, service_id)
) PARTITION BY RANGE (business_day);

CREATE TABLE day_clerk_rollups (
  hall_code        text NOT NULL,
  business_day     date NOT NULL,
  clerk_id         integer NOT NULL,
  served           integer NOT NULL,
  handle_count     integer NOT NULL,
  handle_total_ms  float8 NOT NULL,
  handle_max_ms    float8,
  calls            integer NOT NULL,
  call_wait_total_ms float8 NOT NULL,
  no_show          integer NOT NULL,
  transferred      integer NOT NULL,
  ratable          integer NOT NULL,
  score_1          integer NOT NULL,
  score_2          integer NOT NULL,
  score_3          integer NOT NULL,
  score_4          integer NOT NULL,
  reason_wait      integer NOT NULL,
  reason_attitude  integer NOT NULL,
  reason_skill     integer NOT NULL,
  reason_unresolved integer NOT NULL,
  reason_other     integer NOT NULL,
  logged_in_ms     float8 NOT NULL,
  paused_meal_ms   float8 NOT NULL,
  paused_training_ms float8 NOT NULL,
  paused_backoffice_ms float8 NOT NULL,
  paused_meeting_ms float8 NOT NULL,
  paused_other_ms  float8 NOT NULL,
  PRIMARY KEY (hall_code, business_day, clerk_id)
) PARTITION BY RANGE (business_day);

-- Summed over the day's services; only hours with an arrival or a wait.
CREATE TABLE day_hour_rollups (
  hall_code        text NOT NULL,
  business_day     date NOT NULL,
  hour             smallint NOT NULL,
  arrivals         integer NOT NULL,
  waits            integer NOT NULL,
  wait_total_ms    float8 NOT NULL,
  within           integer NOT NULL,
  PRIMARY KEY (hall_code, business_day, hour)
) PARTITION BY RANGE (business_day);
`

/** n of a jsonb object's key, 0 when absent (facts stored before the field was counted: none counted). */
const n = (doc: string, key: string) => `COALESCE((${doc}->>'${key}')::integer, 0)`
const ms = (doc: string, key: string) => `COALESCE((${doc}->>'${key}')::float8, 0)`
const score = (doc: string, i: number) => `COALESCE((${doc}->'byScore'->>${i})::integer, 0)`
const reasons = (doc: string) => ['wait', 'attitude', 'skill', 'unresolved', 'other'].map((r) => n(`${doc}->'reasons'`, r)).join(', ')
const paused = (doc: string) => ['meal', 'training', 'backoffice', 'meeting', 'other'].map((r) => ms(`${doc}->'pausedByReason'`, r)).join(', ')

const FUNCTION = `
-- The rollup of one hall's day, from its stored facts (replaced whole; none when the facts are gone).
CREATE FUNCTION central_day_rollup(p_hall text, p_day date) RETURNS void LANGUAGE sql AS $$
DELETE FROM day_service_rollups WHERE hall_code = p_hall AND business_day = p_day;
DELETE FROM day_clerk_rollups WHERE hall_code = p_hall AND business_day = p_day;
DELETE FROM day_hour_rollups WHERE hall_code = p_hall AND business_day = p_day;
INSERT INTO day_service_rollups
SELECT f.hall_code, f.business_day, s->>'serviceId',
  ${n('s', 'issued')}, ${n('s', 'served')}, ${n('s', 'noShow')}, ${n('s', 'transferred')}, ${n('s', 'cancelled')}, ${n('s', 'expired')}, ${n('s', 'open')},
  ${n("s->'wait'", 'count')}, ${ms("s->'wait'", 'totalMs')}, (s->'wait'->>'maxMs')::float8, ${n("s->'wait'", 'within')},
  ${n("s->'handle'", 'count')}, ${ms("s->'handle'", 'totalMs')}, (s->'handle'->>'maxMs')::float8,
  ${n('s', 'ratable')}, ${score('s', 0)}, ${score('s', 1)}, ${score('s', 2)}, ${score('s', 3)}, ${reasons('s')}
FROM day_facts f CROSS JOIN jsonb_array_elements(f.facts->'services') s
WHERE f.hall_code = p_hall AND f.business_day = p_day;
INSERT INTO day_clerk_rollups
SELECT f.hall_code, f.business_day, (c->>'clerkId')::integer,
  ${n('c', 'served')}, ${n("c->'handle'", 'count')}, ${ms("c->'handle'", 'totalMs')}, (c->'handle'->>'maxMs')::float8,
  ${n('c', 'calls')}, ${ms('c', 'callWaitTotalMs')}, ${n('c', 'noShow')}, ${n('c', 'transferred')},
  ${n('c', 'ratable')}, ${score('c', 0)}, ${score('c', 1)}, ${score('c', 2)}, ${score('c', 3)}, ${reasons('c')},
  ${ms('c', 'loggedInMs')}, ${paused('c')}
FROM day_facts f CROSS JOIN jsonb_array_elements(f.facts->'clerks') c
WHERE f.hall_code = p_hall AND f.business_day = p_day;
INSERT INTO day_hour_rollups
SELECT f.hall_code, f.business_day, h,
  sum(COALESCE((s->'hours'->'arrivals'->>h)::integer, 0)), sum(COALESCE((s->'hours'->'waits'->>h)::integer, 0)),
  sum(COALESCE((s->'hours'->'waitTotalMs'->>h)::float8, 0)), sum(COALESCE((s->'hours'->'within'->>h)::integer, 0))
FROM day_facts f CROSS JOIN jsonb_array_elements(f.facts->'services') s CROSS JOIN generate_series(0, 23) h
WHERE f.hall_code = p_hall AND f.business_day = p_day
GROUP BY f.hall_code, f.business_day, h
HAVING sum(COALESCE((s->'hours'->'arrivals'->>h)::integer, 0)) > 0 OR sum(COALESCE((s->'hours'->'waits'->>h)::integer, 0)) > 0;
$$;
`

/** The month partitions the facts already have, for the new tables; then every stored day rolled up. */
const BACKFILL = `
DO $$
DECLARE part record;
BEGIN
  FOR part IN
    SELECT substring(c.relname FROM 'day_facts_p(\\d{6})$') AS suffix, pg_get_expr(c.relpartbound, c.oid) AS bound
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'day_facts'
  LOOP
    IF part.suffix IS NOT NULL THEN
      EXECUTE format('CREATE TABLE day_service_rollups_p%s PARTITION OF day_service_rollups %s', part.suffix, part.bound);
      EXECUTE format('CREATE TABLE day_clerk_rollups_p%s PARTITION OF day_clerk_rollups %s', part.suffix, part.bound);
      EXECUTE format('CREATE TABLE day_hour_rollups_p%s PARTITION OF day_hour_rollups %s', part.suffix, part.bound);
    END IF;
  END LOOP;
END $$;
SELECT central_day_rollup(hall_code, business_day) FROM day_facts;
`

export const up = SERVICE + FUNCTION + BACKFILL
