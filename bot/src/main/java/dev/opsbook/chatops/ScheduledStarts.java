package dev.opsbook.chatops;

import dev.opsbook.audit.Actor;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chatops.RunbookCatalog.Lookup;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.runbook.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the scheduler starts: the runbook as it is in the runbook directory now (refused when it has lint
 * errors), as {@link Actor#SCHEDULER}, with parameter defaults, on the same run threads as chat runs (so
 * {@code /runbook cancel} works on them) and mirrored into an alert channel when one is configured.
 */
public final class ScheduledStarts {
    private final RunbookCatalog catalog;
    private final RunLaunches launches;
    private final Duration acceptWait;

    ScheduledStarts(RunbookCatalog catalog, RunLaunches launches, Duration acceptWait) {
        this.catalog = catalog;
        this.launches = launches;
        this.acceptWait = acceptWait;
    }

    /** What became of a scheduled start. */
    public sealed interface Outcome {
        /** The run started; its id is known. */
        record Started(Run run) implements Outcome {}

        /** Accepted but not started within the wait (it will appear in the channel). */
        record Pending() implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    /** Starts {@code target} (procedure or step) of runbook {@code runbookId}; never throws for a refusal. */
    public Outcome start(String runbookId, String target, Optional<ChatThread> thread) {
        return start(runbookId, target, thread, Actor.SCHEDULER);
    }

    /**
     * The same start for another system actor: {@link Actor#ALERTMANAGER} runs an alert's diagnosis this way (the
     * engine refuses it unless the runbook names alerts and every step is read-only). A {@code thread} with a thread
     * id (an incident card's) gets the run's messages inside that thread.
     */
    public Outcome start(String runbookId, String target, Optional<ChatThread> thread, Actor actor) {
        Runbook rb;
        switch (catalog.find(runbookId)) {
            case Lookup.Refused r -> {
                return new Outcome.Refused(r.reason());
            }
            case Lookup.Found f -> rb = f.runbook();
        }
        RunTarget runTarget = rb.step(target).isPresent() ? RunTarget.step(target) : RunTarget.procedure(target);
        String commit = GitCommit.of(Path.of(rb.path()).toAbsolutePath());
        CompletableFuture<Run> accepted;
        try {
            accepted = launches.submit(thread, rb, executor -> executor.start(
                    new StartRun(rb, commit, runTarget, Map.of(), actor)));
        } catch (RejectedExecutionException e) {
            return new Outcome.Refused("opsbook is shutting down");
        }
        try {
            return new Outcome.Started(accepted.get(acceptWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunRefusedException refused) {
                return new Outcome.Refused(String.join("; ", refused.problems()));
            }
            return new Outcome.Refused("the engine failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new Outcome.Pending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Pending();
        }
    }
}
