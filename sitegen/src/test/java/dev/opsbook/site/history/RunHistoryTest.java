package dev.opsbook.site.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditJson;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    private static RecordedEvent event(long seq, String action, String run, String result, Map<String, String> details) {
        return new RecordedEvent(seq, Instant.parse("2026-11-20T00:00:00Z").plusSeconds(seq * 60),
                new AuditEvent(new Actor("cli", "u1", "Una"), action, Optional.of(run), Optional.of("s1"),
                        Optional.of(new RunbookRef("pg", "0".repeat(64), "")), Map.of(), result, Optional.empty(),
                        Optional.empty(), details), "prev", "hash");
    }

    private static final List<RecordedEvent> EVENTS = List.of(
            event(1, AuditActions.RUN_STARTED, "r1", "", Map.of("procedure", "backup")),
            event(2, AuditActions.STEP_FINISHED, "r1", "succeeded", Map.of("kind", "backup")),
            event(3, AuditActions.RUN_FINISHED, "r1", "succeeded", Map.of()),
            event(4, AuditActions.RUN_STARTED, "r2", "", Map.of("procedure", "restore")),
            event(5, AuditActions.STEP_FINISHED, "r2", "failed", Map.of("kind", "backup")),
            event(6, AuditActions.DRILL_FINISHED, "r2", "succeeded",
                    Map.of("time_to_restore_ms", "60000", "rto_ms", "1800000", "met_rto", "true")));

    @Test
    void derivesRunsBackupsAndDrills() {
        RunbookHistory h = RunHistory.of(EVENTS).forRunbook("pg");
        assertThat(h.runs()).extracting(RunRecord::runId).containsExactly("r2", "r1");
        assertThat(h.runs().get(1).result()).contains("succeeded");
        assertThat(h.runs().get(1).duration()).contains(Duration.ofMinutes(2));
        assertThat(h.runs().get(0).result()).as("still running").isEmpty();
        assertThat(h.lastBackup()).get().extracting(BackupRecord::runId).isEqualTo("r1");
        assertThat(h.lastDrill()).get().satisfies(d -> {
            assertThat(d.timeToRestore()).isEqualTo(Duration.ofMinutes(1));
            assertThat(d.metRto()).isTrue();
        });
        assertThat(RunHistory.of(EVENTS).forRunbook("other").isEmpty()).isTrue();
    }

    @Test
    void failedDrillsPhasesAndLessonsAreKeptWithTheirDrill() {
        RunbookHistory h = RunHistory.of(List.of(
                event(1, AuditActions.DRILL_FINISHED, "d1", "passed", Map.of("time_to_restore_ms", "90000",
                        "time_to_detect_ms", "1000", "time_to_respond_ms", "9000", "time_to_recover_ms", "80000",
                        "rto_ms", "1800000", "met_rto", "true", "elapsed_ms", "95000")),
                event(2, AuditActions.DRILL_LESSON, "d1", "added", Map.of("text", "amcheck was missing in the sandbox")),
                event(3, AuditActions.DRILL_FINISHED, "d2", "failed", Map.of("elapsed_ms", "40", "met_rto", "false",
                        "reason", "checksum mismatch: refusing to restore it")))).forRunbook("pg");
        assertThat(h.drills()).hasSize(2);
        DrillRecord passed = h.drills().getFirst();
        assertThat(passed.passed()).isTrue();
        assertThat(passed.phases()).containsExactly(Map.entry("detect", Duration.ofSeconds(1)),
                Map.entry("respond", Duration.ofSeconds(9)), Map.entry("recover", Duration.ofSeconds(80)));
        assertThat(passed.lessons()).singleElement().satisfies(l -> {
            assertThat(l.text()).isEqualTo("amcheck was missing in the sandbox");
            assertThat(l.author()).isEqualTo("Una");
        });
        DrillRecord failed = h.lastDrill().orElseThrow();
        assertThat(failed.failure()).contains("checksum mismatch: refusing to restore it");
        assertThat(failed.metRto()).isFalse();
    }

    @Test
    void readsAnAuditExportAndNamesTheBadLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.write(file, EVENTS.stream().map(AuditJson::toLine).toList());
        assertThat(HistoryFile.read(file).forRunbook("pg").runs()).hasSize(2);

        Files.writeString(file, AuditJson.toLine(EVENTS.get(0)) + "\n\n{\"action\": 3}\n");
        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(HistoryFile.InvalidHistoryException.class)
                .hasMessageContaining("history.jsonl:3: not an audit event");
    }
}
