-- Redacted output lines of runs, shared by all replicas: the process that drives a run appends them in batches (at
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
