package dev.opsbook.timeline;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.StepKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link Timeline} from audit events. {@code id} is an incident ({@code i-…}) or a run; a run that belongs
 * to an incident (its diagnosis, or started from the incident's card) gives the incident's timeline. An incident
 * covers its {@code alert.*} events and every run linked to it; time to first action runs from the start to the
 * first thing a person did (acknowledge, run, vote, cancel), time to mitigation to the end of the first successful
 * run that changed something (a backup, restore, failover or rollback step), else to the resolution.
 */
public final class TimelineBuilder {
    private TimelineBuilder() {}

    public static Optional<Timeline> build(String id, List<RecordedEvent> log) {
        Optional<String> incident = id.startsWith("i-") ? Optional.of(id) : log.stream()
                .filter(r -> linksRun(r.event()) && r.event().runId().equals(Optional.of(id)))
                .map(r -> r.event().details().get("incident")).findFirst();
        Set<String> runs = new LinkedHashSet<>();
        if (incident.isPresent()) {
            log.stream().filter(r -> incident.get().equals(r.event().details().get("incident")) && linksRun(r.event()))
                    .forEach(r -> r.event().runId().ifPresent(runs::add));
        } else {
            runs.add(id);
        }
        List<RecordedEvent> events = log.stream().filter(r -> incident.map(i -> i.equals(r.event().details().get("incident"))).orElse(false)
                || r.event().runId().map(runs::contains).orElse(false) && !isAlert(r.event())).toList();
        if (events.isEmpty()) {
            return Optional.empty();
        }
        Optional<RunbookRef> ref = events.stream().flatMap(r -> r.event().runbook().stream()).findFirst();
        String runbook = ref.map(RunbookRef::id).orElse("—");
        String alert = events.stream().filter(r -> r.event().action().equals(AuditActions.ALERT_RECEIVED))
                .map(r -> r.event().details().getOrDefault("alert", "")).findFirst().orElse("—");
        String service = events.stream().map(r -> r.event().details().get("service")).filter(s -> s != null && !s.isBlank())
                .findFirst().orElse("—");
        Instant start = events.stream().filter(r -> r.event().action().equals(AuditActions.ALERT_RECEIVED))
                .map(r -> Instant.parse(r.event().details().getOrDefault("starts_at", r.time().toString())))
                .min(Instant::compareTo).orElse(events.getFirst().time());
        Optional<Instant> end = incident.isPresent()
                ? events.stream().filter(r -> r.event().action().equals(AuditActions.ALERT_RESOLVED))
                        .map(r -> Instant.parse(r.event().details().getOrDefault("ended_at", r.time().toString()))).findFirst()
                : events.stream().filter(r -> r.event().action().equals(AuditActions.RUN_FINISHED)).map(RecordedEvent::time).reduce((a, b) -> b);
        Optional<Duration> firstAction = events.stream().filter(r -> human(r.event()) && isAction(r.event().action()))
                .map(r -> Duration.between(start, r.time())).findFirst();
        Set<String> mutatingRuns = new LinkedHashSet<>();
        events.stream().filter(r -> r.event().action().equals(AuditActions.STEP_STARTED) && mutating(r.event()))
                .forEach(r -> r.event().runId().ifPresent(mutatingRuns::add));
        Optional<Duration> mitigation = events.stream().filter(r -> r.event().action().equals(AuditActions.RUN_FINISHED)
                        && r.event().result().equals("succeeded") && r.event().runId().map(mutatingRuns::contains).orElse(false))
                .map(r -> Duration.between(start, r.time())).findFirst()
                .or(() -> end.map(e -> Duration.between(start, e)));
        List<Timeline.Entry> entries = new ArrayList<>();
        for (RecordedEvent r : events) {
            describe(r.event()).ifPresent(text -> entries.add(new Timeline.Entry(r.time(), actor(r.event()), text, r.event().runId())));
        }
        List<Timeline.Lesson> lessons = log.stream().filter(r -> r.event().action().equals(AuditActions.DRILL_LESSON)
                        && r.event().runbook().map(RunbookRef::id).equals(ref.map(RunbookRef::id)))
                .map(r -> new Timeline.Lesson(r.time(), r.event().runId().orElse("—"), r.event().details().getOrDefault("text", ""),
                        actor(r.event()))).toList();
        return Optional.of(new Timeline(incident.orElse(id), incident, List.copyOf(runs), runbook, service, alert, start, end,
                firstAction, mitigation, entries, lessons));
    }

    private static boolean linksRun(AuditEvent e) {
        return (e.action().equals(AuditActions.ALERT_DIAGNOSIS) || e.action().equals(AuditActions.ALERT_RUN_LINKED))
                && e.runId().isPresent();
    }

    private static boolean isAlert(AuditEvent e) {
        return e.action().startsWith("alert.");
    }

    private static boolean human(AuditEvent e) {
        return !e.actor().platform().equals("opsbook") && !e.actor().platform().equals("system");
    }

    private static boolean isAction(String action) {
        return action.equals(AuditActions.ALERT_ACKNOWLEDGED) || action.equals(AuditActions.RUN_REQUESTED)
                || action.equals(AuditActions.APPROVAL_VOTED) || action.equals(AuditActions.RUN_CANCELLED)
                || action.equals(AuditActions.DRILL_LESSON);
    }

    private static boolean mutating(AuditEvent e) {
        try {
            return StepKind.valueOf(e.details().getOrDefault("kind", "check").toUpperCase(Locale.ROOT)).isMutating();
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static String actor(AuditEvent e) {
        return e.actor().platform() + ":" + e.actor().userId();
    }

    private static Optional<String> describe(AuditEvent e) {
        String run = e.runId().map(r -> "run `" + r + "`").orElse("");
        String step = e.stepId().map(s -> "step `" + s + "`").orElse("step");
        var d = e.details();
        String text = switch (e.action()) {
            case AuditActions.ALERT_RECEIVED -> "true".equals(d.get("repeat")) ? null : e.result().equals("firing")
                    ? "alert fired: " + d.getOrDefault("alert", "?") + (d.getOrDefault("severity", "").isBlank() ? "" : " (" + d.get("severity") + ")")
                            + (d.getOrDefault("summary", "").isBlank() ? "" : " — " + d.get("summary"))
                    : "alert resolved: " + d.getOrDefault("alert", "?");
            case AuditActions.ALERT_MATCHED -> "matched runbook `" + e.runbook().map(RunbookRef::id).orElse("?") + "` by " + e.result();
            case AuditActions.ALERT_DIAGNOSIS -> "diagnosis `" + d.getOrDefault("procedure", "?") + "` " + e.result()
                    + (e.runId().isPresent() ? " as " + run : "") + (d.containsKey("reason") ? ": " + d.get("reason") : "");
            case AuditActions.ALERT_ACKNOWLEDGED -> "acknowledged the incident";
            case AuditActions.ALERT_RUN_LINKED -> run + " started from the incident's " + ("thread".equals(d.get("via")) ? "thread" : "card");
            case AuditActions.ALERT_RESOLVED -> "incident resolved" + e.duration().map(x -> " after " + Durations.format(seconds(x))).orElse("");
            case AuditActions.RUN_REQUESTED -> run + " requested" + (e.parameters().isEmpty() ? "" : " with " + e.parameters());
            case AuditActions.RUN_REFUSED -> run + " refused: " + d.getOrDefault("reason", "?");
            case AuditActions.RUN_STARTED -> run + " started" + (d.containsKey("procedure") ? ": procedure `" + d.get("procedure") + "`" : "");
            case AuditActions.STEP_FINISHED -> (d.getOrDefault("kind", "").equals("rollback") ? "rollback " : "") + step + " "
                    + e.result() + (d.containsKey("exit_code") ? ", exit code " + d.get("exit_code") : "")
                    + e.duration().map(x -> ", " + Durations.format(x)).orElse("");
            case AuditActions.STEP_SKIPPED -> step + " skipped";
            case AuditActions.APPROVAL_REQUESTED -> "approval requested for " + step;
            case AuditActions.APPROVAL_VOTED -> "voted " + e.result() + " on " + step;
            case AuditActions.APPROVAL_REFUSED -> "vote on " + step + " refused: " + d.getOrDefault("reason", "?");
            case AuditActions.APPROVAL_EXPIRED -> "approval of " + step + " expired";
            case AuditActions.RUN_CANCELLED -> "cancellation of " + run + " requested";
            case AuditActions.RUN_FINISHED -> run + " finished: " + e.result().replace('_', ' ')
                    + e.duration().map(x -> " after " + Durations.format(seconds(x))).orElse("");
            case AuditActions.RUN_INTERRUPTED -> run + " interrupted";
            case AuditActions.RUN_RESUMED -> run + " resumed";
            case AuditActions.DRILL_LESSON -> "lesson: " + d.getOrDefault("text", "");
            default -> null;
        };
        return Optional.ofNullable(text);
    }

    private static Duration seconds(Duration d) {
        return Duration.ofSeconds(d.toSeconds());
    }
}
