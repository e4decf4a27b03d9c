/**
 * The centre's first schema. Every key starts with the hall code, and the event and fact tables
 * are partitioned by business day (declarative RANGE partitions, one a month, created as days
 * arrive): so the same tables can later be distributed by hall_code on Citus, and a month can be
 * detached or dropped as a whole. Times are epoch milliseconds (bigint), as in the hub.
 */
export const up = `
CREATE TABLE halls (
  hall_code      text PRIMARY KEY,
  name           text NOT NULL,
  region         text NOT NULL DEFAULT '',
  -- The highest seq of this hall's log stored here; a batch must start right after it.
  last_seq       bigint NOT NULL DEFAULT 0,
  -- The hub's own log head when it last shipped, for the lag.
  hub_seq        bigint NOT NULL DEFAULT 0,
  last_seen_at   bigint,
  business_day   date,
  -- Names and calendar the reports need: services, clerks, counters, time zone, rollover hour.
  config         jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The live board's figures as the hub last counted them (waiting, longest wait, counters open).
  board          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     bigint NOT NULL
);

-- The hubs' committed event logs, free text and contacts removed (docs/central.md).
CREATE TABLE hall_events (
  hall_code      text NOT NULL,
  business_day   date NOT NULL,
  seq            bigint NOT NULL,
  at             bigint NOT NULL,
  actor_role     text NOT NULL,
  actor_clerk_id integer,
  terminal       text NOT NULL,
  command        text NOT NULL,
  events         jsonb NOT NULL,
  PRIMARY KEY (hall_code, business_day, seq)
) PARTITION BY RANGE (business_day);

-- One business day's facts per hall (src/main/reports/facts.ts): the live day as last counted
-- (closed = false), replaced once by the frozen facts of the close.
CREATE TABLE day_facts (
  hall_code      text NOT NULL,
  business_day   date NOT NULL,
  closed         boolean NOT NULL,
  as_of          bigint NOT NULL,
  facts          jsonb NOT NULL,
  assessment     jsonb,
  PRIMARY KEY (hall_code, business_day)
) PARTITION BY RANGE (business_day);

-- Every wait and handling time per service of that day, ascending, as the hub stores them.
CREATE TABLE day_runs (
  hall_code      text NOT NULL,
  business_day   date NOT NULL,
  service_id     text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('wait', 'handle')),
  count          integer NOT NULL,
  values_ms      bytea NOT NULL,
  PRIMARY KEY (hall_code, business_day, service_id, kind)
) PARTITION BY RANGE (business_day);

CREATE TABLE central_users (
  staff_code     text PRIMARY KEY,
  name           text NOT NULL,
  role           text NOT NULL CHECK (role IN ('hq-admin', 'hq-viewer')),
  -- A viewer with a region sees only halls whose region is it or below it ('广东/广州').
  region         text,
  pin_hash       text NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_at     bigint NOT NULL
);

CREATE TABLE central_sessions (
  token_hash     text PRIMARY KEY,
  staff_code     text NOT NULL REFERENCES central_users (staff_code),
  created_at     bigint NOT NULL,
  last_seen_at   bigint NOT NULL
);
`
