-- Backup catalog: one row per backup artifact a run produced (see docs/backups.md). Rows are never
-- deleted: pruning sets deleted_at (the audit log says who pruned it and under which policy).

CREATE TABLE backup_artifact (
    id                  text PRIMARY KEY,           -- <run id>/<metadata file name without .json>
    service             text        NOT NULL,
    runbook_id          text        NOT NULL,
    runbook_sha256      text        NOT NULL,
    runbook_git_commit  text        NOT NULL,
    run_id              text        NOT NULL,
    step_id             text        NOT NULL,
    created_at          timestamptz NOT NULL,
    origin              text        NOT NULL,       -- JSON object of strings (host, port, database, format…)
    location            text        NOT NULL,
    size_bytes          bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256              text        NOT NULL,
    retention_class     text        NOT NULL,
    locked              boolean     NOT NULL DEFAULT false,
    deleted_at          timestamptz
);
CREATE INDEX backup_artifact_live ON backup_artifact (service, created_at DESC) WHERE deleted_at IS NULL;
