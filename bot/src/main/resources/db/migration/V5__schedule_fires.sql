-- One row per scheduled fire time that started work: the primary key makes a second start of the same
-- fire impossible, whichever opsbook process (or Quartz recovery) tries it. See docs/schedules.md.
CREATE TABLE schedule_fire (
    schedule_key  text        NOT NULL CHECK (schedule_key <> ''),
    scheduled_for timestamptz NOT NULL,
    fired_at      timestamptz NOT NULL,
    instance      text        NOT NULL,
    PRIMARY KEY (schedule_key, scheduled_for)
);

-- /runbook schedules reads the last fire and recent misfires of each schedule from the audit log.
CREATE INDEX audit_event_schedule ON audit_event ((details ->> 'schedule'), sequence)
    WHERE action IN ('schedule.fired', 'schedule.misfired');
