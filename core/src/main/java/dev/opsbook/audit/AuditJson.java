package dev.opsbook.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON form of recorded events: one object per line in {@code opsbook audit export} (JSON Lines),
 * and the run-history input of the site. Field names are snake_case; absent optionals are omitted;
 * map keys are sorted so that the same event always serialises to the same text.
 */
public final class AuditJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditJson() {}

    public static String toLine(RecordedEvent recorded) {
        ObjectNode o = JSON.createObjectNode();
        o.put("sequence", recorded.sequence());
        o.put("time", recorded.time().toString());
        AuditEvent e = recorded.event();
        ObjectNode actor = o.putObject("actor");
        actor.put("platform", e.actor().platform());
        actor.put("user_id", e.actor().userId());
        actor.put("display_name", e.actor().displayName());
        o.put("action", e.action());
        e.runId().ifPresent(v -> o.put("run_id", v));
        e.stepId().ifPresent(v -> o.put("step_id", v));
        e.runbook().ifPresent(r -> {
            ObjectNode rb = o.putObject("runbook");
            rb.put("id", r.id());
            rb.put("sha256", r.sha256());
            rb.put("git_commit", r.gitCommit());
        });
        putMap(o.putObject("parameters"), e.parameters());
        o.put("result", e.result());
        e.duration().ifPresent(d -> o.put("duration_ms", d.toMillis()));
        e.threadRef().ifPresent(v -> o.put("thread_ref", v));
        putMap(o.putObject("details"), e.details());
        o.put("previous_hash", recorded.previousHash());
        o.put("hash", recorded.hash());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Parses one line of an export. Throws {@link IllegalArgumentException} naming what is wrong. */
    public static RecordedEvent fromLine(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode actor = required(o, "actor");
        AuditEvent event = new AuditEvent(
                new Actor(text(actor, "platform"), text(actor, "user_id"), text(actor, "display_name")),
                text(o, "action"),
                optionalText(o, "run_id"),
                optionalText(o, "step_id"),
                Optional.ofNullable(o.get("runbook")).map(r ->
                        new RunbookRef(text(r, "id"), text(r, "sha256"), text(r, "git_commit"))),
                map(o.get("parameters")),
                text(o, "result"),
                Optional.ofNullable(o.get("duration_ms")).map(d -> Duration.ofMillis(d.asLong())),
                optionalText(o, "thread_ref"),
                map(o.get("details")));
        return new RecordedEvent(required(o, "sequence").asLong(), Instant.parse(text(o, "time")), event,
                text(o, "previous_hash"), text(o, "hash"));
    }

    private static void putMap(ObjectNode target, Map<String, String> values) {
        new TreeMap<>(values).forEach(target::put);
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        return required(o, field).asText();
    }

    private static Optional<String> optionalText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
