package dev.opsbook.cli;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
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
 * {@code opsbook lint [PATH...]}: checks runbooks like a compiler. Exit 0 when clean, 1 when there
 * are findings, 2 on a usage error (unknown option, missing path). No Spring context is started.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check runbooks: front matter, step attributes, references, approvals, variables.",
                "Directories are searched for *.md files whose first line is '---'; named files are always checked."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no findings", "1:findings (errors or warnings)", "2:usage error"})
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> targets = paths.isEmpty() ? List.of(Path.of("runbooks")) : paths;
        LintPolicy policy = LintPolicy.DEFAULTS.withRequireApprovalsForDestructive(!noApprovalPolicy)
                .withCheckLinks(!noLinkCheck).withCheckInterpreters(checkInterpreters);
        List<ParsedRunbook> parsed;
        try {
            parsed = new RunbookLoader(policy).load(targets);
        } catch (NoSuchFileException e) {
            err.println("opsbook lint: " + e.getFile() + ": no such file or directory");
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("opsbook lint: cannot read " + e.getMessage());
            err.flush();
            return 2;
        }
        List<LintFinding> findings = parsed.stream().flatMap(p -> p.findings().stream())
                .sorted(Comparator.comparing(LintFinding::path)
                        .thenComparingInt(f -> f.position().line())
                        .thenComparingInt(f -> f.position().column()))
                .toList();
        if (format == Format.json) {
            out.println(FindingsJson.array(findings));
        } else {
            findings.forEach(f -> out.println(f.format()));
        }
        out.flush();
        err.println(summary(parsed.size(), findings));
        err.flush();
        return findings.isEmpty() ? 0 : 1;
    }

    private static String summary(int files, List<LintFinding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.size() - errors;
        long withFindings = findings.stream().map(LintFinding::path).distinct().count();
        String checked = files + (files == 1 ? " runbook" : " runbooks");
        if (findings.isEmpty()) {
            return checked + " checked, no findings";
        }
        return checked + " checked: " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning" : " warnings") + " in " + withFindings + (withFindings == 1 ? " file" : " files");
    }
}
