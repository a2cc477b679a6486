package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Severity;

/** Every lint rule: its id as printed in {@code [rule-id]} and its severity. */
public enum Rule {
    EMPTY_FILE("empty-file", Severity.ERROR),
    BINARY_FILE("binary-file", Severity.ERROR),
    FILE_TOO_LARGE("file-too-large", Severity.ERROR),
    INVALID_ENCODING("invalid-encoding", Severity.ERROR),
    MISSING_FRONT_MATTER("missing-front-matter", Severity.ERROR),
    UNTERMINATED_FRONT_MATTER("unterminated-front-matter", Severity.ERROR),
    UNTERMINATED_FENCE("unterminated-fence", Severity.ERROR),
    YAML_SYNTAX("yaml-syntax", Severity.ERROR),
    YAML_TYPE("yaml-type", Severity.ERROR),
    DUPLICATE_KEY("duplicate-key", Severity.ERROR),
    UNKNOWN_KEY("unknown-key", Severity.WARNING),
    MISSING_FIELD("missing-field", Severity.ERROR),
    BAD_VALUE("bad-value", Severity.ERROR),
    BAD_DURATION("bad-duration", Severity.ERROR),
    BAD_CRON("bad-cron", Severity.ERROR),
    BAD_PARAMETER("bad-parameter", Severity.ERROR),
    NO_OWNERS("no-owners", Severity.WARNING),
    RPO_VS_BACKUP("rpo-vs-backup", Severity.ERROR),
    DATA_SOURCE_RETENTION("data-source-retention", Severity.WARNING),
    DATA_SOURCE_ENCRYPTION("data-source-encryption", Severity.WARNING),
    BACKUP_LOCATION("backup-location", Severity.ERROR),
    LINK_MISSING("link-missing", Severity.ERROR),
    BAD_ATTRIBUTES("bad-attributes", Severity.ERROR),
    UNKNOWN_ATTRIBUTE("unknown-attribute", Severity.WARNING),
    MISSING_STEP_ID("missing-step-id", Severity.ERROR),
    DUPLICATE_STEP_ID("duplicate-step-id", Severity.ERROR),
    UNKNOWN_STEP("unknown-step", Severity.ERROR),
    REQUIRES_CYCLE("requires-cycle", Severity.ERROR),
    MISSING_APPROVALS("missing-approvals", Severity.ERROR),
    NO_INTERPRETER("no-interpreter", Severity.ERROR),
    INTERPRETER_NOT_FOUND("interpreter-not-found", Severity.WARNING),
    MISSING_IMAGE("missing-image", Severity.ERROR),
    UNUSED_IMAGE("unused-image", Severity.WARNING),
    UNDECLARED_VARIABLE("undeclared-variable", Severity.WARNING),
    NO_DRILL("no-drill", Severity.WARNING),
    DRILL_PROCEDURE("drill-procedure", Severity.ERROR),
    DRILL_SANDBOX("drill-sandbox", Severity.ERROR),
    UNKNOWN_PROCEDURE("unknown-procedure", Severity.ERROR),
    FAILOVER_TIMING("failover-timing", Severity.ERROR),
    ALERT_DIAGNOSIS("alert-diagnosis", Severity.WARNING),
    DUPLICATE_RUNBOOK_ID("duplicate-runbook-id", Severity.ERROR),
    UNREADABLE_FILE("unreadable-file", Severity.ERROR),
    INTERNAL_ERROR("internal-error", Severity.ERROR),
    DOCS_ONLY("docs-only", Severity.INFO),
    RUNME_DOCUMENT("runme-document", Severity.INFO);

    private final String id;
    private final Severity severity;

    Rule(String id, Severity severity) {
        this.id = id;
        this.severity = severity;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }
}
