-- Servers sharing one PostgreSQL: where each can be reached by the others (to hand them the
-- requests for the drills they run), and the secret with which it vouches for what it hands on.
-- A server is alive while its lease connection is (application_name 'kunren-node ID').
CREATE TABLE kunren_nodes (
    id          VARCHAR(32) PRIMARY KEY,
    url         VARCHAR(2000) NOT NULL,
    secret      VARCHAR(64) NOT NULL,
    started_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Whether observers see what was injected while the drill runs: every server answers for it alike.
ALTER TABLE web_drills ADD COLUMN observers_see_faults BOOLEAN DEFAULT FALSE NOT NULL;

-- Which node last took each drill's lease: another server takes a drill over only once that node
-- is gone (none of its connections left), not when its lock merely dropped with a database restart.
CREATE TABLE drill_leases (
    drill_id  VARCHAR(120) PRIMARY KEY,
    node_id   VARCHAR(32) NOT NULL
);
