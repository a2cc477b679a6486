package dev.opsbook.runbook;

import java.util.List;
import java.util.Optional;

/**
 * What parsing one file yields: the runbook when the file could be read into one (possibly with
 * findings), and every finding, in file order. A runbook is absent only when nothing usable was
 * found (binary content, invalid UTF-8, unparseable front matter).
 */
public record ParsedRunbook(String path, Optional<Runbook> runbook, List<LintFinding> findings) {
    public ParsedRunbook {
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The error findings (what makes a runbook unusable for runs, schedules and controllers), in file order. */
    public List<LintFinding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }
}
