-- One-round-trip appends (bench/execution-README.md). An appender that knows the head it moved last sends this
-- check, the linked events, the head's move and the run's state in one pipeline, committed at once. The check locks
-- the head row (as the lock-then-read appender does) and fails the whole transaction when the head is no longer the
-- one the events were linked to, because another process appended since; the appender then reads the head under the
-- lock and links again. Appends stay serialised and gap-free; V16's deferred check still runs at commit. Waits for
-- the head's lock (or for another process's insert of the same sequence number) end after 30 s, as the locking
-- appender's query timeout does, without a client-side timer a statement.
CREATE FUNCTION audit_lock_expected_head(expected_sequence bigint, expected_hash text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('synchronous_commit', 'on', true);
    PERFORM set_config('lock_timeout', '30s', true);
    PERFORM 1 FROM audit_chain_head WHERE last_sequence = expected_sequence AND last_hash = expected_hash FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the audit chain head moved past sequence %', expected_sequence
            USING ERRCODE = 'OB002', HINT = 'read the head under its lock and link the events again';
    END IF;
END
$$;
