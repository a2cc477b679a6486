-- Runs, their steps and approvals (execution engine). The audit log (V1) is the record of what
-- happened; these tables are the working state that lets another process vote, list and resume.

CREATE TABLE run (
    id                  text PRIMARY KEY,
    runbook_id          text        NOT NULL,
    runbook_sha256      text        NOT NULL,
    runbook_git_commit  text        NOT NULL,
    runbook_path        text        NOT NULL,
    service             text        NOT NULL,
    procedure           text,
    step                text,
    requester_platform  text        NOT NULL,
    requester_id        text        NOT NULL,
    requester_name      text        NOT NULL,
    state               text        NOT NULL,
    message             text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL,
    finished_at         timestamptz,
    CHECK ((procedure IS NULL) <> (step IS NULL))
);
CREATE INDEX run_created_at ON run (created_at DESC);
CREATE INDEX run_active ON run (state) WHERE state IN ('pending', 'running', 'awaiting_approval');

-- Redacted view: secret parameter values are stored as *** and must be supplied again on resume.
CREATE TABLE run_parameter (
    run_id   text NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    position int  NOT NULL,
    name     text NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (run_id, name)
);

CREATE TABLE step_execution (
    run_id      text        NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    position    int         NOT NULL,
    step_id     text        NOT NULL,
    state       text        NOT NULL,
    attempts    int         NOT NULL DEFAULT 0,
    exit_code   int,
    started_at  timestamptz,
    finished_at timestamptz,
    message     text        NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, step_id)
);

-- The policy snapshot a vote is judged by, so that voters need no runbook.
CREATE TABLE approval_request (
    run_id         text        NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    step_id        text        NOT NULL,
    requester      text        NOT NULL,
    required       int         NOT NULL CHECK (required > 0),
    approvers      text[]      NOT NULL,
    allow_self     boolean     NOT NULL,
    requested_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    status         text        NOT NULL,
    escalations    int         NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, step_id)
);
CREATE INDEX approval_request_open ON approval_request (run_id) WHERE status = 'open';

CREATE TABLE approval_vote (
    run_id         text        NOT NULL,
    step_id        text        NOT NULL,
    position       int         NOT NULL,
    voter_platform text        NOT NULL,
    voter_id       text        NOT NULL,
    voter_name     text        NOT NULL,
    decision       text        NOT NULL,
    reason         text        NOT NULL,
    voted_at       timestamptz NOT NULL,
    PRIMARY KEY (run_id, step_id, position),
    UNIQUE (run_id, step_id, voter_id),
    FOREIGN KEY (run_id, step_id) REFERENCES approval_request (run_id, step_id) ON DELETE CASCADE
);

-- Who holds a service's lock, for the "service busy" message. The lock itself is a PostgreSQL session
-- advisory lock held by the owning process; a row whose lock is free is stale and is overwritten.
CREATE TABLE service_lock (
    service    text PRIMARY KEY,
    run_id     text        NOT NULL,
    user_id    text        NOT NULL,
    started_at timestamptz NOT NULL
);
