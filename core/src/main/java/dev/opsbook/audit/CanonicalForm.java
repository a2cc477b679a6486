package dev.opsbook.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes an event's hash covers: the event's JSON Lines object ({@link AuditJson}) without its
 * {@code hash} field, written as canonical JSON — object keys sorted (by UTF-16 code units, i.e.
 * {@link String#compareTo}), no whitespace, UTF-8, strings escaped only where JSON requires it
 * ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other controls below U+0020 as
 * backslash-u plus four lowercase hex digits). This matches RFC 8785 (JCS) for the strings and
 * integers an event contains, and Python's {@code json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}.
 */
final class CanonicalForm {
    private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(2048));

    private CanonicalForm() {}

    static byte[] of(long sequence, String time, AuditEvent e, String previousHash) {
        StringBuilder out = BUFFER.get();
        out.setLength(0);
        out.append('{');
        key(out, "action", true);
        string(out, e.action());
        key(out, "actor", false).append('{');
        key(out, "display_name", true);
        string(out, e.actor().displayName());
        key(out, "platform", false);
        string(out, e.actor().platform());
        key(out, "user_id", false);
        string(out, e.actor().userId());
        out.append('}');
        key(out, "details", false);
        map(out, e.details());
        if (e.duration().isPresent()) {
            key(out, "duration_ms", false).append(e.duration().get().toMillis());
        }
        key(out, "parameters", false);
        map(out, e.parameters());
        key(out, "previous_hash", false);
        string(out, previousHash);
        key(out, "result", false);
        string(out, e.result());
        if (e.runId().isPresent()) {
            key(out, "run_id", false);
            string(out, e.runId().get());
        }
        if (e.runbook().isPresent()) {
            RunbookRef r = e.runbook().get();
            key(out, "runbook", false).append('{');
            key(out, "git_commit", true);
            string(out, r.gitCommit());
            key(out, "id", false);
            string(out, r.id());
            key(out, "sha256", false);
            string(out, r.sha256());
            out.append('}');
        }
        key(out, "sequence", false).append(sequence);
        if (e.stepId().isPresent()) {
            key(out, "step_id", false);
            string(out, e.stepId().get());
        }
        if (e.threadRef().isPresent()) {
            key(out, "thread_ref", false);
            string(out, e.threadRef().get());
        }
        key(out, "time", false);
        string(out, time);
        out.append('}');
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (out.capacity() > 1 << 16) {
            BUFFER.remove(); // do not keep a huge event's buffer alive in this thread
        }
        return bytes;
    }

    private static StringBuilder key(StringBuilder out, String name, boolean first) {
        if (!first) {
            out.append(',');
        }
        string(out, name);
        return out.append(':');
    }

    private static void map(StringBuilder out, Map<String, String> values) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
            key(out, entry.getKey(), first);
            string(out, entry.getValue());
            first = false;
        }
        out.append('}');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0; // start of the run of characters that need no escaping
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        out.append(s, plain, s.length()).append('"');
    }
}
