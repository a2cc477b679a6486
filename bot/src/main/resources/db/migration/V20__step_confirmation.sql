-- A step's confirm= text typed in chat: the replica that drives the run waits for this row
-- (whichever replica took the form), then runs the step.
CREATE TABLE step_confirmation (
    run_id       TEXT NOT NULL,
    step_id      TEXT NOT NULL,
    confirmed_by TEXT NOT NULL,
    confirmed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, step_id)
);
