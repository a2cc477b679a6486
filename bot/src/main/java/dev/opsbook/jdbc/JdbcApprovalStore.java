package dev.opsbook.jdbc;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.ApprovalStatus;
import dev.opsbook.approval.ApprovalStore;
import dev.opsbook.approval.ApprovalVote;
import dev.opsbook.approval.Decision;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval requests and votes in PostgreSQL. {@link #update} locks the request row
 * ({@code SELECT … FOR UPDATE}) so votes from several processes and the waiting run's expiry check
 * are applied one at a time. When the database stops answering (the same one as the audit log's), every
 * method throws {@link AuditUnavailableException} ("audit log unavailable (PostgreSQL at H:P stopped
 * answering)"), so a run waiting for an approval stops as it would on a failed audit write, and a vote is
 * answered as not recorded; the driver's message goes to the log.
 */
public final class JdbcApprovalStore implements ApprovalStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcApprovalStore.class);

    private final DataSource dataSource;

    public JdbcApprovalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void open(ApprovalRequest r) {
        transaction("open the approval of step " + r.stepId(), c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM approval_request WHERE run_id = ? AND step_id = ?")) {
                s.setString(1, r.runId());
                s.setString(2, r.stepId());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO approval_request (run_id, step_id, requester, required, approvers, allow_self, requested_at,
                        expires_at, status, escalations, parameter_names, parameter_values, runbook_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                s.setString(1, r.runId());
                s.setString(2, r.stepId());
                s.setString(3, r.requester());
                s.setInt(4, r.required());
                s.setArray(5, c.createArrayOf("text", r.approvers().toArray()));
                s.setBoolean(6, r.allowSelfApproval());
                s.setTimestamp(7, Timestamp.from(r.requestedAt()));
                s.setTimestamp(8, Timestamp.from(r.expiresAt()));
                s.setString(9, r.status().label());
                s.setInt(10, r.escalations());
                List<String> names = new ArrayList<>(r.parameters().keySet());
                s.setArray(11, c.createArrayOf("text", names.toArray()));
                s.setArray(12, c.createArrayOf("text", names.stream().map(r.parameters()::get).toArray()));
                s.setString(13, r.runbookSha256());
                s.executeUpdate();
            }
            insertVotes(c, r, 0);
            return null;
        });
    }

    @Override
    public Optional<ApprovalRequest> find(String runId, String stepId) {
        return transaction("read the approval of step " + stepId,
                c -> load(c, "run_id = ? AND step_id = ?", runId, stepId, false));
    }

    @Override
    public Optional<ApprovalRequest> findOpen(String runId) {
        return transaction("read the approvals of run " + runId,
                c -> load(c, "run_id = ? AND status = 'open'", runId, null, false));
    }

    @Override
    public ApprovalRequest update(String runId, String stepId, UnaryOperator<ApprovalRequest> change) {
        return transaction("update the approval of step " + stepId, c -> {
            ApprovalRequest current = load(c, "run_id = ? AND step_id = ?", runId, stepId, true).orElseThrow(() ->
                    new IllegalStateException("no approval request for step " + stepId + " of run " + runId));
            ApprovalRequest updated = change.apply(current);
            if (!updated.equals(current)) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE approval_request SET status = ?, escalations = ? WHERE run_id = ? AND step_id = ?")) {
                    s.setString(1, updated.status().label());
                    s.setInt(2, updated.escalations());
                    s.setString(3, runId);
                    s.setString(4, stepId);
                    s.executeUpdate();
                }
                insertVotes(c, updated, current.votes().size());
            }
            return updated;
        });
    }

    private <T> T transaction(String what, Transactions.Work<T> work) {
        try {
            return Transactions.run(dataSource, what, work);
        } catch (DatabaseUnavailableException e) {
            if (!Outages.isOutage(e)) {
                throw e;
            }
            Outages.markDown(dataSource);
            LOG.warn("{}", e.getMessage());
            throw new AuditUnavailableException("audit log unavailable (" + Outages.describe(dataSource) + " stopped answering)", e);
        }
    }

    private static void insertVotes(Connection c, ApprovalRequest r, int from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO approval_vote (run_id, step_id, position, voter_platform, voter_id, voter_name, decision, reason,
                    voted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = from; i < r.votes().size(); i++) {
                ApprovalVote v = r.votes().get(i);
                s.setString(1, r.runId());
                s.setString(2, r.stepId());
                s.setInt(3, i);
                s.setString(4, v.voter().platform());
                s.setString(5, v.voter().userId());
                s.setString(6, v.voter().displayName());
                s.setString(7, v.decision().label());
                s.setString(8, v.reason());
                s.setTimestamp(9, Timestamp.from(v.at()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static Optional<ApprovalRequest> load(Connection c, String where, String a, String b, boolean lock)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM approval_request WHERE " + where
                + " ORDER BY requested_at LIMIT 1" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, a);
            if (b != null) {
                s.setString(2, b);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String runId = rs.getString("run_id");
                String stepId = rs.getString("step_id");
                return Optional.of(new ApprovalRequest(runId, stepId, rs.getString("requester"), rs.getInt("required"),
                        List.of((String[]) rs.getArray("approvers").getArray()), rs.getBoolean("allow_self"),
                        rs.getTimestamp("requested_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                        ApprovalStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), votes(c, runId, stepId),
                        rs.getInt("escalations"), parameters(rs), rs.getString("runbook_sha256")));
            }
        }
    }

    private static List<ApprovalVote> votes(Connection c, String runId, String stepId) throws SQLException {
        List<ApprovalVote> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT * FROM approval_vote WHERE run_id = ? AND step_id = ? ORDER BY position")) {
            s.setString(1, runId);
            s.setString(2, stepId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApprovalVote(new Actor(rs.getString("voter_platform"), rs.getString("voter_id"),
                            rs.getString("voter_name")), Decision.valueOf(rs.getString("decision").toUpperCase(Locale.ROOT)),
                            rs.getString("reason"), rs.getTimestamp("voted_at").toInstant()));
                }
            }
        }
        return out;
    }

    private static Map<String, String> parameters(ResultSet rs) throws SQLException {
        String[] names = (String[]) rs.getArray("parameter_names").getArray();
        String[] values = (String[]) rs.getArray("parameter_values").getArray();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return out;
    }
}
