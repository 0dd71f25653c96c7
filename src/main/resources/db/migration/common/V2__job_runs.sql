-- One row per accepted job run: the history, and the guarantee that a slot runs at most once.
-- Instants are epoch milliseconds so the same SQL serves SQLite and PostgreSQL.
CREATE TABLE job_runs (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  job VARCHAR(200) NOT NULL,
  slot VARCHAR(80) NOT NULL,
  system_name VARCHAR(50) NOT NULL,
  trigger_kind VARCHAR(20) NOT NULL,
  priority INT NOT NULL,
  state VARCHAR(20) NOT NULL,
  attempt INT NOT NULL,
  max_attempts INT NOT NULL,
  accepted_at BIGINT NOT NULL,
  started_at BIGINT,
  ended_at BIGINT,
  next_attempt_at BIGINT,
  message VARCHAR(2000),
  log_excerpt TEXT,
  node VARCHAR(200),
  CONSTRAINT job_runs_once_per_slot UNIQUE (job, slot)
);
CREATE INDEX job_runs_job_accepted_idx ON job_runs (job, accepted_at);
CREATE INDEX job_runs_state_idx ON job_runs (state);
CREATE INDEX job_runs_accepted_idx ON job_runs (accepted_at);
