-- What an approval approves (issue 18): the run's parameter values (secret ones as digests) and the
-- runbook's SHA-256 when the request was opened. Requests opened before this migration bind nothing.
ALTER TABLE approval_request
    ADD COLUMN parameter_names  text[] NOT NULL DEFAULT '{}',
    ADD COLUMN parameter_values text[] NOT NULL DEFAULT '{}',
    ADD COLUMN runbook_sha256   text   NOT NULL DEFAULT '';
