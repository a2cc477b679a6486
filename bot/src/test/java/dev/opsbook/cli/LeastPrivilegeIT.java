package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, hole 4: opsbook migrated by an owner role and run as a least-privileged application role works end
 * to end (run with approval wait skipped, service lock, runs, audit verify), and that role cannot rewrite audit rows.
 */
class LeastPrivilegeIT {
    static final String RUNBOOK = """
            ---
            id: orders-db
            title: Orders database
            service: orders-db
            owners: [alice]
            ---
            # Orders

            ## Backup

            ```bash {#dump kind=backup timeout=1m}
            echo "dumping"
            ```
            """;

    @TempDir
    Path dir;
    CliFixture cli;
    final String role = "opsbook_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        try (Connection c = cli.db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'app-pw'");
        }
        cli.env.put("OPSBOOK_DB_MIGRATION_USER", cli.db.user());
        cli.env.put("OPSBOOK_DB_MIGRATION_PASSWORD", cli.db.password());
        cli.env.put("OPSBOOK_DB_USER", role);
        cli.env.put("OPSBOOK_DB_PASSWORD", "app-pw");
    }

    @AfterEach
    void tearDown() throws Exception {
        cli.close();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", cli.db.user(), cli.db.password());
             Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void theAppRoleRunsOpsbookButCannotRewriteTheAuditLog() throws Exception {
        Path runbook = dir.resolve("orders-db.md");
        Files.writeString(runbook, RUNBOOK);
        CliFixture.Result run = cli.run(runbook.toString(), "backup");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(cli.runs().out()).contains("succeeded");

        // once migrated, a replica holding only the application role's credentials works too
        cli.env.remove("OPSBOOK_DB_MIGRATION_USER");
        cli.env.remove("OPSBOOK_DB_MIGRATION_PASSWORD");
        CliFixture.Result again = cli.run(runbook.toString(), "backup");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();

        try (Connection c = DriverManager.getConnection(cli.db.url(), role, "app-pw"); Statement s = c.createStatement()) {
            for (String attack : new String[] {"UPDATE audit_event SET result = 'failed'", "DELETE FROM audit_event",
                    "TRUNCATE audit_event", "ALTER TABLE audit_event DISABLE TRIGGER ALL", "DELETE FROM audit_chain_head",
                    "INSERT INTO flyway_schema_history SELECT * FROM flyway_schema_history LIMIT 0"}) {
                assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOf(SQLException.class)
                        .hasMessageMatching("(?s).*(permission denied|must be owner).*");
            }
        }
        try (Connection c = cli.db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(cli.db.user());
        }
    }
}
