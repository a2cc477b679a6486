package dev.opsbook.cli;

import dev.opsbook.alert.AlertIndex;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.runbook.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code opsbook lint [PATH...]}: checks runbooks like a compiler, and grades documents that are not
 * runbooks yet (docs-only, Runme) with an information note instead of errors. Exit 0 when there are
 * no errors or warnings, 1 when there are, 2 on a usage error. No Spring context is started.
 * {@code --fix} writes the minimal front matter ({@link Adopt}).
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check runbooks: front matter, step attributes, references, approvals, variables.",
                "Directories are searched for *.md and *.markdown files; documents without opsbook front matter are "
                        + "docs-only pages (an info note, no errors). --strict checks every file as a runbook."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors or warnings (info notes do not count)", "1:errors or warnings", "2:usage error"})
public final class LintCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Runbook files or directories (default: runbooks).")
    List<Path> paths = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = "--no-approval-policy", description = "Do not require approvals on restore and failover steps.")
    boolean noApprovalPolicy;

    @Option(names = "--no-link-check", description = "Do not check that links to repository files exist.")
    boolean noLinkCheck;

    @Option(names = "--check-interpreters", description = "Warn when a step's interpreter is not on PATH.")
    boolean checkInterpreters;

    @Option(names = "--strict", description = "Every file must be an opsbook runbook (front matter with id, title, "
            + "service); directories yield only files starting with '---'; other tools' front-matter keys are unknown keys.")
    boolean strict;

    @Option(names = "--alerts", description = "Also list the alert names runbooks answer (front matter alerts:): the runbook "
            + "each maps to, whether its diagnosis runs at once, and runbooks that list it in vain. With --format json the "
            + "output is {\"findings\": […], \"alerts\": […]}.")
    boolean alerts;

    @Option(names = "--fix", description = "Write the minimal front matter (id, title, service, an owners placeholder) "
            + "into files that lack it, or add the required keys their front matter lacks. Bodies are never changed.")
    boolean fix;

    @Option(names = "--dry-run", description = "With --fix: print the changes as a unified diff and write nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun && !fix) {
            err.println("opsbook lint: --dry-run goes with --fix");
            err.flush();
            return 2;
        }
        List<Path> targets = paths.isEmpty() ? List.of(Path.of("runbooks")) : paths;
        LintPolicy policy = LintPolicy.DEFAULTS.withRequireApprovalsForDestructive(!noApprovalPolicy)
                .withCheckLinks(!noLinkCheck).withCheckInterpreters(checkInterpreters).withStrict(strict);
        RunbookLoader.Scan scan;
        try {
            scan = new RunbookLoader(policy).scan(targets);
            if (fix) {
                Adopt.Outcome outcome = new Adopt(out, err).fix(scan.runbooks(), dryRun);
                if (!dryRun && outcome.written() > 0) {
                    scan = new RunbookLoader(policy).scan(targets);
                }
            }
        } catch (NoSuchFileException e) {
            err.println("opsbook lint: " + e.getFile() + ": no such file or directory");
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("opsbook lint: cannot read " + e.getMessage());
            err.flush();
            return 2;
        }
        List<LintFinding> findings = scan.runbooks().stream().flatMap(p -> p.findings().stream())
                .sorted(Comparator.comparing(LintFinding::path)
                        .thenComparingInt(f -> f.position().line())
                        .thenComparingInt(f -> f.position().column()))
                .toList();
        if (fix && dryRun) {
            out.flush();
            err.println(LintSummary.of(scan));
            err.flush();
            return 0;
        }
        if (format == Format.json && alerts) {
            out.println("{\"findings\": " + FindingsJson.array(findings) + ",\n\"alerts\": "
                    + AlertListing.json(AlertIndex.of(scan.runbooks())).toPrettyString() + "}");
        } else if (format == Format.json) {
            out.println(FindingsJson.array(findings));
        } else {
            findings.forEach(f -> out.println(f.format()));
            if (alerts) {
                out.println(AlertListing.text(AlertIndex.of(scan.runbooks())));
            }
        }
        out.flush();
        err.println(LintSummary.of(scan));
        err.flush();
        return findings.stream().anyMatch(f -> f.severity() != Severity.INFO) ? 1 : 0;
    }
}
