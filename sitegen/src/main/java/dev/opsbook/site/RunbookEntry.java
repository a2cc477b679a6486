package dev.opsbook.site;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.PathNames;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Severity;
import dev.opsbook.site.history.RunbookHistory;
import java.util.List;
import java.util.Optional;

/**
 * One runbook as the site sees it: the parse result, its page name, readiness findings, history
 * (empty when the build had none) and last git change.
 */
record RunbookEntry(
        ParsedRunbook parsed,
        String page,
        List<PolicyFinding> policy,
        Optional<RunbookHistory> history,
        Optional<FileRevision> revision) {

    Optional<Runbook> runbook() {
        return parsed.runbook();
    }

    List<LintFinding> lint() {
        return parsed.findings();
    }

    String id() {
        return runbook().map(Runbook::id).filter(s -> !s.isBlank()).orElse(page);
    }

    /** {@code title:}, the first H1 or the file name: never a path. */
    String title() {
        return runbook().map(Runbook::title).filter(s -> !s.isBlank()).orElseGet(() -> PathNames.titleFromPath(parsed.path()));
    }

    /** The runbook's service; for a file without one, its folder (or {@code unassigned}). */
    String service() {
        return runbook().map(Runbook::service).filter(s -> !s.isBlank()).orElseGet(() -> PathNames.serviceFromPath(parsed.path()));
    }

    /** A page of documentation (docs-only or Runme), not an opsbook runbook: not graded for readiness. */
    boolean isDocument() {
        return parsed.kind() == DocumentKind.DOCS_ONLY || parsed.kind() == DocumentKind.RUNME;
    }

    String tier() {
        return runbook().map(Runbook::tier).filter(s -> !s.isBlank()).orElse("");
    }

    long errors() {
        return lint().stream().filter(f -> f.severity() == Severity.ERROR).count()
                + policy.stream().filter(f -> f.is(Severity.ERROR)).count();
    }

    long warnings() {
        return lint().stream().filter(f -> f.severity() == Severity.WARNING).count()
                + policy.stream().filter(f -> f.is(Severity.WARNING)).count();
    }

    /** First times still to come (never backed up, never drilled, history unknown): the next actions. */
    long toDo() {
        return policy.stream().filter(PolicyFinding::toDo).count();
    }

    /**
     * {@code not-ready} (errors, or nothing parseable), {@code attention} (warnings), {@code next} (no
     * fault, but a first backup or drill still to come) or {@code ready}. The first backup or drill
     * never makes it worse: it clears a {@code next} finding. A document without errors is {@code docs}
     * (docs-only) or {@code runme}.
     */
    String status() {
        if (runbook().isEmpty() || errors() > 0) {
            return "not-ready";
        }
        if (isDocument()) {
            return parsed.kind() == DocumentKind.RUNME ? "runme" : "docs";
        }
        return warnings() > 0 ? "attention" : toDo() > 0 ? "next" : "ready";
    }

    String statusLabel() {
        return switch (status()) {
            case "ready" -> "Ready";
            case "attention" -> "Needs attention";
            case "next" -> "Not proven yet";
            case "docs" -> "Docs only";
            case "runme" -> "Runme document";
            default -> "Not ready";
        };
    }

    String href(String root) {
        return root + "runbooks/" + page + ".html";
    }
}
