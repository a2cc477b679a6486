package dev.opsbook.drill;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.BackupCatalog;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.runbook.DrillSettings;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs restore drills: audits {@code drill.started}, finds and verifies the latest backup (detect),
 * runs the drill procedure with the sandbox parameters and the backup in {@code OPSBOOK_BACKUP_*}
 * variables (respond, recover), and audits {@code drill.finished} with the phase times against the
 * RTO. A drill that fails (no backup, checksum mismatch, refused or failed run) is a result, not an
 * exception; only a request that cannot be a drill at all throws {@link DrillRefusedException}.
 * {@link #run} blocks until the drill ends.
 */
public final class Drills {
    /** Builds the executor of a drill's run: with these listeners, and these variables in every step's environment. */
    @FunctionalInterface
    public interface Executors {
        RunExecutor executor(List<ExecutionListener> listeners, Map<String, String> environment);
    }

    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Executors executors;

    public Drills(BackupCatalog catalog, AuditLog audit, Clock clock, Executors executors) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.executors = executors;
    }

    /**
     * Runs the drill with {@code listeners} on its run (chat thread, progress) and returns what it
     * measured; blocks until it ends.
     *
     * @throws DrillRefusedException (audited as {@code drill.refused}) when the request cannot be a drill
     */
    public DrillResult run(DrillRequest request, List<ExecutionListener> listeners) {
        Runbook rb = request.runbook();
        RunbookRef ref = new RunbookRef(rb.id(), rb.sha256(), request.gitCommit());
        Section procedure;
        Map<String, String> params;
        try {
            DrillSettings drill = rb.drill().orElseThrow(() -> new DrillRefusedException("runbook " + rb.id()
                    + " names no drill sandbox: add a 'drill:' block with 'sandbox:' parameter values (docs/drills.md)"));
            procedure = drill.procedureIn(rb).orElseThrow(() -> new DrillRefusedException("runbook " + rb.id()
                    + " has no drill procedure: " + drill.procedure().map(p -> "'" + p + "' is not a procedure")
                    .orElse("no procedure has a kind=restore step")));
            params = parameters(request.parameters(), drill);
        } catch (DrillRefusedException e) {
            record(request, ref, AuditActions.DRILL_REFUSED, "refused", Optional.empty(), Map.of("reason", e.getMessage()));
            throw e;
        }
        Instant started = clock.instant();
        Map<String, String> startDetails = new LinkedHashMap<>();
        startDetails.put("procedure", procedure.slug());
        startDetails.put("sandbox", sandbox(rb.drill().orElseThrow()));
        startDetails.put("service", rb.service());
        rb.rto().ifPresent(r -> startDetails.put("rto_ms", Long.toString(r.toMillis())));
        startDetails.put("approvals", rb.drill().orElseThrow().approvalsWaived() ? "waived" : "required");
        record(request, ref, AuditActions.DRILL_STARTED, "started", Optional.empty(), startDetails);

        DrillResult result = switch (LatestBackup.of(catalog, rb)) {
            case LatestBackup.Found.Unusable u -> result(request, procedure, started, Optional.empty(), u.artifact(),
                    Optional.empty(), u.reason());
            case LatestBackup.Found.Verified v -> restore(request, procedure, params, listeners, started, v.artifact());
        };
        Map<String, String> details = new LinkedHashMap<>(startDetails);
        details.putAll(result.details());
        record(request, ref, AuditActions.DRILL_FINISHED, result.passed() ? "passed" : "failed",
                Optional.of(Duration.between(result.started(), result.finished())), details);
        return result;
    }

    private DrillResult restore(DrillRequest request, Section procedure, Map<String, String> params,
                                List<ExecutionListener> listeners, Instant started, BackupArtifact backup) {
        Instant detected = clock.instant();
        DrillTimer timer = new DrillTimer(clock);
        List<ExecutionListener> all = new ArrayList<>();
        all.add(timer);
        all.addAll(listeners);
        Map<String, String> env = Map.of("OPSBOOK_DRILL_ID", request.drillId().value(),
                "OPSBOOK_BACKUP_ID", backup.id(),
                "OPSBOOK_BACKUP_LOCATION", backup.location().toString(),
                "OPSBOOK_BACKUP_SHA256", backup.sha256());
        Run run;
        try {
            run = executors.executor(all, env).start(new StartRun(DrillRunbook.of(request.runbook()), request.gitCommit(),
                    RunTarget.procedure(procedure.slug()), params, request.requester(), Optional.of(request.drillId())));
        } catch (RunRefusedException e) {
            return result(request, procedure, started, Optional.of(detected), Optional.of(backup), Optional.empty(),
                    "the drill run was refused: " + String.join("; ", e.problems()));
        } catch (AuditWriteException e) {
            throw e;
        } catch (RuntimeException e) {
            return result(request, procedure, started, Optional.of(detected), Optional.of(backup), Optional.empty(),
                    "opsbook failed while running the drill (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); see the server log");
        }
        Optional<Instant> recovered = run.state() == RunState.SUCCEEDED ? timer.lastValidation() : Optional.empty();
        String reason = run.state() != RunState.SUCCEEDED
                ? "the drill run " + run.state().label() + (run.message().isBlank() ? "" : ": " + run.message())
                : recovered.isEmpty() ? "no validation step passed after the restore, so recovery is unproven" : "";
        if (timer.restoreStarted().isEmpty() && reason.isEmpty()) {
            reason = "no restore step ran";
        }
        return new DrillResult(request.drillId().value(), request.runbook().id(), request.runbook().service(),
                procedure.slug(), sandbox(request.runbook().drill().orElseThrow()), started,
                Optional.of(detected), timer.restoreStarted(), timer.restoreStarted().isPresent() ? recovered : Optional.empty(),
                clock.instant(), request.runbook().rto(), Optional.of(backup.id()), Optional.of(run.state().label()), reason);
    }

    private DrillResult result(DrillRequest request, Section procedure, Instant started, Optional<Instant> detected,
                               Optional<BackupArtifact> backup, Optional<String> state, String reason) {
        return new DrillResult(request.drillId().value(), request.runbook().id(), request.runbook().service(),
                procedure.slug(), sandbox(request.runbook().drill().orElseThrow()), started, detected, Optional.empty(),
                Optional.empty(), clock.instant(), request.runbook().rto(), backup.map(BackupArtifact::id), state, reason);
    }

    /** The requester's values plus the sandbox; a value that differs from the sandbox's is refused. */
    static Map<String, String> parameters(Map<String, String> supplied, DrillSettings drill) {
        List<String> moved = drill.sandbox().entrySet().stream()
                .filter(e -> supplied.containsKey(e.getKey()) && !supplied.get(e.getKey()).equals(e.getValue()))
                .map(e -> e.getKey() + " (the sandbox sets " + e.getValue() + ")").toList();
        if (!moved.isEmpty()) {
            throw new DrillRefusedException("a drill always restores into the sandbox the runbook names; drop "
                    + String.join(", ", moved) + " or change the runbook's drill block");
        }
        Map<String, String> params = new LinkedHashMap<>(supplied);
        params.putAll(drill.sandbox());
        return params;
    }

    private static String sandbox(DrillSettings drill) {
        return drill.sandbox().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private void record(DrillRequest request, RunbookRef ref, String action, String result, Optional<Duration> duration,
                        Map<String, String> details) {
        audit.append(new AuditEvent(request.requester(), action, Optional.of(request.drillId().value()), Optional.empty(),
                Optional.of(ref), Map.of(), result, duration, Optional.empty(), details));
    }
}
