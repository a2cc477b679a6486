package dev.opsbook.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Timelines against golden files in {@code src/test/resources/timeline/}: an incident with its alert, automatic
 * diagnosis, acknowledgement, a fix started from the card that waits for an approval, fails and rolls back, a second
 * fix that succeeds, and the resolution; and a plain run that belongs to no incident. Run with
 * {@code -Dtimeline.update=true} to rewrite the golden files (then review the diff).
 */
class TimelineGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/timeline");
    static final RunbookRef REF = new RunbookRef("orders-db", "ab".repeat(32), "0123456789abcdef");
    static final Actor ALICE = new Actor("slack", "alice", "Alice");
    static final Actor BOB = new Actor("slack", "bob", "Bob");
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    final List<RecordedEvent> log = new ArrayList<>();

    void add(int seconds, Actor actor, String action, String run, String step, String result, Duration duration, String... details) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            d.put(details[i], details[i + 1]);
        }
        log.add(new RecordedEvent(log.size() + 1, T0.plusSeconds(seconds), new AuditEvent(actor, action, Optional.ofNullable(run),
                Optional.ofNullable(step), Optional.of(REF), Map.of(), result, Optional.ofNullable(duration), Optional.empty(), d),
                "0".repeat(64), "1".repeat(64)));
    }

    void incident() {
        add(-120, ALICE, AuditActions.DRILL_LESSON, "r-drill1", null, "added", null, "text", "amcheck must be installed | in the sandbox");
        Actor am = Actor.ALERTMANAGER;
        add(30, am, AuditActions.ALERT_RECEIVED, null, null, "firing", null, "incident", "i-1", "alert", "OrdersDbDown",
                "severity", "critical", "summary", "orders-db is not answering", "starts_at", "2026-12-04T10:00:00Z", "repeat", "false");
        add(30, am, AuditActions.ALERT_MATCHED, null, null, "alerts", null, "incident", "i-1", "alert", "OrdersDbDown", "service", "orders");
        add(31, am, AuditActions.RUN_REQUESTED, "r-diag", null, "requested", null);
        add(31, am, AuditActions.RUN_STARTED, "r-diag", null, "running", null, "procedure", "diagnose");
        add(31, am, AuditActions.STEP_STARTED, "r-diag", "ping", "running", null, "kind", "check");
        add(33, am, AuditActions.STEP_FINISHED, "r-diag", "ping", "failed", Duration.ofMillis(1800), "kind", "check", "exit_code", "2");
        add(33, am, AuditActions.RUN_FINISHED, "r-diag", null, "failed", Duration.ofSeconds(2));
        add(32, am, AuditActions.ALERT_DIAGNOSIS, "r-diag", null, "started", null, "incident", "i-1", "procedure", "diagnose");
        add(35, am, AuditActions.ALERT_RECEIVED, null, null, "firing", null, "incident", "i-1", "alert", "OrdersDbDown",
                "severity", "critical", "starts_at", "2026-12-04T10:00:00Z", "repeat", "true");
        add(150, ALICE, AuditActions.ALERT_ACKNOWLEDGED, null, null, "acknowledged", null, "incident", "i-1");
        add(200, ALICE, AuditActions.RUN_REQUESTED, "r-fix1", null, "requested", null);
        add(200, ALICE, AuditActions.ALERT_RUN_LINKED, "r-fix1", null, "linked", null, "incident", "i-1");
        add(201, ALICE, AuditActions.RUN_STARTED, "r-fix1", null, "running", null, "procedure", "restore");
        add(201, ALICE, AuditActions.APPROVAL_REQUESTED, "r-fix1", "restore-db", "waiting", null);
        add(260, BOB, AuditActions.APPROVAL_VOTED, "r-fix1", "restore-db", "approve", null);
        add(260, ALICE, AuditActions.STEP_STARTED, "r-fix1", "restore-db", "running", null, "kind", "restore");
        add(320, ALICE, AuditActions.STEP_FINISHED, "r-fix1", "restore-db", "failed", Duration.ofSeconds(60), "kind", "restore", "exit_code", "1");
        add(321, ALICE, AuditActions.STEP_STARTED, "r-fix1", "drop-scratch", "running", null, "kind", "rollback");
        add(325, ALICE, AuditActions.STEP_FINISHED, "r-fix1", "drop-scratch", "succeeded", Duration.ofSeconds(4), "kind", "rollback", "exit_code", "0");
        add(325, ALICE, AuditActions.RUN_FINISHED, "r-fix1", null, "rolled_back", Duration.ofSeconds(124));
        add(400, BOB, AuditActions.RUN_REQUESTED, "r-fix2", null, "requested", null);
        add(400, BOB, AuditActions.ALERT_RUN_LINKED, "r-fix2", null, "linked", null, "incident", "i-1");
        add(401, BOB, AuditActions.RUN_STARTED, "r-fix2", null, "running", null, "procedure", "failover");
        add(402, BOB, AuditActions.STEP_STARTED, "r-fix2", "promote", "running", null, "kind", "failover");
        add(430, BOB, AuditActions.STEP_FINISHED, "r-fix2", "promote", "succeeded", Duration.ofSeconds(28), "kind", "failover", "exit_code", "0");
        add(431, BOB, AuditActions.RUN_FINISHED, "r-fix2", null, "succeeded", Duration.ofSeconds(30));
        add(500, BOB, AuditActions.RUN_REQUESTED, "r-other", null, "requested", null);
        add(600, am, AuditActions.ALERT_RESOLVED, null, null, "resolved", Duration.ofSeconds(580), "incident", "i-1",
                "ended_at", "2026-12-04T10:09:40Z");
        log.sort(java.util.Comparator.comparing(RecordedEvent::time));
    }

    @Test
    void anIncidentsTimelineMatchesItsGoldenFiles() throws IOException {
        incident();
        Timeline t = TimelineBuilder.build("i-1", log).orElseThrow();
        golden("incident.md", TimelineMarkdown.render(t));
        golden("incident.json", TimelineJson.render(t));
    }

    @Test
    void aRunOfTheIncidentGivesTheIncidentsTimeline() {
        incident();
        assertThat(TimelineBuilder.build("r-diag", log).map(TimelineMarkdown::render))
                .contains(TimelineMarkdown.render(TimelineBuilder.build("i-1", log).orElseThrow()));
    }

    @Test
    void aRunOutsideAnyIncidentHasItsOwnTimeline() throws IOException {
        incident();
        add(700, ALICE, AuditActions.RUN_STARTED, "r-other", null, "running", null, "procedure", "backup");
        add(701, ALICE, AuditActions.STEP_STARTED, "r-other", "dump", "running", null, "kind", "backup");
        add(710, ALICE, AuditActions.RUN_CANCELLED, "r-other", null, "requested", null);
        add(711, ALICE, AuditActions.STEP_FINISHED, "r-other", "dump", "cancelled", Duration.ofSeconds(10), "kind", "backup", "exit_code", "143");
        add(711, ALICE, AuditActions.RUN_FINISHED, "r-other", null, "cancelled", Duration.ofSeconds(11));
        golden("run.md", TimelineMarkdown.render(TimelineBuilder.build("r-other", log).orElseThrow()));
    }

    @Test
    void anUnknownIdHasNoTimeline() {
        incident();
        assertThat(TimelineBuilder.build("r-nope", log)).isEmpty();
        assertThat(TimelineBuilder.build("i-nope", log)).isEmpty();
    }

    static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("timeline.update")) {
            Files.writeString(file, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }
}
