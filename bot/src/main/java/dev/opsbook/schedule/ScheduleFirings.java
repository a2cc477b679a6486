package dev.opsbook.schedule;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.chatops.ScheduledStarts;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schedule's fire does: claims the fire time once for the whole cluster ({@link FireClaims}), starts
 * the run (or, for {@code run: drill}, the drill) as {@link Actor#SCHEDULER}, and audits
 * {@code schedule.fired} with the outcome. The run's thread goes to the first alert channel; a refusal is
 * announced in all of them. With no alert channel the run still starts; the log and the audit log have it.
 */
final class ScheduleFirings {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFirings.class);
    /** Where a scheduled drill is told to post when no alert channel is configured: nowhere (the mirror gives up). */
    static final ChatThread NO_CHANNEL = ChatThread.channel("none", "no-alert-channel");
    static final Requester SCHEDULER = new Requester(new ChatUser(Actor.SCHEDULER.platform(), Actor.SCHEDULER.userId(),
            Actor.SCHEDULER.displayName()), new Identity(Actor.SCHEDULER.userId(), Set.of()));

    private final FireClaims claims;
    private final ScheduledStarts starts;
    private final RunbookOperations operations;
    private final Announcements announcements;
    private final AuditLog audit;
    private final Clock clock;

    ScheduleFirings(FireClaims claims, ScheduledStarts starts, RunbookOperations operations, Announcements announcements,
                    AuditLog audit, Clock clock) {
        this.claims = claims;
        this.starts = starts;
        this.operations = operations;
        this.announcements = announcements;
        this.audit = audit;
        this.clock = clock;
    }

    /** Does the work of {@code job}'s fire at {@code scheduledFor} unless it was done already; never throws. */
    void fire(ScheduledJob job, Instant scheduledFor, String delivery, boolean late) {
        try {
            if (!claims.claim(job.key(), scheduledFor, clock.instant(), delivery)) {
                LOG.info("schedule {} at {} was fired already; not starting it again ({})", job.key(), scheduledFor, delivery);
                return;
            }
            Map<String, String> details = new HashMap<>();
            details.put("schedule", job.key());
            details.put("cron", job.cron());
            details.put("time_zone", job.timeZone());
            details.put("target", job.target());
            details.put("scheduled_for", scheduledFor.toString());
            details.put("delivery", delivery);
            details.put("late", Boolean.toString(late));
            Optional<ChatThread> thread = announcements.channels().stream().findFirst();
            String result;
            Optional<String> runId = Optional.empty();
            if (job.drill()) {
                ChatMessage reply = operations.drill(new StartDrill(job.runbookId(), Map.of(), SCHEDULER,
                        thread.orElse(NO_CHANNEL), delivery));
                boolean refused = reply.status().filter(st -> st == ChatStatus.REJECTED || st == ChatStatus.FAILED).isPresent();
                result = refused ? "drill_refused" : "drill_started";
                details.put("reply", reply.text().length() > 500 ? reply.text().substring(0, 500) : reply.text());
                if (refused) {
                    announcements.announce(refusal(job, scheduledFor, reply.text()));
                }
            } else {
                switch (starts.start(job.runbookId(), job.target(), thread)) {
                    case ScheduledStarts.Outcome.Started s -> {
                        result = "started";
                        runId = Optional.of(s.run().id().value());
                        details.put("run_id", runId.get());
                    }
                    case ScheduledStarts.Outcome.Pending p -> result = "pending";
                    case ScheduledStarts.Outcome.Refused r -> {
                        result = "refused";
                        details.put("reason", r.reason());
                        announcements.announce(refusal(job, scheduledFor, r.reason()));
                    }
                }
            }
            audit.append(new AuditEvent(Actor.SCHEDULER, AuditActions.SCHEDULE_FIRED, runId, Optional.empty(),
                    Optional.empty(), Map.of(), result, Optional.empty(), Optional.empty(), details));
            LOG.info("schedule {} fired for {}: {}{}{}", job.key(), scheduledFor, result, runId.map(id -> " " + id).orElse(""),
                    thread.isEmpty() ? " (no alert channel configured: OPSBOOK_ALERTS_CHANNELS)" : "");
        } catch (RuntimeException e) {
            LOG.error("schedule {} at {} failed to fire", job.key(), scheduledFor, e);
        }
    }

    private static ChatMessage refusal(ScheduledJob job, Instant scheduledFor, String reason) {
        return ChatMessage.builder("Scheduled " + (job.drill() ? "drill" : "run") + " of `" + job.runbookId() + "` ("
                        + "`" + job.key() + "`, due " + scheduledFor + ") did not start: " + reason)
                .status(ChatStatus.REJECTED)
                .field("Schedule", "`" + job.cron() + "` " + job.timeZone())
                .context("Fix the runbook or the server; the next fire time follows the schedule (/runbook schedules).")
                .build();
    }
}
