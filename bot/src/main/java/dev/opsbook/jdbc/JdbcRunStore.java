package dev.opsbook.jdbc;

import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunStore;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StepExecution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs in PostgreSQL ({@code run}, {@code run_parameter}, {@code step_execution}). A claim is a session
 * advisory lock on the run id, held on its own connection: when the owning process dies PostgreSQL
 * ends its session and frees the lock, so an active run whose lock is free has lost its owner.
 *
 * <p>State saves commit asynchronously ({@code synchronous_commit off}): they survive any crash of
 * opsbook, and PostgreSQL itself flushes them with the next durable audit append (WAL is written in
 * order), which follows every save of a step's state. Only a crash of the database server can lose
 * the last save, and the audit log still records what happened.
 */
public final class JdbcRunStore implements RunStore {
    private final DataSource dataSource;

    public JdbcRunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(Run run) {
        Map<String, Object> now = inTransaction("store run " + run.id(), c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO run (id, runbook_id, runbook_sha256, runbook_git_commit, runbook_path, service, procedure,
                        step, requester_platform, requester_id, requester_name, state, message, created_at, finished_at,
                        rollback_of)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                s.setString(1, run.id().value());
                s.setString(2, run.runbook().id());
                s.setString(3, run.runbook().sha256());
                s.setString(4, run.runbook().gitCommit());
                s.setString(5, run.runbookPath());
                s.setString(6, run.service());
                s.setString(7, run.target().procedure().orElse(null));
                s.setString(8, run.target().step().orElse(null));
                s.setString(9, run.requester().platform());
                s.setString(10, run.requester().userId());
                s.setString(11, run.requester().displayName());
                s.setString(12, run.state().label());
                s.setString(13, run.message());
                s.setTimestamp(14, Timestamp.from(run.createdAt()));
                s.setTimestamp(15, run.finishedAt().map(Timestamp::from).orElse(null));
                s.setString(16, run.target().rollback().map(RunTarget.Rollback::runId).orElse(null));
                s.executeUpdate();
            }
            insertParameters(c, run);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO step_execution (run_id, position, step_id, state) VALUES (?, ?, ?, ?)")) {
                int i = 0;
                for (StepExecution e : run.steps()) {
                    s.setString(1, run.id().value());
                    s.setInt(2, i++);
                    s.setString(3, e.stepId());
                    s.setString(4, e.state().label());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return saveStates(c, run);
        });
        remember(run, now);
    }

    private static void insertParameters(Connection c, Run run) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO run_parameter (run_id, position, name, value) VALUES (?, ?, ?, ?)")) {
            int i = 0;
            for (Map.Entry<String, String> p : run.parameters().entrySet()) {
                s.setString(1, run.id().value());
                s.setInt(2, i++);
                s.setString(3, p.getKey());
                s.setString(4, p.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The events and the state in one transaction of the audit writer when the log is this database's: one durable
     * commit where a separate save would add a transaction of its own. (State saved this way is committed
     * synchronously, with the events.)
     */
    @Override
    public List<dev.opsbook.audit.RecordedEvent> saveWith(Run run, dev.opsbook.audit.AuditLog audit,
                                                          List<dev.opsbook.audit.AuditEvent> events) {
        if (!(audit instanceof JdbcAuditLog log) || !log.writesTo(dataSource)) {
            return RunStore.super.saveWith(run, audit, events);
        }
        StateChange change = stateChange(run);
        List<dev.opsbook.audit.RecordedEvent> recorded = log.appendAll(events, change.statements());
        remember(run, change.now());
        return recorded;
    }

    @Override
    public void saveParameters(Run run) {
        inTransaction("save the parameters of run " + run.id(), c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM run_parameter WHERE run_id = ?")) {
                s.setString(1, run.id().value());
                s.executeUpdate();
            }
            insertParameters(c, run);
            return null;
        });
    }

    @Override
    public void save(Run run) {
        remember(run, inTransaction("save run " + run.id(), c -> {
            try (var s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
            return saveStates(c, run);
        }));
    }

    /**
     * What was last written per step of a live run ({@link StepExecution#version()}), so a save writes only the steps
     * that changed, comparing one short string a step instead of its fields.
     */
    private final Map<RunId, Map<String, Object>> written = new java.util.concurrent.ConcurrentHashMap<>();

    private static Long signature(StepExecution e) {
        return e.version();
    }

    /** The statements that bring the stored state up to {@code run}'s, and what they change once they commit (only that). */
    private record StateChange(List<BoundStatement> statements, Map<String, Object> now) {}

    private StateChange stateChange(Run run) {
        Map<String, Object> known = written.getOrDefault(run.id(), Map.of());
        Map<String, Object> now = new LinkedHashMap<>();
        List<BoundStatement> statements = new ArrayList<>();
        String runSignature = run.state() + "|" + run.message() + "|" + run.finishedAt();
        if (!runSignature.equals(known.get(""))) {
            now.put("", runSignature); // step ids are never empty
            statements.add(BoundStatement.of("UPDATE run SET state = ?, message = ?, finished_at = ? WHERE id = ?",
                    run.state().label(), run.message(), timestamp(run.finishedAt()), run.id().value())
                    .expecting(1, "run " + run.id() + " is not stored"));
        }
        for (StepExecution e : run.steps()) {
            Long sig = signature(e);
            if (sig.equals(known.get(e.stepId()))) {
                continue;
            }
            now.put(e.stepId(), sig);
            statements.add(BoundStatement.of("""
                    UPDATE step_execution SET state = ?, attempts = ?, exit_code = ?, started_at = ?, finished_at = ?, message = ?
                    WHERE run_id = ? AND step_id = ?""",
                    e.state().label(), e.attempts(), e.exitCode().<Object>map(x -> x).orElse(new BoundStatement.Null(Types.INTEGER)),
                    timestamp(e.startedAt()), timestamp(e.finishedAt()), e.message(), run.id().value(), e.stepId()));
        }
        return new StateChange(statements, now);
    }

    private static Object timestamp(Optional<java.time.Instant> instant) {
        return instant.<Object>map(Timestamp::from).orElse(new BoundStatement.Null(Types.TIMESTAMP));
    }

    private Map<String, Object> saveStates(Connection c, Run run) throws SQLException {
        StateChange change = stateChange(run);
        BoundStatement.executeAll(c, change.statements());
        return change.now();
    }

    /** Called after the transaction committed. */
    private void remember(Run run, Map<String, Object> now) {
        if (run.state().isFinal()) {
            written.remove(run.id());
        } else {
            written.computeIfAbsent(run.id(), k -> new java.util.concurrent.ConcurrentHashMap<>()).putAll(now);
        }
    }

    @Override
    public Optional<Run> find(RunId id) {
        List<Run> runs = query("WHERE id = ?", id.value(), 1);
        return runs.stream().findFirst();
    }

    @Override
    public List<Run> recent(int limit) {
        return query("", null, limit);
    }

    @Override
    public RunClaim claim(RunId id) {
        try {
            AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, AdvisoryLock.RUN, id.value());
            if (lock == null) {
                throw new IllegalStateException("run " + id + " is being driven by another live opsbook process");
            }
            return lock::close;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot claim run " + id + ": " + e.getMessage(), e);
        }
    }

    /** Whether a live opsbook process (this one or another replica) holds the claim of run {@code id}. */
    public boolean driven(RunId id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return AdvisoryLock.isHeld(c, AdvisoryLock.RUN, id.value());
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot tell whether run " + id + " is driven: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Run> orphaned() {
        List<Run> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (Run run : query("WHERE state IN ('pending', 'running', 'awaiting_approval')", null, 1000)) {
                if (!AdvisoryLock.isHeld(c, AdvisoryLock.RUN, run.id().value())) {
                    out.add(run);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot look for interrupted runs: " + e.getMessage(), e);
        }
        return out;
    }

    private List<Run> query(String where, String arg, int limit) {
        return inTransaction("read runs", c -> {
            Map<String, Run> byId = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM run " + where + " ORDER BY created_at DESC, id LIMIT ?")) {
                int i = 1;
                if (arg != null) {
                    s.setString(i++, arg);
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        byId.put(id, RunRows.run(rs, RunRows.parameters(c, id), RunRows.steps(c, id)));
                    }
                }
            }
            return List.copyOf(byId.values());
        });
    }

    private <T> T inTransaction(String what, Transactions.Work<T> work) {
        return Transactions.run(dataSource, what, work);
    }
}
