package dev.opsbook.chatops;

import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunUpdate;
import dev.opsbook.drill.DrillReport;
import dev.opsbook.drill.DrillResult;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Runbook;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Mirrors a drill's run into its chat thread like any run, except that the thread's closing update
 * waits for the drill's result ({@link #finish}), so it carries the phase times against the RTO.
 */
final class DrillThreadListener implements ExecutionListener {
    private final RunThreadMirror mirror;
    private final RunThreadListener run;
    private volatile Run finished;

    DrillThreadListener(RunThreadMirror mirror, ChatThread thread, Runbook runbook, Consumer<Run> started) {
        this.mirror = mirror;
        this.run = new RunThreadListener(mirror, thread, runbook, started, r -> { });
    }

    @Override
    public void on(ExecutionEvent event) {
        if (event instanceof ExecutionEvent.RunFinished f) {
            finished = f.run();
        } else {
            run.on(event);
        }
    }

    /** Closes the drill's thread with its result; nothing when the drill never started a run. */
    void finish(DrillResult result) {
        Run r = finished;
        if (r == null) {
            return;
        }
        mirror.publish(r.id().value(), new RunUpdate.RunFinished(ChatStatus.fromName(r.state().name()), Duration.between(r.createdAt(), r.finishedAt().orElse(r.createdAt())),
                Optional.of(DrillReport.headline(result) + "\n" + DrillReport.phases(result))));
    }
}
