package dev.opsbook.engine;

import dev.opsbook.approval.Directory;
import dev.opsbook.approval.Notifier;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the engine is opened with: the database, {@code home} (run directories in {@code home/runs}),
 * who belongs to which group, where secret values come from, the runners of runbooks that list none,
 * the opsbook process environment (steps inherit a few of its variables) and who hears escalations.
 */
public record EngineSettings(DatabaseSettings database, Path home, Directory directory, SecretProvider secrets,
                             List<String> runners, Map<String, String> processEnvironment, Notifier notifier) {
    public EngineSettings {
        runners = List.copyOf(runners);
        processEnvironment = Map.copyOf(processEnvironment);
    }
}
