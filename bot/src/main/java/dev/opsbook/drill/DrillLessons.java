package dev.opsbook.drill;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lessons learned attached to drills: audited as {@code drill.lesson} on the drill's id (so the site
 * shows them with the drill). Only drills take lessons; an unknown id or an ordinary run is refused
 * with the reason. A lesson is plain text of at most {@link #MAX_LENGTH} characters.
 */
public final class DrillLessons {
    public static final int MAX_LENGTH = 2000;

    /** What happened to a lesson: added (the drill's runbook), or refused and why. */
    public sealed interface Outcome {
        record Added(String drillId, String runbookId) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    private final JdbcAuditLog audit;

    public DrillLessons(JdbcAuditLog audit) {
        this.audit = audit;
    }

    public Outcome add(String drillId, String text, Actor author) {
        String lesson = text == null ? "" : text.strip();
        if (lesson.isEmpty()) {
            return new Outcome.Refused("the lesson is empty: write what the drill taught, e.g. `/runbook lesson "
                    + drillId + " the restore needs the amcheck extension`");
        }
        if (lesson.length() > MAX_LENGTH) {
            return new Outcome.Refused("the lesson has " + lesson.length() + " characters; keep it under " + MAX_LENGTH
                    + " and link a document for more");
        }
        List<RecordedEvent> events = new ArrayList<>();
        audit.readRun(drillId, events::add);
        if (events.isEmpty()) {
            return new Outcome.Refused("there is no drill or run `" + drillId + "` (drill ids are in the drill's thread"
                    + " and in /runbook history)");
        }
        Optional<AuditEvent> started = events.stream().map(RecordedEvent::event)
                .filter(e -> e.action().equals(AuditActions.DRILL_STARTED)).findFirst();
        if (started.isEmpty()) {
            return new Outcome.Refused("`" + drillId + "` is a run, not a drill; lessons attach to drills (start one with"
                    + " /runbook drill RUNBOOK)");
        }
        audit.append(new AuditEvent(author, AuditActions.DRILL_LESSON, Optional.of(drillId), Optional.empty(),
                started.get().runbook(), Map.of(), "added", Optional.empty(), Optional.empty(), Map.of("text", lesson)));
        return new Outcome.Added(drillId, started.get().runbook().map(r -> r.id()).orElse(""));
    }
}
