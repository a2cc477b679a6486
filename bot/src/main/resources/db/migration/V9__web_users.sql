-- Web sign-in users stored by opsbook itself (the admin generated on first start, `opsbook users add`).
-- Only BCrypt hashes ({bcrypt}…) are stored; users configured in opsbook.web.users.* are not copied here.

CREATE TABLE web_user (
    name           text PRIMARY KEY,
    password_hash  text        NOT NULL,
    groups         text[]      NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL,
    created_by     text        NOT NULL
);

-- Roll-backs of finished runs (started from the dashboard): a run targets a procedure, a step, or the roll-back
-- of an earlier run (its steps are in step_execution, in the order they run).
ALTER TABLE run ADD COLUMN rollback_of text;
ALTER TABLE run DROP CONSTRAINT IF EXISTS run_check;
ALTER TABLE run ADD CONSTRAINT run_target_check CHECK (num_nonnulls(procedure, step, rollback_of) = 1);
