package dev.opsbook.runbook;

import java.util.List;
import java.util.Optional;

/**
 * What parsing one file yields: the runbook when the file could be read into one (possibly with
 * findings), and every finding, in file order. A runbook is absent only when nothing usable was
 * found (binary content, invalid UTF-8, a too large file; under the strict policy also unparseable front
 * matter or no {@code id}). {@code kind} says whether it is an opsbook runbook, a Runme document or docs only.
 */
public record ParsedRunbook(String path, Optional<Runbook> runbook, List<LintFinding> findings, DocumentKind kind) {
    public ParsedRunbook {
        findings = List.copyOf(findings);
    }

    /** An opsbook runbook when one was read, else an unreadable file. */
    public ParsedRunbook(String path, Optional<Runbook> runbook, List<LintFinding> findings) {
        this(path, runbook, findings, runbook.isPresent() ? DocumentKind.RUNBOOK : DocumentKind.UNREADABLE);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The error findings (what makes a runbook unusable for runs, schedules and controllers), in file order. */
    public List<LintFinding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }
}
