-- Tamper evidence beyond the database role (issue 18). Every append signs the new chain head with the
-- audit key (Ed25519, held outside the database): a head moved by anything but opsbook fails
-- `opsbook audit verify`. NULL for heads written without a key.
ALTER TABLE audit_chain_head
    ADD COLUMN signature text,
    ADD COLUMN key_id    text;

-- The head must name the newest stored event with its stored hash, checked when the transaction
-- commits (appends insert the events and move the head in one statement). A head pointing anywhere
-- else, events stored past the head, and an unsigned head after a signed one are refused.
CREATE FUNCTION audit_head_names_newest_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_sequence > 0 AND NOT EXISTS (
            SELECT 1 FROM audit_event WHERE sequence = NEW.last_sequence AND hash = NEW.last_hash) THEN
        RAISE EXCEPTION 'the audit chain head (sequence %) does not name a stored event with that hash', NEW.last_sequence
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.signature IS NOT NULL AND NEW.signature IS NULL THEN
        RAISE EXCEPTION 'the audit chain head is signed: an opsbook process without the audit key cannot append (set OPSBOOK_SECRET_AUDIT_SIGNING_KEY or the secrets file audit-signing-key)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM audit_event WHERE sequence > NEW.last_sequence) THEN
        RAISE EXCEPTION 'the audit chain head (sequence %) is not the newest event', NEW.last_sequence
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_chain_head_names_newest_event
    AFTER UPDATE ON audit_chain_head
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_head_names_newest_event();
