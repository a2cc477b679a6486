package dev.opsbook.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The timeline as JSON: the same header, entries and lessons, times in ISO-8601 UTC, durations in milliseconds. */
public final class TimelineJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TimelineJson() {}

    public static String render(Timeline t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("incident", t.incident().orElse(null));
        out.put("runs", t.runs());
        out.put("runbook", t.runbook());
        out.put("service", t.service());
        out.put("alert", t.alert());
        out.put("start", t.start().toString());
        out.put("end", t.end().map(Object::toString).orElse(null));
        out.put("time_to_first_action_ms", t.timeToFirstAction().map(d -> d.toMillis()).orElse(null));
        out.put("time_to_mitigation_ms", t.timeToMitigation().map(d -> d.toMillis()).orElse(null));
        List<Map<String, Object>> entries = t.entries().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time().toString());
            m.put("actor", e.actor());
            m.put("event", e.event());
            m.put("run_id", e.runId().orElse(null));
            return m;
        }).toList();
        out.put("events", entries);
        out.put("lessons", t.lessons().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", l.time().toString());
            m.put("run_id", l.runId());
            m.put("text", l.text());
            m.put("by", l.by());
            return m;
        }).toList());
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
