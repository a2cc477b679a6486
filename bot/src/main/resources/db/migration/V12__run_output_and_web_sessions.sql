-- 1. Redacted output lines of runs, shared by all replicas: the process that drives a run appends them in batches (at
-- most every 200 ms), so a run page served by any replica can follow the run live. Bounded per step (the driving
-- process writes a "… N lines truncated" marker instead of the rest; the full log stays in its runs directory).

CREATE TABLE run_output (
    run_id   text        NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    seq      bigint      NOT NULL,
    step_id  text        NOT NULL,
    line     text        NOT NULL,
    at       timestamptz NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- 2. Web sign-in sessions shared by all replicas (Spring Session JDBC's PostgreSQL schema, spring-session-jdbc 4.0.4;
-- created here rather than by Spring's initializer so that Flyway owns the whole schema).
CREATE TABLE spring_session (
    primary_id            char(36)     NOT NULL,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval int          NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id)
        ON DELETE CASCADE
);
