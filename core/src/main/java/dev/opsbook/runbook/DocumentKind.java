package dev.opsbook.runbook;

/**
 * What a Markdown file is to opsbook, which decides how strictly it is linted and where it may run.
 * See docs/runbook-format.md, "Docs-only runbooks and the adoption path".
 */
public enum DocumentKind {
    /** Front matter with opsbook policy ({@code service}, {@code owners}, ...): every rule applies. */
    RUNBOOK,
    /** No opsbook policy, but cells with attributes (Runme or opsbook form): runnable from the command line. */
    RUNME,
    /** No opsbook policy and no cells with attributes: a page of documentation (its shell cells still run locally). */
    DOCS_ONLY,
    /** Nothing could be read (binary, not UTF-8, too large, unreadable). */
    UNREADABLE;

    /** A document opsbook can run from chat, schedules and the dashboard, not only from the command line. */
    public boolean hasPolicy() {
        return this == RUNBOOK;
    }
}
