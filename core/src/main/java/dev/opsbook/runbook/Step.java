package dev.opsbook.runbook;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An executable fenced code block. {@code attributes} keeps every attribute as written (including
 * unknown Runme keys); the typed fields are the ones opsbook understands.
 */
public record Step(
        String id,
        StepKind kind,
        String language,
        String interpreter,
        String code,
        Optional<Duration> timeout,
        int retries,
        int approvals,
        boolean idempotent,
        Optional<String> confirm,
        Optional<String> rollback,
        List<String> requires,
        Optional<String> cwd,
        List<String> secrets,
        String section,
        Map<String, String> attributes,
        SourcePosition position) {

    public Step {
        requires = List.copyOf(requires);
        secrets = List.copyOf(secrets);
        attributes = Map.copyOf(attributes);
    }

    /** A Runme cell marked {@code excludeFromRunAll} (true as Go's strconv.ParseBool reads it): run alone, never in a procedure. */
    public boolean excludedFromRunAll() {
        return java.util.Set.of("1", "t", "T", "true", "TRUE", "True").contains(attributes.getOrDefault("excludeFromRunAll", ""));
    }

    public boolean needsApproval() {
        return approvals > 0;
    }
}
