package dev.opsbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbook.alert.AlertIndex;
import java.util.List;
import java.util.stream.Collectors;

/** How {@code opsbook lint --alerts} shows the {@link AlertIndex}: one line per alert name, or a JSON array. */
final class AlertListing {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertListing() {}

    static String text(List<AlertIndex.Entry> entries) {
        if (entries.isEmpty()) {
            return "alerts: no runbook lists alert names (front matter `alerts: [NAME, …]`, docs/alerts.md)";
        }
        int width = entries.stream().mapToInt(e -> e.alert().length()).max().orElse(0);
        StringBuilder s = new StringBuilder("alerts named in runbooks (" + entries.size() + "):");
        for (AlertIndex.Entry e : entries) {
            s.append("\n  ").append(String.format("%-" + width + "s", e.alert())).append("  -> ");
            s.append(e.answeredBy().map(n -> n.runbook() + " (" + n.where() + ")").orElse("no runbook"));
            s.append(e.diagnosis().map(d -> "; diagnosis `" + d + "` runs at once").orElse(e.diagnosisNote().isEmpty() ? "" : "; " + e.diagnosisNote()));
            if (!e.ignored().isEmpty() && e.answeredBy().isPresent()) {
                s.append("; also listed by ").append(e.ignored().stream().map(n -> n.runbook() + " (" + n.where() + ")")
                        .collect(Collectors.joining(", "))).append(", which its alerts never reach");
            } else if (!e.ignored().isEmpty()) {
                s.append(" (listed by ").append(e.ignored().stream().map(n -> n.runbook() + " (" + n.where() + ")")
                        .collect(Collectors.joining(", "))).append(")");
            }
        }
        return s.toString();
    }

    static ArrayNode json(List<AlertIndex.Entry> entries) {
        ArrayNode array = JSON.createArrayNode();
        for (AlertIndex.Entry e : entries) {
            ObjectNode o = array.addObject();
            o.put("alert", e.alert());
            e.answeredBy().ifPresentOrElse(n -> {
                o.put("runbook", n.runbook());
                o.put("file", n.path());
                o.put("line", n.line());
            }, () -> o.putNull("runbook"));
            e.diagnosis().ifPresentOrElse(d -> o.put("diagnosis", d), () -> o.putNull("diagnosis"));
            if (!e.diagnosisNote().isEmpty()) {
                o.put("note", e.diagnosisNote());
            }
            ArrayNode ignored = o.putArray("ignored");
            e.ignored().forEach(n -> ignored.addObject().put("runbook", n.runbook()).put("file", n.path()).put("line", n.line()));
        }
        return array;
    }
}
