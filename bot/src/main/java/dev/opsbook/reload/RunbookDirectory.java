package dev.opsbook.reload;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's one way to read its runbook directory: every file with its findings, under the default lint policy
 * without the link check (a server's checkout need not hold what runbooks link to). A directory that is missing
 * (or vanishes while it is read) reads as none; one that cannot be read throws, so no caller mistakes an I/O error
 * for "no runbooks". Documents without opsbook policy (docs-only pages, Runme documents) are not served: they
 * run only from the command line ({@code opsbook run FILE --step NAME}), where the runner is at the keyboard.
 */
public final class RunbookDirectory {
    private static final RunbookLoader LOADER = new RunbookLoader(LintPolicy.DEFAULTS.withCheckLinks(false));

    private RunbookDirectory() {}

    /** The files a server serves: runbooks with opsbook policy, and unreadable files (reported as broken). */
    public static List<ParsedRunbook> servable(List<ParsedRunbook> loaded) {
        return loaded.stream().filter(p -> p.kind().hasPolicy() || p.kind() == DocumentKind.UNREADABLE).toList();
    }

    /** @throws UncheckedIOException when the directory exists but cannot be read */
    public static List<ParsedRunbook> read(Path directory) {
        return servable(readAll(directory));
    }

    /** Every Markdown file, documents without policy included (for the live site, which shows them as pages). */
    public static List<ParsedRunbook> readAll(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try {
            return LOADER.load(List.of(directory));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbooks in " + directory + ": " + e.getMessage(), e);
        }
    }
}
