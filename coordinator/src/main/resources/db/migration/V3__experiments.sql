-- Experiment runs: recorded when a run starts (status running), replaced when it ends. Ids are x-<sequence>;
-- the sequence outlives restarts so an id is never reused. Free texts are UTF-8 bytes (BYTEA), so any text a
-- client sent (a file name, a title) is stored and read back byte for byte on H2 and PostgreSQL alike.
CREATE SEQUENCE perfsim_experiment_sequence START WITH 1;

-- status: running | interrupted (running when its coordinator stopped) | failed (error says why) |
-- completed | deviated | aborted | cancelled | not-steady. The four result texts are null until the run ends
-- with results; they are ExperimentFinished's texts exactly as streamed.
CREATE TABLE perfsim_experiment (
  sequence BIGINT PRIMARY KEY,
  experiment_id VARCHAR(128) NOT NULL UNIQUE,
  status VARCHAR(16) NOT NULL,
  file_name BYTEA NOT NULL,
  title BYTEA NOT NULL,
  start_millis BIGINT NOT NULL,
  end_millis BIGINT,
  error BYTEA NOT NULL,
  resolved_yaml BYTEA,
  journal_json BYTEA,
  run_json BYTEA,
  report_json BYTEA
);
