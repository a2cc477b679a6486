-- The App Home lists the latest drills (drill.finished events, newest first) each time someone opens it:
-- a partial index keeps that a short index scan however long the audit log grows.
CREATE INDEX audit_event_drill_finished ON audit_event (sequence) WHERE action = 'drill.finished';
