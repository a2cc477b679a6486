package dev.opsbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditKey;
import dev.opsbook.audit.AuditSigning;
import dev.opsbook.audit.Checkpoint;
import dev.opsbook.audit.CheckpointLog;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.testing.RecordingChatGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's checkpoints: on a schedule when the head moved, at once after a sensitive event, each mirrored to the alert channel. */
class CheckpointScheduleIT {
    @TempDir
    Path dir;

    @Test
    void checkpointsAreWrittenOnScheduleAndAfterSensitiveEventsAndMirroredToChat() throws Exception {
        AuditKey key = AuditKey.generate();
        CheckpointLog log = new CheckpointLog(dir.resolve("checkpoints.jsonl"));
        RecordingChatGateway chat = new RecordingChatGateway();
        try (TestDatabase db = TestDatabase.create();
             Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()));
             JdbcAuditLog audit = new JdbcAuditLog(database.dataSource(), Clock.systemUTC(),
                     new AuditSigning(Optional.of(key), Optional.of(log)));
             CheckpointSchedule schedule = new CheckpointSchedule(audit, new Announcements(chat,
                     List.of(ChatThread.channel("slack", "C-ALERTS"))), Executors.newSingleThreadScheduledExecutor(),
                     Duration.ofMillis(200))) {
            RecordedEvent ordinary = audit.append(event(AuditActions.STEP_STARTED));
            for (int i = 0; i < 100 && log.read().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(log.read()).hasSize(1);
            Checkpoint scheduled = log.read().getFirst().checkpoint().orElseThrow();
            assertThat(scheduled.sequence()).isEqualTo(ordinary.sequence());
            assertThat(scheduled.hash()).isEqualTo(ordinary.hash());
            assertThat(scheduled.signedBy(key)).isTrue();

            RecordedEvent finished = audit.append(event(AuditActions.RUN_FINISHED)); // checkpointed at once
            assertThat(log.read().stream().map(e -> e.checkpoint().orElseThrow().sequence())).contains(finished.sequence());
            Thread.sleep(600); // the head did not move again: no more scheduled checkpoints
            assertThat(log.read()).hasSize(2);

            assertThat(chat.calls("post")).hasSize(2).allSatisfy(c -> {
                assertThat(c.where().channel()).isEqualTo("C-ALERTS");
                assertThat(c.message().text()).startsWith("🔏 Audit checkpoint: sequence ");
            });
            assertThat(chat.calls("post").getLast().message().text()).contains(finished.hash());
        }
    }

    private static AuditEvent event(String action) {
        return new AuditEvent(new Actor("cli", "alice", "alice"), action, Optional.of("r-1"), Optional.empty(), Optional.empty(),
                Map.of(), "ok", Optional.empty(), Optional.empty(), Map.of());
    }
}
