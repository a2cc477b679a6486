package dev.opsbook.chat;

import java.util.Map;
import java.util.Optional;

/** A parsed {@code /runbook} command line. */
sealed interface ChatCommand {
    record Help() implements ChatCommand {}

    record ListRunbooks(Optional<String> service) implements ChatCommand {}

    record Show(String runbookId) implements ChatCommand {}

    record Run(String runbookId, Optional<String> target, Map<String, String> params, boolean dryRun) implements ChatCommand {}

    record Status(String runId) implements ChatCommand {}

    record Control(RunControl.Kind kind, String runId) implements ChatCommand {}

    record Vote(String runId, Decision decision, Optional<String> reason) implements ChatCommand {}

    record History(Optional<String> service) implements ChatCommand {}

    record Audit(String runId) implements ChatCommand {}

    record Timeline(String id) implements ChatCommand {}

    record Schedules(Optional<String> service) implements ChatCommand {}

    record Backups(String service) implements ChatCommand {}

    record Drill(String runbookId, Map<String, String> params) implements ChatCommand {}

    record Lesson(String runId, String text) implements ChatCommand {}

    record Failover(Optional<String> service) implements ChatCommand {}
}
