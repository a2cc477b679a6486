package dev.opsbook.chatops;

import dev.opsbook.audit.Actor;
import dev.opsbook.chat.AddLesson;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.chatops.RunbookCatalog.Lookup;
import dev.opsbook.drill.DrillLessons;
import dev.opsbook.drill.DrillRefusedException;
import dev.opsbook.drill.DrillReport;
import dev.opsbook.drill.DrillRequest;
import dev.opsbook.drill.DrillResult;
import dev.opsbook.drill.DrillRunbook;
import dev.opsbook.drill.Drills;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drills and lessons from chat (and from schedules, which ask through the same port). A drill runs
 * on a run thread; the command is answered once its run started, or with its result when it failed
 * before restoring (no backup, checksum mismatch), or with the refusal. The result closes the
 * drill's thread and is announced in the alert channels.
 */
final class ChatDrills {
    private static final Logger LOG = LoggerFactory.getLogger(ChatDrills.class);

    private final Engine engine;
    private final RunbookCatalog catalog;
    private final RunThreadMirror mirror;
    private final Announcements announcements;
    private final Executor runThreads;
    private final Duration acceptWait;
    private final Drills drills;
    private final DrillLessons lessons;

    ChatDrills(Engine engine, RunbookCatalog catalog, RunThreadMirror mirror, Announcements announcements,
               Executor runThreads, Duration acceptWait) {
        this.engine = engine;
        this.catalog = catalog;
        this.mirror = mirror;
        this.announcements = announcements;
        this.runThreads = runThreads;
        this.acceptWait = acceptWait;
        this.drills = new Drills(engine.catalog(), engine.audit(), engine.ports().clock(),
                (listeners, environment) -> engine.executor(listeners, Confirmation.NOBODY, environment));
        this.lessons = new DrillLessons(engine.audit());
    }

    ChatMessage drill(StartDrill cmd, Actor actor) {
        String what = "Cannot drill `" + cmd.runbookId() + "`";
        Runbook rb;
        switch (catalog.find(cmd.runbookId())) {
            case Lookup.Refused r -> {
                return RunReplies.refused(what, r.reason());
            }
            case Lookup.Found f -> rb = f.runbook();
        }
        DrillRequest request = DrillRequest.of(rb, GitCommit.of(Path.of(rb.path()).toAbsolutePath()), cmd.params(), actor);
        CompletableFuture<ChatMessage> answer = new CompletableFuture<>();
        DrillThreadListener thread = new DrillThreadListener(mirror, cmd.thread(), DrillRunbook.of(rb), run -> answer.complete(
                ChatMessage.builder("Drill `" + request.drillId() + "` of `" + rb.id() + "` started: restoring the latest backup"
                        + " into the sandbox (" + sandbox(rb) + ")" + rb.rto().map(r -> " against the RTO of " + Durations.format(r))
                        .orElse("") + "; follow it in its thread.").status(ChatStatus.RUNNING).build()));
        try {
            runThreads.execute(() -> {
                try {
                    DrillResult result = drills.run(request, List.of(thread));
                    thread.finish(result);
                    ChatMessage message = result(result);
                    answer.complete(message);
                    announcements.announce(message);
                } catch (DrillRefusedException e) {
                    answer.complete(RunReplies.refused(what, e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.error("drill {} of {} failed", request.drillId(), rb.id(), e);
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return RunReplies.refused(what, "opsbook is shutting down or has too many runs; try again later");
        }
        try {
            return answer.get(acceptWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drill of " + rb.id() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            return RunReplies.info("Drill `" + request.drillId() + "` of `" + rb.id() + "` is starting; its result will"
                    + " appear in its thread and the alert channels.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunReplies.info("Drill `" + request.drillId() + "` of `" + rb.id() + "` was handed to the engine.");
        }
    }

    ChatMessage lesson(AddLesson cmd, Actor actor) {
        return switch (lessons.add(cmd.runId(), cmd.text(), actor)) {
            case DrillLessons.Outcome.Added a -> RunReplies.info("Lesson added to drill `" + a.drillId() + "` of `"
                    + a.runbookId() + "`; it shows with the drill on the site.");
            case DrillLessons.Outcome.Refused r -> RunReplies.refused("Cannot add the lesson", r.reason());
        };
    }

    /** The drill's result as a message for its requester and the alert channels. */
    static ChatMessage result(DrillResult r) {
        return ChatMessage.builder(DrillReport.headline(r))
                .status(r.passed() && r.metRto() ? ChatStatus.SUCCEEDED : ChatStatus.FAILED)
                .code(DrillReport.phases(r))
                .context("Add what it taught: /runbook lesson " + r.drillId() + " TEXT")
                .build();
    }

    private static String sandbox(Runbook rb) {
        return rb.drill().map(d -> String.join(", ", d.sandbox().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList())).orElse("none");
    }
}
