-- The fleet's definitions: each host whose provisioning committed, and the host at rest when last heard of.
-- definition is the catalog entry (profile, labels, guest shape, reboot policy) and snapshot the host's
-- clock, guests' reports, damage counts and guests at rest, both as JSON (UTF-8) written by JdbcFleetStore.
CREATE TABLE perfsim_host (
  host_id VARCHAR(128) PRIMARY KEY,
  definition BYTEA NOT NULL,
  snapshot BYTEA NOT NULL
);
