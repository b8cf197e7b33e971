-- Each saved version of a team's postmortem of a drill: the latest counts, the older ones stay.
CREATE TABLE postmortems (
    drill_id   VARCHAR(120) NOT NULL REFERENCES drills (id),
    team       VARCHAR(64)  NOT NULL,
    version    INTEGER      NOT NULL,
    saved_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    saved_by   VARCHAR(100) NOT NULL,
    document   VARCHAR(500000) NOT NULL,
    PRIMARY KEY (drill_id, team, version)
);
