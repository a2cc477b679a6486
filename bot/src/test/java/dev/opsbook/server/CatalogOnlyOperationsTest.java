package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.StartRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogOnlyOperationsTest {
    @TempDir
    Path dir;

    private final Requester alice = new Requester(new ChatUser("slack", "U1", "alice"), new Identity("alice", Set.of()));

    private void write(String name, String id, String service) throws IOException {
        Files.writeString(dir.resolve(name), """
                ---
                id: %s
                title: Restore %s
                service: %s
                owners: [alice]
                approvers: [bob]
                rto: 30m
                ---
                # Restore

                ```bash {#restore-db kind=restore approvals=1}
                pg_restore --clean
                ```
                """.formatted(id, id, service));
    }

    @Test
    void listAndShowReadTheRunbookDirectory() throws IOException {
        write("orders.md", "orders-restore", "orders-db");
        write("billing.md", "billing-restore", "billing-db");
        CatalogOnlyOperations ops = new CatalogOnlyOperations(dir);

        assertThat(ops.list(Optional.empty(), alice).text())
                .contains("*Runbooks* (2)", "`billing-restore` — Restore billing-restore (billing-db, RTO 30m)", "`orders-restore`");
        assertThat(ops.list(Optional.of("orders-db"), alice).text()).contains("(1)").doesNotContain("billing");

        ChatMessage shown = ops.show("orders-restore", alice);
        assertThat(shown.text()).contains("*Restore*", "`restore-db` restore (needs 1 approval)");
        assertThat(shown.fields()).contains(new ChatMessage.Field("Service", "orders-db"),
                new ChatMessage.Field("Approvers", "bob"), new ChatMessage.Field("RTO", "30m"));
        assertThat(ops.show("nope", alice).text()).contains("No runbook `nope`");
    }

    @Test
    void runsAreHonestlyUnavailableAndAMissingDirectoryIsExplained() {
        CatalogOnlyOperations ops = new CatalogOnlyOperations(dir.resolve("missing"));

        assertThat(ops.list(Optional.empty(), alice).text()).contains("no runbook directory").contains("OPSBOOK_RUNBOOKS");
        ChatMessage run = ops.start(new StartRun("orders-restore", Optional.empty(), Map.of(), false, alice,
                ChatThread.channel("slack", "C1"), "t-1"));
        assertThat(run.text()).isEqualTo("`/runbook run` is not available in this build: the execution engine is not connected to chat.");
    }
}
