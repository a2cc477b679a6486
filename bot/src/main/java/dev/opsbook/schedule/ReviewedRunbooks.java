package dev.opsbook.schedule;

import dev.opsbook.reload.RunbookDirectory;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runbooks of a directory that may be scheduled: parsed and without lint errors (the rest are logged). */
public final class ReviewedRunbooks {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewedRunbooks.class);

    private ReviewedRunbooks() {}

    public static List<Runbook> in(Path directory) {
        if (!Files.isDirectory(directory)) {
            LOG.warn("no runbook directory at {}: nothing to schedule (set OPSBOOK_RUNBOOKS)", directory.toAbsolutePath());
            return List.of();
        }
        return RunbookDirectory.read(directory).stream().filter(p -> {
            boolean errors = p.hasErrors();
            if (errors && p.runbook().map(r -> !r.schedules().isEmpty()).orElse(true)) {
                LOG.warn("{} has lint errors: its schedules are not scheduled until it is fixed (opsbook lint)", p.path());
            }
            return !errors;
        }).map(ParsedRunbook::runbook).flatMap(Optional::stream).toList();
    }
}
