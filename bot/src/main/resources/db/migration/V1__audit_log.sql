-- The audit log: append-only, hash-chained (see docs/audit-log.md for the hash definition).
CREATE TABLE audit_event (
    sequence           bigint      PRIMARY KEY CHECK (sequence > 0),
    time               timestamptz NOT NULL,
    actor_platform     text        NOT NULL CHECK (actor_platform <> ''),
    actor_user_id      text        NOT NULL CHECK (actor_user_id <> ''),
    actor_display_name text        NOT NULL,
    action             text        NOT NULL CHECK (action <> ''),
    run_id             text,
    step_id            text,
    runbook_id         text,
    runbook_sha256     text,
    runbook_git_commit text,
    parameters         jsonb       NOT NULL,
    result             text        NOT NULL,
    duration_ms        bigint,
    thread_ref         text,
    details            jsonb       NOT NULL,
    previous_hash      text        NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
    hash               text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    CHECK ((runbook_id IS NULL) = (runbook_sha256 IS NULL) AND (runbook_id IS NULL) = (runbook_git_commit IS NULL))
);

CREATE INDEX audit_event_run ON audit_event (run_id, sequence) WHERE run_id IS NOT NULL;

COMMENT ON TABLE audit_event IS
    'opsbook audit log: append-only (UPDATE, DELETE and TRUNCATE are refused), verified by opsbook audit verify';

-- The newest event of the chain. Appenders lock this row (SELECT ... FOR UPDATE) so that appends
-- from several opsbook processes are serialised and sequence numbers stay gap-free.
CREATE TABLE audit_chain_head (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_sequence bigint  NOT NULL,
    last_hash     text    NOT NULL
);

INSERT INTO audit_chain_head (last_sequence, last_hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'audit events are evidence; record a new event instead of changing an old one';
END
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE FUNCTION audit_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_sequence <= OLD.last_sequence THEN
        RAISE EXCEPTION 'the audit chain head can only move forward (from % to %)', OLD.last_sequence, NEW.last_sequence
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_chain_head_forward_only
    BEFORE UPDATE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_moves_forward();

CREATE TRIGGER audit_chain_head_no_delete
    BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_chain_head_no_truncate
    BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
