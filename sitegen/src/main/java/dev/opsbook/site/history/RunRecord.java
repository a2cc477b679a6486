package dev.opsbook.site.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a runbook as the audit log tells it: when it started, who started it, which procedure,
 * and, once finished, its result and duration. {@code result} is empty while the run is in progress.
 */
public record RunRecord(
        String runId,
        String runbookId,
        Instant started,
        String startedBy,
        String procedure,
        boolean dryRun,
        Optional<String> result,
        Optional<Duration> duration) {

    public boolean succeeded() {
        return result.filter("succeeded"::equals).isPresent();
    }

    RunRecord finished(String finalResult, Optional<Duration> took, Instant at) {
        return new RunRecord(runId, runbookId, started, startedBy, procedure, dryRun, Optional.of(finalResult),
                took.or(() -> Optional.of(Duration.between(started, at))));
    }
}
