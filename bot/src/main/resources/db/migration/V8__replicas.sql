-- Working state shared by several `opsbook serve` replicas on one database (see docs/replicas.md).

-- Chat deliveries already taken (Slack event/trigger ids, Discord interaction ids, run starts):
-- the replica whose INSERT wins handles the delivery; rows past expires_at are taken again, then pruned.
CREATE TABLE chat_delivery (
    key        text PRIMARY KEY,
    seen_at    timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX chat_delivery_expires_at ON chat_delivery (expires_at);

-- Which chat message asks for which step's approval, so a reaction on it counts on any replica.
CREATE TABLE approval_message (
    platform   text        NOT NULL,
    channel    text        NOT NULL,
    message_id text        NOT NULL,
    run_id     text        NOT NULL,
    step_id    text        NOT NULL,
    posted_at  timestamptz NOT NULL,
    PRIMARY KEY (platform, channel, message_id)
);
CREATE INDEX approval_message_posted_at ON approval_message (posted_at);

-- A cancel asked on one replica for a run another replica drives; the driving replica takes the row
-- (DELETE … RETURNING) and interrupts the run's thread.
CREATE TABLE run_cancel_request (
    run_id       text        PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL
);
