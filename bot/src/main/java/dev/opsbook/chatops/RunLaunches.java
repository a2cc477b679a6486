package dev.opsbook.chatops;

import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.runbook.Runbook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs started from chat: each on its own thread of {@code runThreads}, mirrored into the chat
 * thread it was asked from. Remembers delivery ids in the database (so a command redelivered to this
 * or another replica starts nothing) and which runs this process drives (so they can be cancelled by
 * interrupting their thread, also when the cancel was asked on another replica).
 */
final class RunLaunches {
    private static final Logger LOG = LoggerFactory.getLogger(RunLaunches.class);

    private final Engine engine;
    private final RunThreadMirror mirror;
    private final Executor runThreads;
    private final Duration acceptWait;
    private final Map<String, Thread> driving = new ConcurrentHashMap<>();
    private final Confirmation confirmation;
    private final EscalationNotices escalations;

    /**
     * {@code confirmation} asks for {@code confirm=} texts of runs mirrored into a chat thread; {@code escalations}
     * tells the people approvals are escalated to.
     */
    RunLaunches(Engine engine, RunThreadMirror mirror, Executor runThreads, Duration acceptWait, Confirmation confirmation,
                EscalationNotices escalations) {
        this.confirmation = confirmation;
        this.escalations = escalations;
        this.engine = engine;
        this.mirror = mirror;
        this.runThreads = runThreads;
        this.acceptWait = acceptWait;
    }

    /** False when {@code deliveryId} (non-empty) was seen before, by this process or another replica. */
    boolean firstDelivery(String deliveryId) {
        return deliveryId.isEmpty() || engine.runStarts().firstSighting("run-start:" + deliveryId);
    }

    boolean driving(String runId) {
        return driving.containsKey(runId);
    }

    void cancel(String runId) {
        Thread thread = driving.get(runId);
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Cancels the runs this process drives that were asked to be cancelled on another replica; returns how many. */
    int applyCancelRequests() {
        var taken = engine.cancels().take(driving.keySet());
        taken.forEach(this::cancel);
        return taken.size();
    }

    /** Starts {@code work} on a run thread and answers once the run started (with its id) or was refused. */
    RunStartAnswer launch(String what, ChatThread thread, Runbook rb, Function<RunExecutor, Run> work) {
        Optional<String> down = engine.auditUnavailable();
        if (down.isPresent()) {
            return RunStartAnswer.without(RunReplies.refused(what, down.get() + "; nothing was started, try again when it answers"));
        }
        CompletableFuture<Run> accepted;
        try {
            accepted = submit(Optional.of(thread), rb, work);
        } catch (RejectedExecutionException e) {
            return RunStartAnswer.without(RunReplies.refused(what, "opsbook is shutting down or has too many runs; try again later"));
        }
        try {
            Run run = accepted.get(acceptWait.toMillis(), TimeUnit.MILLISECONDS);
            return new RunStartAnswer(ChatMessage.builder("Run `" + run.id() + "` of `" + rb.id()
                    + "` started; follow it in its thread.").status(ChatStatus.RUNNING).build(), Optional.of(run.id()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunRefusedException refused) {
                return RunStartAnswer.without(RunReplies.refused(what, String.join("; ", refused.problems())));
            }
            if (e.getCause() instanceof dev.opsbook.audit.AuditWriteException
                    || e.getCause() instanceof dev.opsbook.jdbc.DatabaseUnavailableException
                    || e.getCause() instanceof dev.opsbook.execution.RunStoppedException) {
                LOG.warn("run of {} not started: {}", rb.id(), e.getCause().toString(), e.getCause());
                return RunStartAnswer.without(RunReplies.refused(what, engine.auditUnavailable().orElse(
                        "audit log unavailable (" + e.getCause().getMessage() + ")") + "; nothing was started, try again when it answers"));
            }
            throw new IllegalStateException("starting " + rb.id() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            return RunStartAnswer.without(RunReplies.info("The run of `" + rb.id()
                    + "` was accepted and is still starting; it will appear in the channel."));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunStartAnswer.without(RunReplies.info("The run of `" + rb.id()
                    + "` was handed to the engine; it will appear in the channel."));
        }
    }

    /**
     * A run interrupted because opsbook is stopping finishes on an interrupted thread: the request is still
     * forgotten (the pool would refuse an interrupted thread a connection). Where the database does not answer,
     * the request stays and is cleared when the run starts again.
     */
    private void forgetCancelRequest(Run run) {
        boolean interrupted = Thread.interrupted();
        try {
            engine.cancels().clear(run.id().value());
        } catch (dev.opsbook.jdbc.DatabaseUnavailableException e) {
            LOG.warn("run {}: its cancellation request stays until it is resumed: {}", run.id().value(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts {@code work} on a run thread, mirrored into {@code thread} when there is one; the future completes
     * with the run once it started, or exceptionally when it was refused.
     *
     * @throws RejectedExecutionException when opsbook is shutting down
     */
    CompletableFuture<Run> submit(Optional<ChatThread> thread, Runbook rb, Function<RunExecutor, Run> work) {
        CompletableFuture<Run> accepted = new CompletableFuture<>();
        Consumer<Run> started = run -> {
            engine.cancels().clear(run.id().value());
            driving.put(run.id().value(), Thread.currentThread());
            accepted.complete(run);
        };
        Consumer<Run> finished = run -> {
            driving.remove(run.id().value());
            forgetCancelRequest(run);
        };
        ExecutionListener listener = thread.<ExecutionListener>map(t -> new RunThreadListener(mirror, t, rb, started, finished, escalations))
                .orElse(event -> {
                    if (event instanceof ExecutionEvent.RunStarted) {
                        started.accept(event.run());
                    } else if (event instanceof ExecutionEvent.RunFinished) {
                        finished.accept(event.run());
                    }
                });
        RunExecutor executor = engine.executor(List.of(listener), thread.isPresent() ? confirmation : Confirmation.NOBODY);
        runThreads.execute(() -> {
            try {
                work.apply(executor);
            } catch (RuntimeException e) {
                if (accepted.completeExceptionally(e)) {
                    return;
                }
                if (e instanceof dev.opsbook.execution.RunStoppedException stopped) { // the store logged the driver's details
                    LOG.warn("{}; it is marked interrupted once the database answers, resume it then", stopped.getMessage());
                } else {
                    LOG.error("run of {} failed after it started", rb.id(), e);
                }
            }
        });
        return accepted;
    }
}
