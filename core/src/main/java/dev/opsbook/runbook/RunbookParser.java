package dev.opsbook.runbook;

import dev.opsbook.runbook.internal.RunbookReader;

/**
 * Reads one runbook file into the model. The front matter is YAML between {@code ---} lines;
 * steps are fenced code blocks with attributes; headings group steps into procedures (see
 * docs/runbook-format.md).
 *
 * <p>Contract: {@link #parse} never throws, whatever the bytes. Every problem, from invalid UTF-8
 * to a cycle in {@code requires}, is a {@link LintFinding} with the line and column it concerns;
 * the result carries every rule of {@link RunbookLinter} under {@link LintPolicy#DEFAULTS}.
 * Callers that execute or publish a runbook should refuse one with {@link ParsedRunbook#hasErrors()}.
 */
public final class RunbookParser {
    private RunbookParser() {}

    /**
     * @param path the file as the user named it (used in findings and to resolve {@code links})
     * @param content the file's bytes, expected to be UTF-8
     */
    public static ParsedRunbook parse(String path, byte[] content) {
        return RunbookReader.read(path, content, LintPolicy.DEFAULTS).parsed();
    }
}
