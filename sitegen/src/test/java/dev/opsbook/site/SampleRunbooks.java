package dev.opsbook.site;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.Owners;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Severity;
import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small, varied set of runbooks and audit events for site tests. */
final class SampleRunbooks {
    private SampleRunbooks() {}

    static Runbook orders() {
        return orders("Take a logical dump of the orders database.");
    }

    static Runbook orders(String backupProse) {
        return RunbookFixtures.runbook("orders-db").title("Orders database: backup and restore").service("orders-db")
                .owners(new Owners("team-payments", List.of(new Person("alice", "Alice Nguyen", Map.of("slack", "@alice")))))
                .approvers("bob", "carol").escalation("@payments-oncall", Duration.ofMinutes(15))
                .escalation("@sre-lead", Duration.ofMinutes(45)).impact("Checkout is read-only during a restore.")
                .dataSource(RunbookFixtures.dataSource("orders", "database", Duration.ofMinutes(30)))
                .link("pg config", "https://git.example.com/org/infra/pg.conf")
                .schedule("0 0 2 * * ?", "Europe/Paris", "backup")
                .step("Backup", "dump-orders", StepKind.BACKUP, "pg_dump --format=custom --file=\"$OPSBOOK_WORKDIR/orders.dump\" orders", 0)
                .step("Restore", "restore-orders", StepKind.RESTORE, "pg_restore --dbname=orders_scratch orders.dump", 2)
                .step("Restore", "count-rows", StepKind.VALIDATE, "psql -c 'select count(*) from orders'", 0)
                .body("""
                        ---
                        id: orders-db
                        ---
                        # Orders database

                        The orders database holds every checkout. <script>alert('x')</script>

                        ## Backup

                        %s

                        ```bash {#dump-orders kind=backup timeout=1m}
                        pg_dump --format=custom --file="$OPSBOOK_WORKDIR/orders.dump" orders
                        ```

                        ## Restore

                        Restore into a scratch database first, then verify with the **row counts**.

                        ```bash {#restore-orders kind=restore approvals=2}
                        pg_restore --dbname=orders_scratch orders.dump
                        ```

                        ```bash {#count-rows kind=validate}
                        psql -c 'select count(*) from orders'
                        ```

                        ```text
                        just documentation
                        ```
                        """.formatted(backupProse))
                .build();
    }

    static Runbook checkout() {
        return RunbookFixtures.runbook("checkout-api").title("Checkout API failover").service("checkout-api")
                .tier("2").dependsOn("orders-db", "payments-gateway")
                .step("Failover", "switch-upstream", StepKind.FAILOVER, "./switch.sh secondary", 1)
                .body("# Checkout\n\n## Failover\n\nSwitch the upstream to the secondary.\n\n```bash {#switch-upstream kind=failover}\n./switch.sh secondary\n```\n")
                .build();
    }

    static Runbook ownerless() {
        return RunbookFixtures.runbook("cache-flush").service("session-cache").owners(Owners.NONE).rpo(Duration.ofMinutes(5))
                .dataSource(RunbookFixtures.dataSource("sessions", "cache", Duration.ofHours(24)))
                .step("Flush", "flush", StepKind.SHELL, "redis-cli flushall", 0)
                .body("## Flush\n\n```bash {#flush kind=shell}\nredis-cli flushall\n```\n").build();
    }

    static List<ParsedRunbook> all() {
        return all(orders());
    }

    static List<ParsedRunbook> all(Runbook orders) {
        return List.of(parsed(orders), parsed(checkout()), parsed(ownerless()),
                new ParsedRunbook("runbooks/broken.md", Optional.empty(), List.of(new LintFinding("runbooks/broken.md",
                        new SourcePosition(3, 7), Severity.ERROR, "front matter is not valid YAML: mapping values are not allowed here",
                        "yaml-syntax"))));
    }

    static ParsedRunbook parsed(Runbook rb) {
        return new ParsedRunbook(rb.path(), Optional.of(rb), List.of());
    }

    /** Two runs of orders-db (a backup and a drill over its 30m RTO) and one failed checkout failover. */
    static List<RecordedEvent> history() {
        List<RecordedEvent> events = new ArrayList<>();
        Instant t = Instant.parse("2026-11-20T02:00:00Z");
        add(events, t, "run-1", "orders-db", AuditActions.RUN_STARTED, null, "", Map.of("procedure", "backup"), null);
        add(events, t.plusSeconds(40), "run-1", "orders-db", AuditActions.STEP_FINISHED, "dump-orders", "succeeded", Map.of("kind", "backup"), null);
        add(events, t.plusSeconds(41), "run-1", "orders-db", AuditActions.RUN_FINISHED, null, "succeeded", Map.of(), Duration.ofSeconds(41));
        add(events, t.plusSeconds(100), "drill-0", "orders-db", AuditActions.DRILL_FINISHED, null, "failed",
                Map.of("elapsed_ms", "40", "met_rto", "false", "rto_ms", "1800000",
                        "reason", "checksum mismatch: refusing to restore it"), null);
        Instant d = Instant.parse("2026-11-21T10:00:00Z");
        add(events, d, "run-2", "orders-db", AuditActions.RUN_STARTED, null, "", Map.of("procedure", "restore"), null);
        add(events, d.plusSeconds(2400), "run-2", "orders-db", AuditActions.RUN_FINISHED, null, "succeeded", Map.of(), null);
        add(events, d.plusSeconds(2401), "run-2", "orders-db", AuditActions.DRILL_FINISHED, null, "succeeded",
                Map.of("time_to_restore_ms", "2400000", "rto_ms", "1800000", "met_rto", "false", "time_to_detect_ms", "2000",
                        "time_to_respond_ms", "598000", "time_to_recover_ms", "1800000"), null);
        add(events, d.plusSeconds(2500), "run-2", "orders-db", AuditActions.DRILL_LESSON, null, "added",
                Map.of("text", "approvers were asleep: page the DBA on-call first"), null);
        add(events, d.plusSeconds(3000), "run-3", "checkout-api", AuditActions.RUN_STARTED, null, "", Map.of("procedure", "failover"), null);
        add(events, d.plusSeconds(3100), "run-3", "checkout-api", AuditActions.RUN_FINISHED, null, "failed", Map.of(), null);
        return events;
    }

    private static void add(List<RecordedEvent> events, Instant at, String run, String runbook, String action, String step,
                            String result, Map<String, String> details, Duration duration) {
        AuditEvent e = new AuditEvent(new Actor("slack", "U1", "Alice Nguyen"), action, Optional.of(run),
                Optional.ofNullable(step), Optional.of(new RunbookRef(runbook, "0".repeat(64), "")), Map.of(), result,
                Optional.ofNullable(duration), Optional.empty(), details);
        events.add(new RecordedEvent(events.size() + 1, at, e, "p", "h"));
    }
}
