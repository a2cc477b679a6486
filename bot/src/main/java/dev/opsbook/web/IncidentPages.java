package dev.opsbook.web;

import dev.opsbook.alert.Alert;
import dev.opsbook.alert.Incidents;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.timeline.Timeline;
import dev.opsbook.timeline.TimelineBuilder;
import dev.opsbook.timeline.TimelineMarkdown;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's incident list ({@code /incidents}: open and recent incidents from the shared incident store) and
 * incident page ({@code /incidents/{id}}, also for a run id): the timeline the audit log gives
 * (header, events, lessons) and its Markdown postmortem draft ({@code /incidents/{id}/timeline.md}).
 */
@RestController
final class IncidentPages {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final AuditLog audit;
    private final Incidents incidents;
    private final WebPages pages;

    IncidentPages(AuditLog audit, Incidents incidents, WebPages pages) {
        this.audit = audit;
        this.incidents = incidents;
        this.pages = pages;
    }

    @GetMapping(value = "/incidents", produces = MediaType.TEXT_HTML_VALUE)
    String list(Authentication user) {
        List<Map<String, Object>> rows = incidents.recent(200).stream().map(i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i.id());
            row.put("alert", i.alerts().stream().map(Alert::name).distinct().collect(Collectors.joining(", ")));
            row.put("severity", i.first().severity());
            row.put("status", i.resolved() ? "resolved" : "firing");
            row.put("status_class", i.resolved() ? "ok" : "bad");
            row.put("runbook", i.match().map(m -> m.runbook().id()).orElse(""));
            row.put("started", UTC.format(i.startedAt()));
            row.put("duration", i.duration().map(IncidentPages::duration).orElse("open"));
            row.put("acknowledged", i.acknowledgedBy().orElse("—"));
            return row;
        }).toList();
        return pages.render("web-incidents.mustache", Map.of("title", "Incidents", "root", "/", "nav_incidents", true,
                "web_user", user.getName(), "incidents", rows, "empty", rows.isEmpty()));
    }

    @GetMapping(value = "/incidents/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> incident(@PathVariable String id, Authentication user) {
        Optional<Timeline> timeline = timeline(id);
        if (timeline.isEmpty()) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_HTML).body(pages.render("web-message.mustache",
                    Map.of("title", "No such incident", "root", "/", "web_user", user.getName(),
                            "message", "The audit log has no incident or run " + id + ".", "bad", true)));
        }
        Timeline t = timeline.get();
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", (t.incident().isPresent() ? "Incident " : "Run ") + t.id() + ": " + t.alert());
        scope.put("root", "/");
        scope.put("nav_incidents", true);
        scope.put("web_user", user.getName());
        scope.put("id", t.id());
        scope.put("alert", t.alert());
        scope.put("runbook", t.runbook());
        scope.put("service", t.service());
        scope.put("runs", t.runs());
        scope.put("start", UTC.format(t.start()) + " UTC");
        scope.put("end", t.end().map(e -> UTC.format(e) + " UTC").orElse("still open"));
        scope.put("open", t.end().isEmpty());
        scope.put("first_action", t.timeToFirstAction().map(IncidentPages::duration).orElse("—"));
        scope.put("mitigation", t.timeToMitigation().map(IncidentPages::duration).orElse("—"));
        scope.put("events", t.entries().stream().map(e -> Map.of("time", UTC.format(e.time()), "actor", e.actor(),
                "event", e.event(), "run", e.runId().orElse(""))).toList());
        scope.put("lessons", t.lessons().stream().map(l -> Map.of("text", l.text(), "run", l.runId(), "by", l.by(),
                "time", UTC.format(l.time()))).toList());
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(pages.render("web-incident.mustache", scope));
    }

    @GetMapping(value = "/incidents/{id}/timeline.md", produces = "text/markdown;charset=UTF-8")
    ResponseEntity<String> markdown(@PathVariable String id) {
        return timeline(id).map(t -> ResponseEntity.ok()
                        .header("Content-Disposition", "attachment; filename=\"timeline-" + t.id() + ".md\"")
                        .body(TimelineMarkdown.render(t)))
                .orElseGet(() -> ResponseEntity.status(404).body("no incident or run " + id + "\n"));
    }

    private Optional<Timeline> timeline(String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            return Optional.empty();
        }
        List<RecordedEvent> events = new ArrayList<>();
        audit.read(1, events::add);
        return TimelineBuilder.build(id, events);
    }

    private static String duration(Duration d) {
        return dev.opsbook.runbook.Durations.format(Duration.ofSeconds(Math.max(0, d.toSeconds())));
    }
}
