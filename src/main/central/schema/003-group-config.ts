/**
 * 集团配置 (decision 033): the group configuration versions an hq-admin publishes — never changed
 * once written — and what each hall last reported about following them. Independent of the
 * other migrations' tables, so it applies whatever else is there.
 */
export const up = `
CREATE TABLE group_configs (
  version        integer PRIMARY KEY,
  -- The service catalogue and assessment weights (src/shared/group-config.ts groupConfigSchema).
  config         jsonb NOT NULL,
  note           text NOT NULL DEFAULT '',
  published_at   bigint NOT NULL,
  published_by   text NOT NULL
);

-- One row per hall, written by its hub after each check (hall code first, as every key).
CREATE TABLE hall_config_status (
  hall_code      text PRIMARY KEY,
  follow         boolean NOT NULL,
  version        integer,
  applied_at     bigint,
  -- The fields the hall keeps its own value of: [{field, group, local, state}].
  overrides      jsonb NOT NULL DEFAULT '[]'::jsonb,
  conflicts      jsonb NOT NULL DEFAULT '[]'::jsonb,
  error          text,
  reported_at    bigint NOT NULL
);
`
