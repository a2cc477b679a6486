package dev.opsbook.cli;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.runbook.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The line {@code opsbook lint} ends with: how many files were read, of which kind (runnable: runbooks and
 * Runme documents; docs-only; unreadable), which were skipped and why, and the errors and warnings.
 * Example: {@code 14 files checked: 5 runnable (3 runbooks, 2 Runme documents), 8 docs-only, 1 unreadable;
 * 1 skipped (1 MDX file); 2 errors, 1 warning in 2 files}.
 */
final class LintSummary {
    private LintSummary() {}

    static String of(RunbookLoader.Scan scan) {
        List<ParsedRunbook> files = scan.runbooks();
        long runbooks = count(files, DocumentKind.RUNBOOK);
        long runme = count(files, DocumentKind.RUNME);
        long docs = count(files, DocumentKind.DOCS_ONLY);
        long unreadable = count(files, DocumentKind.UNREADABLE);
        List<String> kinds = new ArrayList<>();
        kinds.add(plural(runbooks + runme, "runnable", "runnable") + (runme == 0 ? "" : " (" + plural(runbooks, "runbook", "runbooks")
                + ", " + plural(runme, "Runme document", "Runme documents") + ")"));
        kinds.add(docs + " docs-only");
        if (unreadable > 0) {
            kinds.add(unreadable + " unreadable");
        }
        StringBuilder s = new StringBuilder(plural(files.size(), "file", "files")).append(" checked: ")
                .append(String.join(", ", kinds));
        if (!scan.skipped().isEmpty()) {
            Map<String, Integer> reasons = new TreeMap<>();
            scan.skipped().forEach(k -> reasons.merge(k.reason(), 1, Integer::sum));
            List<String> why = new ArrayList<>();
            reasons.forEach((reason, n) -> why.add(n + ": " + reason));
            s.append("; ").append(scan.skipped().size()).append(" skipped (").append(String.join("; ", why)).append(')');
        }
        List<LintFinding> findings = files.stream().flatMap(p -> p.findings().stream()).filter(f -> f.severity() != Severity.INFO).toList();
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.size() - errors;
        if (findings.isEmpty()) {
            return s.append("; no errors or warnings").toString();
        }
        long withFindings = findings.stream().map(LintFinding::path).distinct().count();
        return s.append("; ").append(plural(errors, "error", "errors")).append(", ").append(plural(warnings, "warning", "warnings"))
                .append(" in ").append(plural(withFindings, "file", "files")).toString();
    }

    private static long count(List<ParsedRunbook> files, DocumentKind kind) {
        return files.stream().filter(p -> p.kind() == kind).count();
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
