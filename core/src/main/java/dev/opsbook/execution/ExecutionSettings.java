package dev.opsbook.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How runs execute. {@code baseEnvironment} is what every step inherits from the opsbook process
 * (see {@link #INHERITED}); {@code runsDir} holds one directory per run (work dir, scripts, logs,
 * artifacts); {@code defaultTimeout} applies to steps without {@code timeout=}.
 */
public record ExecutionSettings(
        Path runsDir,
        Map<String, String> baseEnvironment,
        Duration defaultTimeout,
        Duration approvalPoll,
        Duration retryBase,
        Duration retryMax,
        List<Pattern> redactPatterns,
        List<String> configuredRunners) {

    /**
     * The parent variables a step inherits; everything else (tokens, cloud credentials, PGPASSWORD…)
     * stays out unless declared as a secret. PG* connection settings other than passwords pass so that
     * {@code psql}/{@code pg_dump} find the server configured for the operator.
     */
    public static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
            "LC_CTYPE", "TZ", "TMPDIR", "HOSTNAME", "TERM", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSSLMODE");

    public ExecutionSettings {
        baseEnvironment = Map.copyOf(baseEnvironment);
        redactPatterns = List.copyOf(redactPatterns);
        configuredRunners = List.copyOf(configuredRunners);
    }

    public static ExecutionSettings defaults(Path runsDir, Map<String, String> parentEnvironment) {
        return new ExecutionSettings(runsDir, inherit(parentEnvironment), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofMinutes(1), Redactor.DEFAULT_PATTERNS, List.of());
    }

    public static Map<String, String> inherit(Map<String, String> parent) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String v = parent.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        out.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        return out;
    }

    /**
     * The runbook's own directory across runs ({@code OPSBOOK_SANDBOX}), for the servers and files a
     * runbook creates for itself: {@code sandbox/<runbook id>} next to {@code runsDir}
     * ({@code OPSBOOK_HOME/sandbox/<id>}). Steps create it when they need it.
     */
    public Path sandbox(String runbookId) {
        Path home = runsDir.toAbsolutePath().getParent();
        return (home == null ? runsDir.toAbsolutePath() : home).resolve("sandbox").resolve(runbookId);
    }

    public ExecutionSettings withRunners(List<String> runners) {
        return new ExecutionSettings(runsDir, baseEnvironment, defaultTimeout, approvalPoll, retryBase, retryMax,
                redactPatterns, runners);
    }
}
