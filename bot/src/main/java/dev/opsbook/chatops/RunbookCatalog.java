package dev.opsbook.chatops;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The runbook directory chat reads, fresh on every call (files change under a running server). */
final class RunbookCatalog {
    private final Path directory;
    private final RunbookLoader loader = new RunbookLoader(LintPolicy.DEFAULTS.withCheckLinks(false));

    RunbookCatalog(Path directory) {
        this.directory = directory;
    }

    /** A runbook as found: usable, or the reason it cannot run. */
    sealed interface Lookup {
        record Found(Runbook runbook) implements Lookup {}

        record Refused(String reason) implements Lookup {}
    }

    Path directory() {
        return directory;
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    /** Runbooks that parsed (findings aside). */
    List<Runbook> all() {
        return parsed().stream().map(ParsedRunbook::runbook).flatMap(Optional::stream).toList();
    }

    /** Runbook {@code id}, refused when it is missing or has lint errors. */
    Lookup find(String id) {
        if (!exists()) {
            return new Lookup.Refused("there is no runbook directory at `" + directory.toAbsolutePath().normalize()
                    + "` on the opsbook server (set OPSBOOK_RUNBOOKS and restart)");
        }
        return parsed().stream().filter(p -> p.runbook().map(r -> r.id().equals(id)).orElse(false)).findFirst()
                .map(RunbookCatalog::usable)
                .orElseGet(() -> new Lookup.Refused("no runbook `" + id + "` (`/runbook list` shows them all)"));
    }

    private static Lookup usable(ParsedRunbook p) {
        List<LintFinding> errors = p.errors();
        if (!errors.isEmpty()) {
            return new Lookup.Refused("runbook " + p.path() + " has errors; fix them before running it (opsbook lint):\n"
                    + String.join("\n", errors.stream().map(LintFinding::format).toList()));
        }
        return new Lookup.Found(p.runbook().orElseThrow());
    }

    private List<ParsedRunbook> parsed() {
        try {
            return dev.opsbook.reload.RunbookDirectory.servable(loader.load(List.of(directory)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbooks in " + directory + ": " + e.getMessage(), e);
        }
    }
}
