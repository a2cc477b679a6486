package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.chat.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled integrity job on real files, and {@code /runbook backups} through the router on the real engine. */
class IntegrityJobIT {
    @TempDir
    Path dir;
    SchedulerFixture fx;

    @AfterEach
    void close() throws InterruptedException {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void chatListsTheCatalogNewestFirstWithSizesChecksumsRetentionAndLocks() throws Exception {
        fx = new SchedulerFixture(dir);
        record("r-0000000001/old", "old dump", Instant.parse("2026-11-20T02:00:00Z"), true);
        record("r-0000000002/new", "a newer, larger dump", Instant.parse("2026-11-24T02:00:00Z"), false);

        ChatMessage reply = fx.ask("backups orders");

        assertThat(reply.text()).isEqualTo("*Backups of orders*: 2 catalogued, newest first");
        assertThat(reply.fields()).extracting(ChatMessage.Field::value).contains("2026-11-24 02:00Z", "28 B", "1");
        String table = reply.code().orElseThrow();
        assertThat(table.indexOf("r-0000000002/new")).isLessThan(table.indexOf("r-0000000001/old"));
        assertThat(table).contains("2026-11-24 02:00Z  20 B       sha256 " + sha256("a newer, larger dump").substring(0, 12)
                + "  daily", "  LOCKED  r-0000000001/old", dir.resolve("r-0000000002-new.dump").toString());
        assertThat(fx.ask("backups billing").text()).startsWith("No backups of `billing` are catalogued.");
    }

    @Test
    void theScheduledCheckFindsAChangedAndAMissingFileAuditsThemAndPostsIncidents() throws Exception {
        fx = new SchedulerFixture(dir);
        record("r-0000000001/intact", "intact", Instant.parse("2026-11-20T02:00:00Z"), false);
        Path changed = record("r-0000000002/changed", "original bytes", Instant.parse("2026-11-21T02:00:00Z"), false);
        Path deleted = record("r-0000000003/deleted", "soon gone", Instant.parse("2026-11-22T02:00:00Z"), false);
        Files.writeString(changed, "tampered bytes");
        Files.delete(deleted);
        SchedulerSettings everySecond = new SchedulerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1),
                MisfirePolicy.DEFAULT, Optional.of("* * * * * ?"), Optional.empty(), "UTC");

        fx.node(everySecond).start(List.of(), "");

        RecordedEvent checked = fx.awaitAudit(AuditActions.BACKUP_INTEGRITY_CHECKED, e -> !e.isEmpty(), Duration.ofSeconds(20))
                .getFirst();
        assertThat(checked.event().actor()).isEqualTo(Actor.SCHEDULER);
        assertThat(checked.event().result()).isEqualTo("problems");
        assertThat(checked.event().details()).containsAllEntriesOf(Map.of("checked", "3", "problems", "2", "missing", "1",
                "mismatch", "1"));
        List<RecordedEvent> failed = fx.audit(AuditActions.BACKUP_INTEGRITY_FAILED).stream()
                .filter(e -> e.sequence() < checked.sequence()).toList();
        assertThat(failed).extracting(e -> e.event().details().get("artifact") + ":" + e.event().result())
                .containsExactlyInAnyOrder("r-0000000002/changed:mismatch", "r-0000000003/deleted:missing");
        List<ChatMessage> incidents = fx.chat.calls("post").stream()
                .filter(c -> SchedulerFixture.ALERTS.equals(c.where()))
                .map(c -> c.message()).filter(m -> m.text().contains("Backup integrity incident")).toList();
        assertThat(incidents).anySatisfy(m -> {
            assertThat(m.text()).contains("the backup file no longer matches its SHA-256");
            assertThat(m.fields()).contains(new ChatMessage.Field("Backup", "`r-0000000002/changed`"),
                    new ChatMessage.Field("Actual sha256", sha256("tampered bytes").substring(0, 16) + "…"));
        });
        assertThat(incidents).anySatisfy(m -> {
            assertThat(m.text()).contains("(orders): the backup file is missing");
            assertThat(m.fields()).contains(new ChatMessage.Field("Location", deleted.toString()));
        });
    }

    @Test
    void theScheduledRetentionPrunesByTheRunbooksRetentionKeepsLockedBackupsAndLeavesTheCatalogIntact() throws Exception {
        fx = new SchedulerFixture(dir);
        fx.write("orders.md", """
                ---
                id: orders-db
                title: Orders
                service: orders
                owners: [alice]
                data_sources:
                  - {name: orders, type: database, retention: keep-last=1, encryption: {at_rest: none, in_transit: none}}
                ---
                ## Backup

                ```bash {#dump kind=backup}
                true
                ```
                """);
        Path expired = record("r-0000000001/expired", "old", Instant.now().minus(Duration.ofDays(3)), false);
        Path locked = record("r-0000000002/locked", "kept by lock", Instant.now().minus(Duration.ofDays(2)), true);
        Path newest = record("r-0000000003/newest", "newest", Instant.now().minus(Duration.ofDays(1)), false);
        SchedulerSettings everySecond = new SchedulerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1),
                MisfirePolicy.DEFAULT, Optional.of("*/2 * * * * ?"), Optional.of("* * * * * ?"), "UTC");

        fx.node(everySecond).start(List.of(), "");

        RecordedEvent pruned = fx.awaitAudit(AuditActions.BACKUP_PRUNED, e -> !e.isEmpty(), Duration.ofSeconds(20)).getFirst();
        assertThat(pruned.event().actor()).isEqualTo(Actor.SCHEDULER);
        assertThat(pruned.event().details()).containsEntry("artifact", "r-0000000001/expired");
        RecordedEvent clean = fx.awaitAudit(AuditActions.BACKUP_INTEGRITY_CHECKED,
                e -> e.stream().anyMatch(c -> c.sequence() > pruned.sequence()), Duration.ofSeconds(20)).stream()
                .filter(c -> c.sequence() > pruned.sequence()).findFirst().orElseThrow();
        assertThat(clean.event().result()).isEqualTo("ok");
        assertThat(clean.event().details()).containsEntry("checked", "2");
        assertThat(expired).doesNotExist();
        assertThat(locked).exists();
        assertThat(newest).exists();
        assertThat(fx.audit(AuditActions.BACKUP_PRUNED)).hasSize(1);
        assertThat(fx.engine.catalog().list(Optional.of("orders"))).extracting(BackupArtifact::id)
                .containsExactly("r-0000000003/newest", "r-0000000002/locked");
    }

    private Path record(String id, String content, Instant created, boolean locked) throws Exception {
        Path file = dir.resolve(id.replace('/', '-') + ".dump");
        Files.writeString(file, content);
        fx.engine.catalog().record(new BackupArtifact(id, "orders", new RunbookRef("orders-db", "0".repeat(64), ""),
                id.substring(0, id.indexOf('/')), "dump", created, Map.of("database", "orders"), file.toRealPath(),
                content.getBytes(StandardCharsets.UTF_8).length, sha256(content), "daily", locked,
                Optional.of(dir.toRealPath())));
        return file;
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
