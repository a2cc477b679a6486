package dev.opsbook.catalog;

import dev.opsbook.runbook.BackupLocation;
import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule that keeps the catalog, and so retention, inside the backup locations runbooks declare
 * ({@code backup_location:} of their data sources, docs/backups.md#where-backups-may-be). A backup file is
 * accepted only when its real path (symlinks and {@code ..} resolved) lies strictly inside the real path of one
 * declared location; the catalog stores both real paths. Before a deletion both are resolved again: the file
 * must still be exactly where it was recorded, and the location must still be the directory it was.
 */
final class BackupConfinement {
    private BackupConfinement() {}

    /** Where a run's backups may be: the resolved locations, and why others could not be resolved. */
    record Locations(List<Path> roots, List<String> problems) {
        Locations {
            roots = List.copyOf(roots);
            problems = List.copyOf(problems);
        }

        static Locations of(Runbook runbook, Map<String, String> parameters, Path home) {
            List<Path> roots = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DataSource ds : runbook.dataSources()) {
                if (ds.backupLocation().isEmpty()) {
                    continue;
                }
                BackupLocation l = ds.backupLocation().get();
                try {
                    roots.add(l.resolve(runbook.parameters(), parameters, home,
                            home.resolve("sandbox").resolve(runbook.id())));
                } catch (IllegalArgumentException e) {
                    problems.add("data source " + ds.name() + ": " + e.getMessage());
                }
            }
            return new Locations(roots, problems);
        }
    }

    /** A file found inside a declared location: both as real paths. */
    record Confined(Path file, Path root) {}

    /**
     * The real path of {@code claimed} and the location holding it.
     *
     * @throws ArtifactMetadata.Invalid naming the file, where it really is and the declared locations
     */
    static Confined confine(Path metadata, Path claimed, Locations locations, Runbook runbook) throws ArtifactMetadata.Invalid {
        if (locations.roots().isEmpty()) {
            throw new ArtifactMetadata.Invalid(metadata + ": runbook " + runbook.id() + " declares no backup location"
                    + (locations.problems().isEmpty() ? "" : " it can use (" + String.join("; ", locations.problems()) + ")")
                    + ": add 'backup_location:' to the data source whose backups this step writes, e.g. backup_location: ${backup_dir}");
        }
        Path real;
        try {
            real = claimed.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ArtifactMetadata.Invalid(metadata + ": the backup file " + claimed + " does not exist");
        } catch (IOException e) {
            throw new ArtifactMetadata.Invalid(metadata + ": cannot resolve " + claimed + ": " + e.getMessage());
        }
        List<String> roots = new ArrayList<>();
        for (Path root : locations.roots()) {
            Optional<Path> realRoot = realPath(root);
            roots.add(root + realRoot.filter(r -> !r.equals(root)).map(r -> " (= " + r + ")").orElse(""));
            if (realRoot.isPresent() && real.startsWith(realRoot.get()) && !real.equals(realRoot.get())) {
                return new Confined(real, realRoot.get());
            }
        }
        throw new ArtifactMetadata.Invalid(metadata + ": " + claimed + (real.equals(claimed) ? "" : " resolves to " + real + ", which")
                + " is outside the backup locations of runbook " + runbook.id() + " (" + String.join(", ", roots)
                + "): write backups only there, or declare their directory as a data source's backup_location");
    }

    /**
     * Checks, right before a deletion, that {@code a}'s file is still where it was recorded inside its location.
     * Empty when the file may be deleted; {@link #GONE} when it no longer exists; otherwise why it must not be.
     */
    static Optional<String> beforeDeletion(BackupArtifact a) {
        if (a.root().isEmpty()) {
            return Optional.of("it was recorded before backup locations were declared, so opsbook does not know that "
                    + a.location() + " is a backup location; delete the file by hand or lock the backup");
        }
        Path root = a.root().get();
        Path real;
        try {
            real = a.location().toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.of(GONE);
        } catch (IOException e) {
            return Optional.of("cannot resolve " + a.location() + ": " + e.getMessage());
        }
        Optional<Path> realRoot = realPath(root);
        if (realRoot.isEmpty() || !realRoot.get().equals(root)) {
            return Optional.of("its backup location " + root + (realRoot.isEmpty() ? " no longer exists"
                    : " now resolves to " + realRoot.get()) + "; it is not deleted");
        }
        if (!real.equals(a.location())) {
            return Optional.of(a.location() + " now resolves to " + real + "; it is not deleted");
        }
        if (!real.startsWith(root) || real.equals(root)) {
            return Optional.of(real + " is outside its backup location " + root + "; it is not deleted");
        }
        return Optional.empty();
    }

    /** What {@link #beforeDeletion} says of a file that is already gone (nothing to delete). */
    static final String GONE = "gone";

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
