package dev.opsbook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The opsbook command line. Subcommands that need no server never start a Spring context. */
@Command(name = "opsbook", mixinStandardHelpOptions = true, version = "opsbook 0.1.0",
        description = "Runbooks as code: lint, publish, run and audit backups, restores and failovers.",
        subcommands = {LintCommand.class, SiteCommand.class, RunCommand.class, RunsCommand.class, ResumeCommand.class,
                ApproveCommand.class, RejectCommand.class, AuditCommand.class, ServeCommand.class, AdoptCommand.class,
                BackupsCommand.class, DrillCommand.class, UsersCommand.class, TimelineCommand.class})
public final class Opsbook implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("lint") || args[0].equals("adopt"))) dev.opsbook.runbook.RunbookParser.preload();
        CliLog.configure(args, System.getenv());
        java.util.Optional<ServeCommand> serve = ServeCommand.readPlain(args);
        if (serve.isPresent()) {
            System.exit(serveWithoutPicocli(serve.get()));
        }
        System.exit(new CommandLine(new Opsbook()).execute(args));
    }

    /** As picocli runs a command: its exit code, or the failure's stack trace on stderr and 1. */
    private static int serveWithoutPicocli(ServeCommand serve) {
        try {
            return serve.call();
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
            return 1;
        }
    }
}
