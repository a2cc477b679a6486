package dev.opsbook.cli;

import dev.opsbook.execution.Visible;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.StepResult;
import dev.opsbook.runbook.Durations;
import java.io.PrintWriter;
import java.time.Duration;

/** Live progress of a run on the terminal: one line per step start and end, output lines prefixed by the step id. */
final class ProgressPrinter implements ExecutionListener {
    private final PrintWriter out;

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void on(ExecutionEvent event) {
        switch (event) {
            case ExecutionEvent.RunStarted e -> out.printf("%s run %s of %s (%s) as %s%n", e.resumed() ? "resuming" : "starting",
                    e.run().id(), e.run().runbook().id(), e.run().target().describe(), e.run().requester().userId());
            case ExecutionEvent.StepStarted e -> out.printf("==> step %s (%s)%s%n", e.step().id(), e.step().kind().label(),
                    e.attempt() > 1 ? " attempt " + e.attempt() + "/" + (e.step().retries() + 1) : "");
            case ExecutionEvent.StepOutput e -> out.printf("  %s | %s%s%n", e.step().id(), Visible.text(e.line().text()),
                    e.line().truncated() > 0 ? " [... " + e.line().truncated() + " bytes cut]" : "");
            case ExecutionEvent.StepRetrying e -> out.printf("    step %s %s; retrying in %s%n", e.step().id(),
                    e.failed().message(), Durations.format(e.backoff()));
            case ExecutionEvent.StepFinished e -> out.printf("<== step %s %s in %s%s%n", e.step().id(),
                    e.result().state().label(), seconds(e.result()), e.result().message().isEmpty() ? "" : ": " + Visible.text(e.result().message()));
            case ExecutionEvent.StepSkipped e -> out.printf("    step %s skipped%n", e.step().id());
            case ExecutionEvent.ApprovalRequested e -> out.printf(
                    "... step %s needs %d approval(s) from %s before %s; waiting.%n    approves: %s%n"
                            + "    approve from another terminal: opsbook approve %s --as USER%n",
                    e.step().id(), e.request().required(), String.join(", ", e.request().approvers()),
                    e.request().expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    Visible.text(e.request().binding()), e.run().id());
            case ExecutionEvent.ApprovalEscalated e -> out.printf("... approval still waiting; escalated to %s%n",
                    e.level().who().id());
            case ExecutionEvent.ApprovalExpired e -> out.printf("... approval of step %s expired%n", e.step().id());
            case ExecutionEvent.RunFinished e -> out.printf("run %s %s%s%n", e.run().id(), e.run().state().label(),
                    e.run().message().isEmpty() ? "" : ": " + Visible.text(e.run().message()));
        }
        out.flush();
    }

    private static String seconds(StepResult r) {
        Duration d = r.duration();
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
