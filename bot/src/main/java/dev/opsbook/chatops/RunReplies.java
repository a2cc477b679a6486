package dev.opsbook.chatops;

import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.execution.Plan;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.runbook.Step;
import java.util.List;
import java.util.stream.Collectors;

/** The answers of {@link EngineRunbookOperations}, as neutral chat messages. */
final class RunReplies {
    private RunReplies() {}

    static ChatMessage refused(String what, String reason) {
        return ChatMessage.builder(what + ": " + reason).status(ChatStatus.REJECTED).build();
    }

    static ChatMessage info(String text) {
        return ChatMessage.builder(text).status(ChatStatus.INFO).build();
    }

    static ChatMessage plan(Plan plan) {
        String steps = plan.steps().stream().map(RunReplies::planned).collect(Collectors.joining("\n"));
        String rollbacks = plan.rollbacks().isEmpty() ? "" : "\nrollbacks (only if the step they undo fails):\n"
                + plan.rollbacks().stream().map(RunReplies::planned).collect(Collectors.joining("\n"));
        return ChatMessage.builder("*Dry run* of `" + plan.runbook().id() + "` " + plan.target().describe() + ": "
                        + plan.steps().size() + " step(s). Nothing ran.")
                .status(ChatStatus.INFO)
                .field("Service", plan.runbook().service())
                .field("Service lock", plan.mutating() ? "yes (mutating steps)" : "no")
                .code(steps + rollbacks)
                .build();
    }

    private static String planned(Step s) {
        String first = s.code().strip().lines().findFirst().orElse("");
        return "• " + s.id() + " [" + s.kind().label() + "]"
                + (s.approvals() > 0 ? " needs " + s.approvals() + " approval(s)" : "")
                + s.confirm().map(c -> " confirm \"" + c + "\"").orElse("")
                + (first.isEmpty() ? "" : "\n    $ " + (first.length() > 120 ? first.substring(0, 119) + "…" : first));
    }

    static ChatMessage status(Run run) {
        ChatStatus status = ChatStatus.fromName(run.state().name());
        String steps = run.steps().stream().map(RunReplies::stepLine).collect(Collectors.joining("\n"));
        return ChatMessage.builder("Run `" + run.id() + "` of `" + run.runbook().id() + "` is " + status.label()
                        + (run.message().isBlank() ? "" : ": " + run.message()))
                .status(status)
                .field("Target", run.target().describe())
                .field("Requested by", run.requester().userId())
                .field("Started", run.createdAt().toString())
                .field("Finished", run.finishedAt().map(Object::toString).orElse("—"))
                .code(steps)
                .build();
    }

    private static String stepLine(StepExecution s) {
        return s.stepId() + "  " + s.state().label() + s.exitCode().map(c -> " (exit " + c + ")").orElse("")
                + (s.message().isBlank() ? "" : " — " + s.message());
    }

    static ChatMessage history(List<Run> runs, String scope) {
        if (runs.isEmpty()) {
            return info("No runs " + scope + " yet.");
        }
        String lines = runs.stream().map(r -> ChatStatus.fromName(r.state().name()).emoji() + " `" + r.id() + "` "
                        + r.runbook().id() + " — " + r.state().label() + ", " + r.createdAt() + " by " + r.requester().userId())
                .collect(Collectors.joining("\n"));
        return ChatMessage.builder("*Recent runs* " + scope + "\n" + lines).status(ChatStatus.INFO).build();
    }

    static ChatMessage audit(String runId, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return info("The audit log has no events of run `" + runId + "`.");
        }
        int shown = Math.min(events.size(), 40);
        String lines = events.subList(events.size() - shown, events.size()).stream().map(r -> "#" + r.sequence() + " "
                        + r.time() + " " + r.event().action() + r.event().stepId().map(s -> " " + s).orElse("")
                        + " " + r.event().result() + " by " + r.event().actor().platform() + ":" + r.event().actor().userId())
                .collect(Collectors.joining("\n"));
        return ChatMessage.builder("*Audit trail* of run `" + runId + "` (" + events.size() + " event(s)"
                        + (shown < events.size() ? ", the last " + shown + " shown" : "") + ")")
                .status(ChatStatus.INFO)
                .code(lines)
                .context("opsbook audit verify checks the hash chain; opsbook audit export writes it all")
                .build();
    }
}
