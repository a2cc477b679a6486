package dev.opsbook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;

/**
 * Fills {@code audit_event} with a long valid chain quickly: events are linked with {@link HashChain}
 * exactly as the writer links them and streamed in with COPY (CSV), then the chain head is moved.
 */
final class ChainLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainLoader() {}

    static void load(String url, String user, String password, int count, long firstSequence, String previousHash)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            Instant start = Instant.now();
            String[] head = {previousHash};
            Reader csv = new Reader() {
                private final StringBuilder pending = new StringBuilder();
                private int pos;
                private long produced;

                @Override
                public int read(char[] buf, int off, int len) {
                    while (pending.length() - pos < len && produced < count) {
                        long seq = firstSequence + produced;
                        RecordedEvent r = HashChain.link(seq, start.plusMillis(produced), head[0],
                                AuditBench.event("run-" + (produced / 20)));
                        head[0] = r.hash();
                        row(pending, r);
                        produced++;
                    }
                    int n = Math.min(len, pending.length() - pos);
                    if (n <= 0) {
                        return -1;
                    }
                    pending.getChars(pos, pos + n, buf, off);
                    pos += n;
                    if (pos > 1 << 16) {
                        pending.delete(0, pos);
                        pos = 0;
                    }
                    return n;
                }

                @Override
                public void close() {}
            };
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY audit_event (sequence, time, actor_platform, "
                    + "actor_user_id, actor_display_name, action, run_id, step_id, runbook_id, runbook_sha256, "
                    + "runbook_git_commit, parameters, result, duration_ms, thread_ref, details, previous_hash, hash) "
                    + "FROM STDIN WITH (FORMAT csv)", csv);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE audit_chain_head SET last_sequence = ?, last_hash = ?")) {
                ps.setLong(1, firstSequence + count - 1);
                ps.setString(2, head[0]);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private static void row(StringBuilder out, RecordedEvent r) {
        AuditEvent e = r.event();
        out.append(r.sequence()).append(',');
        field(out, r.time().toString());
        field(out, e.actor().platform());
        field(out, e.actor().userId());
        field(out, e.actor().displayName());
        field(out, e.action());
        field(out, e.runId().orElse(null));
        field(out, e.stepId().orElse(null));
        field(out, e.runbook().map(RunbookRef::id).orElse(null));
        field(out, e.runbook().map(RunbookRef::sha256).orElse(null));
        field(out, e.runbook().map(RunbookRef::gitCommit).orElse(null));
        field(out, json(e.parameters()));
        field(out, e.result());
        field(out, e.duration().map(d -> Long.toString(d.toMillis())).orElse(null));
        field(out, e.threadRef().orElse(null));
        field(out, json(e.details()));
        field(out, r.previousHash());
        out.append('"').append(r.hash()).append("\"\n");
    }

    /** A quoted CSV field (NULL when absent) followed by a comma. */
    private static void field(StringBuilder out, String value) {
        if (value != null) {
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        out.append(',');
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(values));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
