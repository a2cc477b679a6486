package dev.opsbook.timeline;

import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The postmortem draft in Markdown: header, time-ordered table, empty sections to fill in, and lessons. */
public final class TimelineMarkdown {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private TimelineMarkdown() {}

    public static String render(Timeline t) {
        StringBuilder out = new StringBuilder();
        out.append("# Postmortem draft: ").append(t.alert().equals("—") ? "run " + t.id() : t.alert()).append("\n\n");
        out.append("| | |\n|---|---|\n");
        row(out, "Incident", t.incident().map(i -> "`" + i + "`").orElse("—"));
        row(out, "Runs", t.runs().isEmpty() ? "—" : String.join(", ", t.runs().stream().map(r -> "`" + r + "`").toList()));
        row(out, "Runbook", t.runbook().equals("—") ? "—" : "`" + t.runbook() + "`");
        row(out, "Service", t.service());
        row(out, "Alert", t.alert());
        row(out, "Start", time(t.start()) + " UTC");
        row(out, "End", t.end().map(e -> time(e) + " UTC").orElse("not yet"));
        row(out, "Time to first action", duration(t.timeToFirstAction()));
        row(out, "Time to mitigation", duration(t.timeToMitigation()));
        out.append("\n## Timeline (UTC)\n\n| Time | Actor | Event |\n|---|---|---|\n");
        for (Timeline.Entry e : t.entries()) {
            out.append("| ").append(time(e.time())).append(" | ").append(cell(e.actor())).append(" | ").append(cell(e.event())).append(" |\n");
        }
        out.append("\n## Impact\n\n_What users and systems saw, for how long._\n");
        out.append("\n## Root cause\n\n_Why it happened._\n");
        out.append("\n## Follow-ups\n\n- [ ] \n");
        out.append("\n## Lessons recorded for `").append(t.runbook()).append("`\n\n");
        if (t.lessons().isEmpty()) {
            out.append("None yet (`/runbook lesson RUN text` records one).\n");
        }
        for (Timeline.Lesson l : t.lessons()) {
            out.append("- ").append(l.text().replace('\n', ' ')).append(" (run `").append(l.runId()).append("`, ")
                    .append(time(l.time())).append(" UTC, ").append(l.by()).append(")\n");
        }
        out.append("\n_Drafted by opsbook from the audit log; `opsbook audit show --run RUN` has every event._\n");
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("| ").append(label).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String time(Instant t) {
        return UTC.format(t);
    }

    private static String duration(Optional<Duration> d) {
        return d.map(x -> Durations.format(Duration.ofSeconds(Math.max(0, x.toSeconds())))).orElse("—");
    }
}
