-- One row per drill, and its timeline: immutable, ordered events.
-- Written to run unchanged on H2 and PostgreSQL.
CREATE TABLE drills (
    id          VARCHAR(120) PRIMARY KEY,
    scenario    VARCHAR(120) NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE timeline_events (
    drill_id     VARCHAR(120) NOT NULL REFERENCES drills (id),
    seq          BIGINT NOT NULL,
    at_nanos     BIGINT NOT NULL,
    recorded_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    type         VARCHAR(60) NOT NULL,
    payload      VARCHAR(100000) NOT NULL,
    PRIMARY KEY (drill_id, seq)
);

CREATE INDEX timeline_events_by_type ON timeline_events (drill_id, type);
