package dev.opsbook.chat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The chat messages a mirrored run is made of. */
final class RunMessages {
    private RunMessages() {}

    static ChatMessage parent(MirroredRun run, MirrorSettings settings) {
        ChatMessage.Builder b = ChatMessage.builder("*" + run.title + "*" + (run.dryRun ? " (dry run)" : "")
                        + " — run `" + run.runId + "` " + run.status.label())
                .status(run.status)
                .field("Runbook", run.runbookId)
                .field("Requested by", run.requestedBy)
                .field("Progress", run.stepsFinished + "/" + run.stepsPlanned + " steps");
        run.procedure.ifPresent(p -> b.field("Procedure", p));
        if (!run.status.isFinal()) {
            run.currentStep.ifPresent(s -> b.field("Current step", "`" + s + "`"));
        }
        run.duration.ifPresent(d -> b.field("Duration", duration(d)));
        String context = settings.runPage(run.runId).map(u -> "Run page: " + u + " · ").orElse("")
                + "details in the thread";
        return b.context(context).build();
    }

    static ChatMessage plan(MirroredRun run, List<RunUpdate.PlannedStep> plan) {
        String lines = plan.isEmpty() ? "_no steps_" : plan.stream()
                .map(s -> "• `" + s.stepId() + "` " + s.kind()
                        + (s.section().isBlank() ? "" : " — " + s.section())
                        + (s.approvals() > 0 ? " (needs " + s.approvals() + " approval" + plural(s.approvals()) + ")" : ""))
                .collect(Collectors.joining("\n"));
        return ChatMessage.builder("*Plan* (" + plan.size() + " step" + plural(plan.size()) + ")\n" + lines)
                .status(ChatStatus.PENDING)
                .build();
    }

    static ChatMessage stepStarted(RunUpdate.StepStarted s) {
        return ChatMessage.builder("▶️ Step `" + s.stepId() + "` started"
                + (s.attempt() > 1 ? " (attempt " + s.attempt() + ")" : "")).build();
    }

    static ChatMessage stepFinished(RunUpdate.StepFinished f, MirroredRun.StepLog log, boolean fileFollows,
                                    MirroredRun run, MirrorSettings settings) {
        ChatMessage.Builder b = ChatMessage.builder("Step `" + f.stepId() + "` " + f.state().label()
                        + " in " + duration(f.duration())
                        + f.exitCode().map(c -> " (exit " + c + ")").orElse(""))
                .status(f.state());
        if (!log.shownInFull && !f.tail().isEmpty()) {
            b.code(clip(String.join("\n", f.tail().stream().map(dev.opsbook.execution.Visible::text).toList()), 1500));
        }
        StringBuilder context = new StringBuilder();
        if (log.droppedLines > 0) {
            context.append(log.droppedLines).append(" output lines were not mirrored while chat was unavailable. ");
        }
        if (fileFollows) {
            context.append("Full output attached below. ");
        }
        if (log.cut) {
            context.append("Output beyond ").append(log.text.length()).append(" characters is only in the run log")
                    .append(settings.runPage(run.runId).map(u -> ": " + u).orElse("")).append('.');
        }
        return b.context(context.toString().trim()).build();
    }

    static ChatMessage approvalRequested(String runId, RunUpdate.ApprovalRequested a) {
        ChatMessage.Builder b = ChatMessage.builder("Step `" + a.stepId() + "` needs " + a.needed() + " approval"
                        + plural(a.needed()) + " before it runs. Approve or reject with the buttons, or react with"
                        + " :white_check_mark: / :x:.")
                .status(ChatStatus.AWAITING_APPROVAL)
                .field("Approvers", String.join(", ", a.approvers()))
                .action(new ApprovalAction(Decision.APPROVE, runId, a.stepId()))
                .action(new ApprovalAction(Decision.REJECT, runId, a.stepId()));
        a.expiresAt().ifPresent(e -> b.field("Expires", e.toString()));
        if (!a.approves().isEmpty()) {
            b.field("Approves", dev.opsbook.execution.Visible.text(a.approves()));
        }
        return b.build();
    }

    static ChatMessage approvalDecided(String stepId, String outcome, ChatStatus status) {
        return ChatMessage.builder("Approval for step `" + stepId + "`: " + outcome).status(status).build();
    }

    static ChatMessage confirmationRequested(String runId, RunUpdate.ConfirmationRequested c) {
        return ChatMessage.builder("🔐 Step `" + c.stepId() + "` runs only after its confirmation: press *Confirm step "
                        + c.stepId() + "* and type `" + c.text() + "`. The run waits until " + c.until() + ", then cancels the step.")
                .form(ChatForm.confirmation(runId, c.stepId(), c.text()))
                .build();
    }

    static ChatMessage voteRecorded(RunUpdate.VoteRecorded v) {
        String verb = v.decision() == Decision.APPROVE ? "👍 " + v.voter() + " approved" : "👎 " + v.voter() + " rejected";
        return ChatMessage.builder(verb + " step `" + v.stepId() + "` (" + v.approvals() + "/" + v.needed() + " approvals)")
                .build();
    }

    static ChatMessage voteRefused(RunUpdate.VoteRefused v) {
        return ChatMessage.builder("🙅 The vote of " + v.voter() + " on step `" + v.stepId() + "` does not count: "
                + v.reason()).build();
    }

    static ChatMessage runFinished(MirroredRun run, RunUpdate.RunFinished f) {
        return ChatMessage.builder("Run `" + run.runId + "` " + f.state().label() + " after " + duration(f.duration())
                        + f.summary().map(s -> ": " + s).orElse(""))
                .status(f.state())
                .context(run.droppedMessages == 0 ? null : run.droppedMessages
                        + " progress messages were not mirrored while chat was unavailable; the audit log has every step.")
                .build();
    }

    static String clip(String text, int maxChars) {
        return text.length() <= maxChars ? text : "…" + text.substring(text.length() - maxChars + 1);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return d.toMillis() < 10_000 && d.toMillis() % 1000 != 0 ? String.format("%.1fs", d.toMillis() / 1000.0) : s + "s";
        }
        return s < 3600 ? String.format("%dm %02ds", s / 60, s % 60) : String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
