package dev.opsbook.chat;

/** The help text of {@code /runbook}, and the reply to input that is not a command. */
final class Usage {
    private Usage() {}

    static final String COMMANDS = String.join("\n",
            "`/runbook help` — this help",
            "`/runbook list [service]` — runbooks, optionally of one service",
            "`/runbook show ID` — owners, RTO/RPO, procedures and steps of a runbook",
            "`/runbook run ID [PROCEDURE|STEP] [k=v ...]` — start a run (quote values with spaces: `env=\"eu west\"`)",
            "`/runbook dry-run ID [PROCEDURE|STEP] [k=v ...]` — walk the plan without executing anything",
            "`/runbook status RUN` — where a run is",
            "`/runbook cancel RUN` / `/runbook resume RUN`",
            "`/runbook approve RUN` / `/runbook reject RUN [reason]` — vote on the approval a run waits for",
            "`/runbook history [service]` — recent runs",
            "`/runbook audit RUN` — the audit trail of a run",
            "`/runbook schedules [service]` — scheduled runs, next fire times and misfires",
            "`/runbook backups SERVICE` — the backup catalog of a service: artifacts, checksums, retention",
            "`/runbook drill ID [k=v ...]` — rehearse a restore into the runbook's sandbox and measure it against the RTO",
            "`/runbook lesson DRILL text` — attach a lesson learned to a drill (shown with it on the site)",
            "`/runbook failover [service]` — failover controller state, probe evidence and proposals",
            "`/runbook timeline RUN|INCIDENT` — upload the postmortem draft (timeline from the audit log) here");

    static ChatMessage help() {
        return ChatMessage.builder("*opsbook commands*\n" + COMMANDS).status(ChatStatus.INFO).build();
    }

    static ChatMessage invalid(String problem) {
        return ChatMessage.builder("*Sorry, I did not understand that:* " + problem + "\n\n" + COMMANDS)
                .status(ChatStatus.INFO)
                .build();
    }
}
