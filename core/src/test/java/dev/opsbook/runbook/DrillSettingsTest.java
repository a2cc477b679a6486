package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillSettingsTest {
    private static ParsedRunbook parse(String text) {
        return RunbookParser.parse("runbooks/db.md", text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String BODY = """
            ## Backup

            ```bash {#dump kind=backup}
            echo "$TARGET"
            ```

            ## Restore

            ```bash {#restore-db kind=restore approvals=1}
            echo "$TARGET"
            ```
            """;

    @Test
    void theDrillBlockNamesProcedureSandboxAndApprovals() {
        ParsedRunbook parsed = parse("""
                ---
                id: db
                title: DB
                service: db
                owners: [alice]
                parameters:
                  - name: target
                    default: orders_restore
                drill:
                  sandbox:
                    target: orders_drill
                  approvals: waived
                ---
                """ + BODY);
        Runbook rb = parsed.runbook().orElseThrow();
        DrillSettings drill = rb.drill().orElseThrow();
        assertThat(drill.sandbox()).isEqualTo(Map.of("target", "orders_drill"));
        assertThat(drill.approvalsWaived()).isTrue();
        assertThat(drill.procedureIn(rb).orElseThrow().slug()).isEqualTo("restore");
        assertThat(drill.position().line()).isEqualTo(10);
        assertThat(parsed.findings()).isEmpty();
    }

    @Test
    void everyBadSandboxValueIsReportedAtItsPosition() {
        ParsedRunbook parsed = parse("""
                ---
                id: db
                title: DB
                service: db
                owners: [alice]
                parameters:
                  - name: target
                    default: orders_restore
                  - name: password
                    secret: true
                drill:
                  sandbox:
                    targte: orders_drill
                    password: hunter2
                  approvals: skip
                ---
                """ + BODY.replace("\"$TARGET\"", "\"$TARGET\" \"$PASSWORD\""));
        assertThat(parsed.findings()).extracting(f -> f.position() + " " + f.rule()).containsExactly(
                "13:5 drill-sandbox", "14:5 drill-sandbox", "15:14 bad-value");
    }
}
