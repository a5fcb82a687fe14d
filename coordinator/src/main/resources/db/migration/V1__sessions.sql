-- One schema for H2 (PostgreSQL mode) and PostgreSQL: portable types only.
-- Session ids are s-<sequence>; the sequence outlives restarts so an id is never reused.
CREATE SEQUENCE perfsim_session_sequence START WITH 1;

-- Each session's latest state; api_view is the session exactly as the API returned it in full
-- (perfsim.v1.Session bytes), so a session read back is byte for byte the one written.
CREATE TABLE perfsim_session (
  sequence BIGINT PRIMARY KEY,
  session_id VARCHAR(128) NOT NULL UNIQUE,
  state VARCHAR(16) NOT NULL,
  api_view BYTEA NOT NULL
);
