package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditKey;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.AuditSigningSettings;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18, hole 4: a forged head moved forward with every trigger on, and history rewritten after a checkpoint. */
class AuditSignatureIT {
    private final TestDatabase test = TestDatabase.create();
    private final DatabaseSettings settings = DatabaseSettings.external(test.url(), test.user(), test.password());
    private final AuditKey key = AuditKey.generate();
    private final List<RecordedEvent> appended = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    @TempDir
    Path dir;
    private Path checkpoints;
    private String out;

    @BeforeEach
    void threeSignedEvents() {
        checkpoints = dir.resolve("audit-checkpoints.jsonl");
        env.put("OPSBOOK_HOME", dir.toString());
        env.put("OPSBOOK_SECRET_AUDIT_SIGNING_KEY", key.privateKeyText());
        env.put("OPSBOOK_AUDIT_CHECKPOINTS", checkpoints.toString());
        append(AuditActions.STEP_FINISHED, AuditActions.STEP_FINISHED, AuditActions.RUN_FINISHED);
    }

    @AfterEach
    void drop() {
        test.close();
    }

    private void append(String... actions) {
        try (Database db = Database.open(settings);
             JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC(),
                     AuditSigningSettings.from(AuditSigningSettings.secrets(env, dir), env, dir))) {
            for (String action : actions) {
                appended.add(log.append(new AuditEvent(new Actor("cli", "alice", "Alice"), action, Optional.of("r-42"),
                        Optional.of("dump"), Optional.empty(), Map.of("target", "orders"), "succeeded",
                        Optional.of(Duration.ofMillis(12)), Optional.empty(), Map.of("kind", "backup"))));
            }
        }
    }

    private int verify(Map<String, String> environment, String... args) {
        StringWriter o = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == AuditCommand.class ? (K) new AuditCommand(() -> settings, environment) : CommandLine.defaultFactory().create(cls);
            }
        };
        List<String> all = new ArrayList<>(List.of("audit", "verify"));
        all.addAll(List.of(args));
        int code = new CommandLine(new Opsbook(), factory).setOut(new PrintWriter(o)).setErr(new PrintWriter(o))
                .execute(all.toArray(String[]::new));
        out = o.toString();
        return code;
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            for (String q : statements) {
                s.execute(q);
            }
        }
    }

    /** The attack of the issue: a correctly hashed event appended by hand and the head moved forward, triggers on. */
    private void forgeHead() throws SQLException {
        forgeHead("");
    }

    private void forgeHead(String alsoSet) throws SQLException {
        try (Connection c = test.connect()) {
            c.setAutoCommit(false);
            long sequence;
            String previous;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_sequence, last_hash FROM audit_chain_head")) {
                rs.next();
                sequence = rs.getLong(1) + 1;
                previous = rs.getString(2);
            }
            RecordedEvent forged = HashChain.link(sequence, appended.getLast().time(), previous, appended.getFirst().event());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (sequence, time, actor_platform, "
                    + "actor_user_id, actor_display_name, action, run_id, step_id, parameters, result, duration_ms, "
                    + "details, previous_hash, hash) VALUES (?, ?, 'cli', 'alice', 'Alice', 'step.finished', 'r-42', "
                    + "'dump', '{\"target\": \"orders\"}', 'succeeded', 12, '{\"kind\": \"backup\"}', ?, ?)")) {
                ps.setLong(1, forged.sequence());
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(forged.time(), java.time.ZoneOffset.UTC));
                ps.setString(3, forged.previousHash());
                ps.setString(4, forged.hash());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_chain_head SET last_sequence = ?, last_hash = ?" + alsoSet)) {
                ps.setLong(1, forged.sequence());
                ps.setString(2, forged.hash());
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    @Test
    void aSignedChainVerifiesAgainstItsCheckpoints() throws Exception {
        assertThat(verify(env)).as(out).isZero();
        assertThat(out).contains("audit log intact: 3 events, head " + appended.getLast().hash(),
                "head signed by audit key " + key.id() + "; agrees with 1 signed checkpoint(s) in " + checkpoints
                        + " (latest: sequence 3 at ");
        Map<String, String> verifier = new HashMap<>(env);
        verifier.remove("OPSBOOK_SECRET_AUDIT_SIGNING_KEY");
        verifier.put("OPSBOOK_AUDIT_PUBLIC_KEY", key.publicKeyText());
        assertThat(verify(verifier)).as(out).isZero();
    }

    @Test
    void theForgedHeadOfTheIssueIsCaughtWithEveryTriggerOn() throws Exception {
        String previousHead = appended.getLast().hash();
        forgeHead();
        Map<String, String> noKey = Map.of("OPSBOOK_HOME", dir.toString(), "OPSBOOK_AUDIT_CHECKPOINTS", checkpoints.toString());
        assertThat(verify(noKey, "--expect-head", previousHead)).as("without a key the forgery passes, as the issue says").isZero();
        assertThat(out).contains("audit log intact: 4 events", "note: no audit key");

        assertThat(verify(env, "--expect-head", previousHead)).isEqualTo(1);
        assertThat(out).isEqualTo("audit log broken at sequence 4: the chain head was not moved by an opsbook process holding"
                + " audit key " + key.id() + " (its signature does not match): events were appended or the head moved directly"
                + " in the database\n");

        // opsbook does not cover the forgery with its next signature: it refuses to append after it
        assertThatThrownBy(() -> append(AuditActions.RUN_REQUESTED))
                .hasMessageContaining("the audit chain head (sequence 4) is not signed by audit key " + key.id()
                        + ": it was moved outside opsbook");
        // and a forger cannot drop the signature instead
        assertThatThrownBy(() -> forgeHead(", signature = NULL"))
                .hasMessageContaining("the audit chain head is signed: an opsbook process without the audit key cannot append");
    }

    @Test
    void truncatingBackToAnOlderSignedHeadIsCaughtByTheCheckpointNamedInTheMessage() throws Exception {
        String[] saved = new String[4];
        try (Connection c = test.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_sequence, last_hash, signature, key_id FROM audit_chain_head")) {
            rs.next();
            for (int i = 0; i < 4; i++) {
                saved[i] = rs.getString(i + 1);
            }
        }
        append(AuditActions.STEP_FINISHED, AuditActions.APPROVAL_VOTED);
        assertThat(Files.readAllLines(checkpoints)).hasSize(2);
        assertThat(verify(env)).as(out).isZero();

        // a superuser deletes the newest events and puts back the head row as it was: a validly signed head
        sql("SET session_replication_role = replica", "DELETE FROM audit_event WHERE sequence > 3",
                "UPDATE audit_chain_head SET last_sequence = " + saved[0] + ", last_hash = '" + saved[1] + "', signature = '"
                        + saved[2] + "', key_id = '" + saved[3] + "'");
        assertThat(verify(env)).isEqualTo(1);
        assertThat(out).startsWith("audit log broken: history was rewritten after checkpoint on line 2 of " + checkpoints
                + " (sequence 5, ").contains("the log ends at sequence 3, so events up to 5 were deleted");
    }

    @Test
    void anEditedCheckpointIsNotTrusted() throws Exception {
        String line = Files.readString(checkpoints);
        Files.writeString(checkpoints, line.replace("\"sequence\":3", "\"sequence\":2"));
        assertThat(verify(env)).isEqualTo(1);
        assertThat(out).contains("checkpoint on line 1 of " + checkpoints + " (sequence 2, ")
                .contains("is not signed by audit key " + key.id() + " (forged or edited)");
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndTheMatchingPublicKey() throws Exception {
        Path keys = dir.resolve("keys");
        StringWriter o = new StringWriter();
        int code = new CommandLine(new Opsbook()).setOut(new PrintWriter(o)).setErr(new PrintWriter(o))
                .execute("audit", "keygen", "--out", keys.toString());
        assertThat(code).as(o.toString()).isZero();
        AuditKey made = AuditKey.fromPrivate(Files.readString(keys.resolve("audit-signing-key")));
        assertThat(AuditKey.fromPublic(Files.readString(keys.resolve("audit-signing-key.pub"))).id()).isEqualTo(made.id());
        assertThat(o.toString()).startsWith("audit key " + made.id() + ": private key in ");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("audit-signing-key"))))
                .isEqualTo("rw-------");
        assertThat(new CommandLine(new Opsbook()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute("audit", "keygen", "--out", keys.toString())).as("never overwrites a key").isEqualTo(4);
    }

    @Test
    void theHeadCanOnlyNameTheNewestStoredEvent() {
        assertThatThrownBy(() -> sql("UPDATE audit_chain_head SET last_sequence = 9, last_hash = repeat('a', 64)"))
                .hasMessageContaining("the audit chain head (sequence 9) does not name a stored event with that hash");
    }
}
