package dev.opsbook.runbook;

import dev.opsbook.runbook.internal.RunbookReader;

/**
 * Parses and checks runbooks under a {@link LintPolicy}. Like {@link RunbookParser#parse}, it never
 * throws; findings come back sorted by line and column. Thread-safe.
 */
public final class RunbookLinter {
    private final LintPolicy policy;

    public RunbookLinter(LintPolicy policy) {
        this.policy = policy;
    }

    public LintPolicy policy() {
        return policy;
    }

    public ParsedRunbook lint(String path, byte[] content) {
        return RunbookReader.read(path, content, policy).parsed();
    }
}
