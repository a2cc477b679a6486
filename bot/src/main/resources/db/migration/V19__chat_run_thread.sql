-- The message each run's chat thread hangs off (its status message), so votes, refusals and late votes
-- are answered in the run's thread after the run finished or when another replica drives it.
CREATE TABLE chat_run_thread (
    run_id     TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    channel    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    posted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX chat_run_thread_posted_at ON chat_run_thread (posted_at);
