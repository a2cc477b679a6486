package dev.opsbook.alert;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chatops.ScheduledStarts;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opsbook does with an alert notification: folds it into its incident, audits it ({@code alert.received} per
 * alert, {@code alert.matched} when the incident maps to a runbook, {@code alert.resolved}), marks the incident's
 * card stale (the {@link CardDeliveries} post or update it, retrying through a chat outage), and for a new incident
 * starts the matched runbook's diagnosis as {@link Actor#ALERTMANAGER} in the card's thread. {@link #receive}
 * returns once everything is audited; chat and the diagnosis happen on {@code work}.
 */
public final class AlertIntake {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);

    /** Starts a procedure as {@link Actor#ALERTMANAGER}, mirrored into {@code thread} when there is one. */
    @FunctionalInterface
    public interface Diagnoser {
        ScheduledStarts.Outcome start(String runbookId, String procedure, Optional<ChatThread> thread);
    }

    private final Incidents board;
    private final CardDeliveries cards;
    private final AuditLog audit;
    private final Supplier<List<Runbook>> runbooks;
    private final List<ChatThread> alertChannels;
    private final Diagnoser diagnoser;
    private final Executor work;

    public AlertIntake(Incidents board, CardDeliveries cards, AuditLog audit, Supplier<List<Runbook>> runbooks,
                       List<ChatThread> alertChannels, Diagnoser diagnoser, Executor work) {
        this.board = board;
        this.cards = cards;
        this.audit = audit;
        this.runbooks = runbooks;
        this.alertChannels = List.copyOf(alertChannels);
        this.diagnoser = diagnoser;
        this.work = work;
    }

    public Incidents.Received receive(AlertNotification n) {
        Incidents.Received r = board.receive(n, runbooks.get(), alertChannels);
        Incident.Snapshot incident = r.incident();
        Optional<RunbookRef> ref = incident.match().map(m -> ref(m.runbook()));
        for (Alert a : n.alerts()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("incident", incident.id());
            details.put("alert", a.name());
            details.put("fingerprint", a.fingerprint());
            details.put("group_key", n.groupKey());
            details.put("severity", a.severity());
            details.put("summary", a.summary());
            details.put("source", n.source());
            details.put("starts_at", a.startsAt().toString());
            a.endsAt().ifPresent(e -> details.put("ends_at", e.toString()));
            details.put("runbook", incident.match().map(m -> m.runbook().id()).orElse("none"));
            details.put("repeat", String.valueOf(r.repeated().contains(a)));
            append(AuditActions.ALERT_RECEIVED, Optional.empty(), ref, a.firing() ? "firing" : "resolved", Optional.empty(), details);
        }
        if (r.opened() && incident.match().isPresent()) {
            append(AuditActions.ALERT_MATCHED, Optional.empty(), ref, incident.match().get().rule(), Optional.empty(),
                    Map.of("incident", incident.id(), "alert", incident.first().name(), "service", incident.match().get().runbook().service()));
        }
        if (r.nowResolved()) {
            append(AuditActions.ALERT_RESOLVED, incident.diagnosisRun(), ref, "resolved", incident.duration(),
                    Map.of("incident", incident.id(), "alert", incident.first().name(), "started_at",
                            incident.startedAt().toString(), "ended_at", incident.resolvedAt().orElseThrow().toString()));
        }
        cards.changed(incident.id(), incident.channels());
        if (incident.channels().isEmpty()) {
            LOG.info("incident {} ({}): no alert channel configured (OPSBOOK_ALERTS_CHANNELS or the runbook's alert_channels)",
                    incident.id(), incident.first().name());
        }
        boolean diagnose = r.opened() && !incident.resolved() && incident.match().isPresent();
        try {
            work.execute(() -> {
                cards.pump();
                if (diagnose) {
                    diagnose(incident);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("incident {}: opsbook is shutting down; the card follows when chat is pumped, no diagnosis started", incident.id());
        }
        return r;
    }

    private void diagnose(Incident.Snapshot incident) {
        Runbook rb = incident.match().orElseThrow().runbook();
        AlertSettings alerting = rb.alerting();
        Optional<Section> procedure = alerting.diagnosisIn(rb);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("incident", incident.id());
        String name = procedure.map(Section::slug).orElse(alerting.onAlert().orElse(AlertSettings.DIAGNOSE));
        details.put("procedure", name);
        if (procedure.isEmpty() || !alerting.answersAlerts()) {
            String reason = procedure.isEmpty()
                    ? "runbook " + rb.id() + " has no diagnosis procedure (a `## Diagnose` procedure of kind=check steps, or on_alert: {run: PROCEDURE})"
                    : "runbook " + rb.id() + " does not name this alert (alerts: or on_alert:), so opsbook does not run it unattended";
            details.put("reason", reason);
            append(AuditActions.ALERT_DIAGNOSIS, Optional.empty(), Optional.of(ref(rb)), "not_run", Optional.empty(), details);
            board.diagnosis(incident.id(), Optional.empty(), Optional.of("not run automatically: " + reason));
            cards.changed(incident.id(), incident.channels());
            cards.pump();
            return;
        }
        Optional<ChatThread> thread = cards.posted(incident.id()).stream().findFirst().map(ChatThread::under)
                .or(() -> incident.channels().stream().findFirst());
        ScheduledStarts.Outcome outcome = diagnoser.start(rb.id(), name, thread);
        Optional<String> runId = Optional.empty();
        String result;
        Optional<String> note = Optional.empty();
        switch (outcome) {
            case ScheduledStarts.Outcome.Started s -> {
                runId = Optional.of(s.run().id().value());
                board.linkRun(incident.id(), runId.get(), Actor.ALERTMANAGER.userId());
                result = "started";
            }
            case ScheduledStarts.Outcome.Pending p -> {
                result = "pending";
                note = Optional.of("starting…");
            }
            case ScheduledStarts.Outcome.Refused f -> {
                result = "refused";
                details.put("reason", f.reason());
                note = Optional.of("not run automatically: " + f.reason());
            }
        }
        append(AuditActions.ALERT_DIAGNOSIS, runId, Optional.of(ref(rb)), result, Optional.empty(), details);
        board.diagnosis(incident.id(), runId, note);
        cards.changed(incident.id(), incident.channels());
        cards.pump();
    }

    private void append(String action, Optional<String> runId, Optional<RunbookRef> runbook, String result,
                        Optional<Duration> duration, Map<String, String> details) {
        audit.append(new AuditEvent(Actor.ALERTMANAGER, action, runId, Optional.empty(), runbook, Map.of(), result, duration,
                Optional.empty(), details));
    }

    private static RunbookRef ref(Runbook rb) {
        return new RunbookRef(rb.id(), rb.sha256(), GitCommit.of(Path.of(rb.path()).toAbsolutePath()));
    }
}
