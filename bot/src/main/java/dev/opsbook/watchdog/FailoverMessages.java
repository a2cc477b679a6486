package dev.opsbook.watchdog;

import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.failover.ControllerStatus;
import dev.opsbook.failover.Decision;
import dev.opsbook.failover.Evidence;
import dev.opsbook.failover.Sample;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.Runbook;
import java.util.List;
import java.util.stream.Collectors;

/** The failover controller's chat messages: proposals with their evidence, refusals, outcomes, status. */
final class FailoverMessages {
    private FailoverMessages() {}

    static ChatMessage proposed(Runbook rb, Decision.Proposed p) {
        FailoverPolicy f = rb.failover().orElseThrow();
        String next = p.automatic() ? "Running it now without waiting for approvals (`automatic: true`)."
                : "Starting it now; it waits for approval by " + approvers(rb) + " — approve in the run's thread or with `/runbook approve RUN`.";
        return evidence(ChatMessage.builder("*Failover proposed for `" + p.service() + "`*: " + p.evidence().summary()
                        + ".\nProcedure `" + f.procedure() + "` of `" + rb.id() + "`. " + next)
                .status(p.automatic() ? ChatStatus.RUNNING : ChatStatus.AWAITING_APPROVAL), p.evidence())
                .context("incident " + p.incident() + " · probes every " + Durations.format(f.interval()) + " · cooldown "
                        + Durations.format(f.cooldown()) + " after a failover · at most " + f.maxPerHour() + " per hour")
                .build();
    }

    static ChatMessage refused(Decision.Refused r) {
        return evidence(ChatMessage.builder("*Failover of `" + r.service() + "` not proposed* (" + r.reason().label() + "): "
                + r.detail() + ".").status(ChatStatus.INFO), r.evidence()).context("incident " + r.incident()).build();
    }

    static ChatMessage executed(Decision.Executed e) {
        return ChatMessage.builder("*Failover of `" + e.service() + "` " + (e.succeeded() ? "done" : "failed") + "*: run `"
                        + e.runId() + "` " + e.result() + ". The controller re-arms once the service is clearly healthy again.")
                .status(e.succeeded() ? ChatStatus.SUCCEEDED : ChatStatus.FAILED).context("incident " + e.incident()).build();
    }

    static ChatMessage abandoned(Decision.Abandoned a) {
        return ChatMessage.builder("*Failover of `" + a.service() + "` did not run*: " + a.result()
                        + ". No new proposal until the service has been clearly healthy again.")
                .status(ChatStatus.CANCELLED).context("incident " + a.incident()).build();
    }

    static ChatMessage rearmed(Decision.Rearmed r) {
        return ChatMessage.builder("The failover controller of `" + r.service() + "` is armed again: "
                + r.recovery().samples() + " healthy samples over " + Durations.format(r.recovery().window()) + ".")
                .status(ChatStatus.INFO).build();
    }

    /** A reload stopped or restarted controllers of services this replica led. */
    static ChatMessage reloaded(WatchChanges changes, List<String> led, List<String> notWatched) {
        List<String> lines = new java.util.ArrayList<>();
        changes.stopped().stream().filter(led::contains).forEach(s -> lines.add("• `" + s + "` is no longer watched"
                + notWatched.stream().filter(n -> n.contains("`" + s + "`")).findFirst().map(n -> " (not watched: " + n + ")").orElse("")
                + "; no failover will be proposed for it."));
        changes.restarted().stream().filter(rb -> led.contains(rb.service())).forEach(rb -> lines.add("• `" + rb.service()
                + "`: its failover block changed (runbook `" + rb.id() + "`); the controller restarts unarmed and arms after "
                + Durations.format(rb.failover().orElseThrow().recover().window()) + " of health."));
        return ChatMessage.builder("*Failover controllers changed with the runbooks*\n" + String.join("\n", lines))
                .status(ChatStatus.INFO).build();
    }

    static ChatMessage status(Runbook rb, ControllerStatus s) {
        FailoverPolicy f = rb.failover().orElseThrow();
        ChatMessage.Builder b = ChatMessage.builder("*Failover controller of `" + s.service() + "`*: " + s.state().label()
                        + (s.leader() ? " (leader on this replica)" : " (not the leader on this replica)"))
                .status(ChatStatus.INFO)
                .field("Runbook", "`" + rb.id() + "` → `" + f.procedure() + "`" + (f.automatic() ? " (automatic)" : " (needs approval)"))
                .field("Window", s.window().summary())
                .field("Open proposal", s.openIncident().map(i -> i + " since " + s.proposedAt().orElseThrow()).orElse("none"))
                .field("Cooldown left", s.cooldownLeft().isZero() ? "none" : Durations.format(s.cooldownLeft().withNanos(0)))
                .field("Proposals this hour", s.proposalsLastHour() + " of at most " + s.maxPerHour());
        if (!s.recent().isEmpty()) {
            b.code(s.recent().stream().map(FailoverMessages::line).collect(Collectors.joining("\n")));
        }
        return b.context("probes: " + f.probes().stream().map(p -> p.name() + " (" + p.kind() + ")").collect(Collectors.joining(", "))
                + " · every " + Durations.format(f.interval())).build();
    }

    private static String line(Sample s) {
        return s.at().toString() + "  " + (s.healthy() ? "healthy" : "FAILING " + String.join("; ", s.failures()));
    }

    private static ChatMessage.Builder evidence(ChatMessage.Builder b, Evidence e) {
        b.field("Samples", e.failing() + " failing of " + e.samples() + " (" + Math.round(e.failureRatio() * 100) + "%)")
                .field("Window", Durations.format(e.window()) + " from " + e.from() + " to " + e.until())
                .field("Threshold", Math.round(e.threshold() * 100) + "% failing");
        if (!e.lastErrors().isEmpty()) {
            b.code(String.join("\n", e.lastErrors()));
        }
        return b;
    }

    private static String approvers(Runbook rb) {
        List<String> ids = rb.approvers().stream().map(p -> p.id()).toList();
        return ids.isEmpty() ? "an approver" : String.join(", ", ids);
    }
}
