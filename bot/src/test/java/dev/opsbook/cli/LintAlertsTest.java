package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code opsbook lint --alerts}: the alert names runbooks list, where each maps (the smallest id of the runbooks
 * without errors, as the server maps them), whether the diagnosis runs at once, and runbooks that list an alert in vain.
 */
class LintAlertsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lint(String... args) {
        CommandLine cli = new CommandLine(new Opsbook());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private void runbook(String id, String frontMatter, String body) throws IOException {
        Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(dir.resolve("runbooks").resolve(id + ".md"), "---\nid: " + id + "\ntitle: " + id
                + "\nservice: demo-" + id + "\nowners: [alice]\n" + frontMatter + "\n---\n" + body);
    }

    void threeRunbooks() throws IOException {
        runbook("orders-db", "alerts: [OrdersDbDown, OrdersDbLag]", """
                ## Diagnose

                ```bash {#look kind=check timeout=1m}
                echo ok
                ```
                """);
        runbook("probes", "alerts: [ProbeFailure]\non_alert: {run: first-checks}", """
                ## First checks

                ```bash {#peek kind=check timeout=1m}
                echo ok
                ```

                ```bash {#restart kind=shell timeout=1m}
                echo restart
                ```
                """);
        runbook("z-legacy", "alerts: [OrdersDbDown]", "No steps.\n");
    }

    @Test
    void listsEachAlertWithItsRunbookDiagnosisAndTheRunbooksThatListItInVain() throws IOException {
        threeRunbooks();
        assertThat(lint("--alerts", "--no-link-check", dir.resolve("runbooks").toString())).as("the shell step in a diagnosis is a warning")
                .isEqualTo(1);
        String listing = out.toString();
        assertThat(listing).contains("alerts named in runbooks (3):");
        assertThat(listing).containsPattern("OrdersDbDown +-> orders-db \\(.*orders-db\\.md:6\\); diagnosis `diagnose` runs at once;"
                + " also listed by z-legacy \\(.*z-legacy\\.md:6\\), which its alerts never reach");
        assertThat(listing).containsPattern("OrdersDbLag +-> orders-db .*diagnosis `diagnose` runs at once\n");
        assertThat(listing).containsPattern("ProbeFailure +-> probes .*; diagnosis `first-checks` not run at once: step restart is kind=shell");
    }

    @Test
    void anAlertListedOnlyByARunbookWithErrorsReachesNoRunbook() throws IOException {
        runbook("broken", "alerts: [DiskFull]\nfrobnicate: [x]\nrto: soon", "No steps.\n");
        lint("--alerts", "--no-link-check", dir.resolve("runbooks").toString());
        assertThat(out.toString()).containsPattern("DiskFull +-> no runbook; every runbook listing it has lint errors, so no alert"
                + " reaches them \\(listed by broken \\(.*broken\\.md:6\\)\\)");
    }

    @Test
    void jsonPutsFindingsAndAlertsSideBySide() throws IOException {
        threeRunbooks();
        assertThat(lint("--alerts", "--format", "json", "--no-link-check", dir.resolve("runbooks").toString())).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("findings").get(0).get("rule").asText()).isEqualTo("alert-diagnosis");
        JsonNode first = root.get("alerts").get(0);
        assertThat(first.get("alert").asText()).isEqualTo("OrdersDbDown");
        assertThat(first.get("runbook").asText()).isEqualTo("orders-db");
        assertThat(first.get("line").asInt()).isEqualTo(6);
        assertThat(first.get("diagnosis").asText()).isEqualTo("diagnose");
        assertThat(first.get("ignored").get(0).get("runbook").asText()).isEqualTo("z-legacy");
        assertThat(root.get("alerts").get(2).get("diagnosis").isNull()).isTrue();
    }

    @Test
    void withoutAlertsTheOutputIsUnchangedAndNoRunbookListingAlertsSaysSo() throws IOException {
        runbook("plain", "", "No steps.\n");
        lint("--no-link-check", dir.resolve("runbooks").toString());
        assertThat(out.toString()).doesNotContain("alerts");
        lint("--alerts", "--no-link-check", dir.resolve("runbooks").toString());
        assertThat(out.toString()).contains("alerts: no runbook lists alert names");
    }
}
