-- Incidents opened by alert notifications (docs/alerts.md), shared by every replica and kept across restarts:
-- one per alert group (group_key) until it is resolved; a notification is folded into its incident under the
-- transaction-level advisory lock (0x6f700015, hashtext('incidents')), and at most one incident of a group is open.
CREATE TABLE incident (
    id              TEXT PRIMARY KEY,
    group_key       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
    runbook_id      TEXT,
    match_rule      TEXT,
    channels        TEXT NOT NULL,           -- platform:channel, one a line
    opened_at       TIMESTAMPTZ NOT NULL,    -- when opsbook opened it
    started_at      TIMESTAMPTZ NOT NULL,    -- the first alert's startsAt
    resolved_at     TIMESTAMPTZ,             -- the last alert's endsAt
    resolution_seen TIMESTAMPTZ,             -- when opsbook learned of the resolution
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMPTZ,
    diagnosis_run   TEXT,
    diagnosis_note  TEXT,
    notifications   INTEGER NOT NULL,
    retired         BOOLEAN NOT NULL DEFAULT FALSE  -- resolved long ago: takes no notifications any more
);
CREATE UNIQUE INDEX incident_open_group ON incident (group_key) WHERE resolved_at IS NULL;
CREATE INDEX incident_group ON incident (group_key, opened_at DESC);
CREATE INDEX incident_opened ON incident (opened_at DESC);

-- The alerts of each incident by fingerprint, latest state (the alert as JSON: labels, annotations, times).
CREATE TABLE incident_alert (
    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    position    INTEGER NOT NULL,
    alert       JSONB NOT NULL,
    PRIMARY KEY (incident_id, fingerprint)
);
CREATE INDEX incident_alert_fingerprint ON incident_alert (fingerprint);

-- The card of each incident per channel: posted once (the row is locked while a replica posts or updates it),
-- then only updated.
CREATE TABLE incident_card (
    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    message_channel TEXT,
    message_id  TEXT,
    posted_at   TIMESTAMPTZ,
    PRIMARY KEY (incident_id, platform, channel)
);
CREATE INDEX incident_card_message ON incident_card (platform, message_channel, message_id);

-- Runs that belong to an incident: its diagnosis, runs started from its card or typed in its thread.
CREATE TABLE incident_run (
    run_id      TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    linked_by   TEXT NOT NULL,
    linked_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_run_incident ON incident_run (incident_id);
