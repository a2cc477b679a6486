package dev.opsbook.alert;

import dev.opsbook.chat.ChatButton;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The chat card of an incident: alert name, severity, summary, start, the matched runbook (linked to its page on
 * the site when the site's address is known) and the buttons "Run diagnosis", "Open runbook" and "Acknowledge";
 * once resolved, how long it lasted. Unmapped alerts say so and how to map one.
 */
public final class IncidentCard {
    public static final String DIAGNOSE = "opsbook.alert.diagnose";
    public static final String OPEN = "opsbook.alert.open";
    public static final String ACKNOWLEDGE = "opsbook.alert.ack";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private IncidentCard() {}

    /** {@code siteUrl}: the site's address ({@code https://ops.example.com/}), empty when not known. */
    public static ChatMessage render(Incident.Snapshot incident, String siteUrl) {
        Alert first = incident.first();
        int firing = incident.firing().size();
        String names = incident.alerts().stream().map(Alert::name).distinct().collect(Collectors.joining(", "));
        String headline = incident.resolved()
                ? "Resolved: *" + names + "* after " + Durations.format(round(incident.duration().orElse(Duration.ZERO)))
                : "Alert firing: *" + names + "*" + (incident.alerts().size() > 1 ? " (" + firing + " of "
                        + incident.alerts().size() + " firing)" : "");
        ChatMessage.Builder card = ChatMessage.builder(headline)
                .status(incident.resolved() ? ChatStatus.SUCCEEDED : ChatStatus.FAILED)
                .field("Severity", first.severity())
                .field("Started", UTC.format(incident.startedAt()))
                .field("Summary", first.summary());
        incident.resolvedAt().ifPresent(end -> card.field("Resolved", UTC.format(end)));
        if (incident.match().isPresent()) {
            RunbookMatch m = incident.match().get();
            Optional<String> page = page(siteUrl, m.runbook().id());
            card.field("Runbook", m.runbook().title() + " (`" + m.runbook().id() + "`, by " + m.rule() + ")"
                    + page.map(p -> "\n" + p).orElse(""));
        } else {
            card.field("Runbook", "none matched: add `alerts: [" + first.name() + "]` to a runbook's front matter, a"
                    + " `runbook` label or `runbook_url` annotation to the alert rule, or a `service` label naming a runbook's"
                    + " service (docs/alerts.md)");
        }
        incident.acknowledgedBy().ifPresent(who -> card.field("Acknowledged", who));
        incident.diagnosisRun().ifPresent(run -> card.field("Diagnosis", "run `" + run + "` (in this thread)"));
        incident.diagnosisNote().ifPresent(note -> card.field("Diagnosis", note));
        if (!incident.resolved() && incident.match().isPresent()) {
            String id = incident.match().get().runbook().id();
            card.button(ChatButton.action(DIAGNOSE, "Run diagnosis", incident.id()));
            card.button(page(siteUrl, id).map(p -> ChatButton.link(OPEN, "Open runbook", p))
                    .orElse(ChatButton.action(OPEN, "Open runbook", incident.id())));
        }
        if (!incident.resolved() && incident.acknowledgedBy().isEmpty()) {
            card.button(ChatButton.action(ACKNOWLEDGE, "Acknowledge", incident.id()));
        }
        return card.context("incident `" + incident.id() + "` · " + incident.notifications() + " notification(s)"
                + (first.generatorUrl().isBlank() ? "" : " · source: " + first.generatorUrl())).build();
    }

    /** The runbook's page on the site, when the site's address is configured. */
    public static Optional<String> page(String siteUrl, String runbookId) {
        if (siteUrl == null || siteUrl.isBlank()) {
            return Optional.empty();
        }
        return Optional.of((siteUrl.endsWith("/") ? siteUrl : siteUrl + "/") + "runbooks/" + runbookId + ".html");
    }

    private static Duration round(Duration d) {
        return Duration.ofSeconds(Math.max(0, d.toSeconds()));
    }
}
