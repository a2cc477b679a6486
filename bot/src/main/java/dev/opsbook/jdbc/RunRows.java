package dev.opsbook.jdbc;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.execution.StepState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads runs back from their rows ({@code run}, {@code run_parameter}, {@code step_execution}). */
final class RunRows {
    private RunRows() {}

    static Run run(ResultSet rs, Map<String, String> parameters, List<StepExecution> steps) throws SQLException {
        String procedure = rs.getString("procedure");
        String rollbackOf = rs.getString("rollback_of");
        RunTarget target = rollbackOf != null ? RunTarget.rollbackOf(rollbackOf, steps.stream().map(StepExecution::stepId).toList())
                : procedure != null ? RunTarget.procedure(procedure) : RunTarget.step(rs.getString("step"));
        return new Run(new RunId(rs.getString("id")),
                new RunbookRef(rs.getString("runbook_id"), rs.getString("runbook_sha256"), rs.getString("runbook_git_commit")),
                rs.getString("runbook_path"), rs.getString("service"),
                target,
                new Actor(rs.getString("requester_platform"), rs.getString("requester_id"), rs.getString("requester_name")),
                parameters, steps, rs.getTimestamp("created_at").toInstant(), RunState.fromLabel(rs.getString("state")),
                instant(rs, "finished_at"), rs.getString("message"));
    }

    static Map<String, String> parameters(Connection c, String runId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, value FROM run_parameter WHERE run_id = ? ORDER BY position")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    static List<StepExecution> steps(Connection c, String runId) throws SQLException {
        List<StepExecution> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM step_execution WHERE run_id = ? ORDER BY position")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt("exit_code");
                    Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(code);
                    out.add(new StepExecution(rs.getString("step_id"), StepState.fromLabel(rs.getString("state")),
                            rs.getInt("attempts"), exit, instant(rs, "started_at"), instant(rs, "finished_at"),
                            rs.getString("message")));
                }
            }
        }
        return out;
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
