-- What a restart of the web app must not lose: the drills it holds (how to load their scenario
-- again, their secrets and codes), their teams with join codes and members, and who is signed in
-- (each session by the SHA-256 of its cookie, never the cookie itself).
CREATE TABLE web_drills (
    id               VARCHAR(120) PRIMARY KEY REFERENCES drills (id),
    scenario_file    VARCHAR(200) NOT NULL,
    scenario_yaml    VARCHAR(1100000),
    speed            DOUBLE PRECISION NOT NULL,
    seed             BIGINT NOT NULL,
    token            VARCHAR(100) NOT NULL,
    observer_code    VARCHAR(16) NOT NULL,
    observers        VARCHAR(10000) DEFAULT '' NOT NULL
);

CREATE TABLE web_teams (
    drill_id   VARCHAR(120) NOT NULL REFERENCES drills (id),
    team       VARCHAR(64) NOT NULL,
    position   INTEGER NOT NULL,
    join_code  VARCHAR(16) NOT NULL,
    members    VARCHAR(10000) DEFAULT '' NOT NULL,
    PRIMARY KEY (drill_id, team)
);

CREATE TABLE web_sessions (
    token_hash  VARCHAR(64) PRIMARY KEY,
    role        VARCHAR(16) NOT NULL,
    drill_id    VARCHAR(120) NOT NULL,
    team        VARCHAR(64) NOT NULL,
    name        VARCHAR(100) NOT NULL,
    csrf_token  VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
