package dev.opsbook.cli;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.FrontMatterFix;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes {@link FrontMatterFix}es: each file is replaced atomically (a temporary file next to it, then a
 * move), or with {@code dryRun} its unified diff is printed instead. Files that need no keys are left
 * alone; files whose front matter is broken are named with the reason and left alone.
 */
final class Adopt {
    record Outcome(int written, int unchanged, int refused) {}

    private final PrintWriter out;
    private final PrintWriter err;

    Adopt(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    Outcome fix(List<ParsedRunbook> files, boolean dryRun) throws IOException {
        int written = 0;
        int unchanged = 0;
        int refused = 0;
        for (ParsedRunbook p : files) {
            Path file = Path.of(p.path());
            byte[] bytes = Files.readAllBytes(file);
            FrontMatterFix f = FrontMatterFix.of(p, bytes);
            if (f.refusal().isPresent()) {
                err.println("opsbook lint --fix: left " + p.path() + " alone: " + f.refusal().get());
                refused++;
                continue;
            }
            if (!f.changes()) {
                unchanged++;
                continue;
            }
            long cells = p.kind() == DocumentKind.RUNBOOK ? 0 : p.runbook().map(rb -> rb.steps().stream()
                    .filter(s -> s.attributes().isEmpty()).count()).orElse(0L);
            if (dryRun) {
                out.print(f.unifiedDiff(bytes));
            } else {
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".opsbook-fix-", ".md");
                Files.write(tmp, f.apply(bytes));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.println("opsbook lint --fix: wrote front matter into " + p.path());
                written++;
            }
            if (cells > 0) {
                err.println("opsbook lint --fix: note: " + p.path() + " has " + cells + " shell block(s) without attributes ("
                        + String.join(", ", p.runbook().orElseThrow().steps().stream().filter(s -> s.attributes().isEmpty())
                        .map(Step::id).toList()) + "); as a runbook they are documentation: give each {name=...} "
                        + "(or keep Runme's 'runme:' front matter) to keep it a step");
            }
        }
        out.flush();
        err.flush();
        return new Outcome(written, unchanged, refused);
    }
}
