package dev.opsbook.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/** The {@code /runbook} command as Discord registers it: one subcommand per router verb. */
final class DiscordSlashCommands {
    private DiscordSlashCommands() {}

    static SlashCommandData runbook() {
        return Commands.slash("runbook", "Runbooks: list, show, run, approve and audit")
                .addSubcommands(
                        new SubcommandData("help", "What /runbook can do"),
                        new SubcommandData("list", "Runbooks, optionally of one service")
                                .addOption(OptionType.STRING, "service", "Service name", false),
                        new SubcommandData("show", "Owners, RTO/RPO, procedures and steps of a runbook")
                                .addOption(OptionType.STRING, "id", "Runbook id", true),
                        run("run", "Start a run"),
                        run("dry-run", "Walk the plan without executing anything"),
                        runOnly("status", "Where a run is"),
                        runOnly("cancel", "Cancel a run"),
                        runOnly("resume", "Resume an interrupted run"),
                        runOnly("approve", "Approve what a run waits for"),
                        runOnly("reject", "Reject what a run waits for")
                                .addOption(OptionType.STRING, "reason", "Why", false),
                        new SubcommandData("history", "Recent runs")
                                .addOption(OptionType.STRING, "service", "Service name", false),
                        runOnly("audit", "The audit trail of a run"),
                        runOnly("timeline", "Upload the postmortem draft of a run or incident (i-…) here"));
    }

    private static SubcommandData run(String name, String description) {
        return new SubcommandData(name, description)
                .addOption(OptionType.STRING, "id", "Runbook id", true)
                .addOption(OptionType.STRING, "target", "Procedure or step (default: the whole runbook)", false)
                .addOption(OptionType.STRING, "params", "Parameters as k=v k2=\"v 2\"", false);
    }

    private static SubcommandData runOnly(String name, String description) {
        return new SubcommandData(name, description).addOption(OptionType.STRING, "run", "Run id", true);
    }
}
