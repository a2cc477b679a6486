package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.RetentionLocks;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code opsbook backups lock|unlock ARTIFACT}: sets or clears a retention lock (audited). */
abstract class BackupsLockCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARTIFACT", description = "The backup's id (first part of the last column of opsbook backups).")
    String artifact;

    @Option(names = "--as", paramLabel = "USER", description = "Who does this (default: $USER).")
    String as;

    @ParentCommand
    BackupsCommand parent;

    @Spec
    CommandSpec spec;

    abstract boolean locked();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return BackupsSession.run(parent.env, out, err, () -> {
            Actor actor = BackupsSession.actor(as, parent.env);
            return engine -> set(engine, actor, out, err);
        });
    }

    private int set(RunEngine engine, Actor actor, PrintWriter out, PrintWriter err) {
        Optional<BackupArtifact> done = new RetentionLocks(engine.engine.catalog(), engine.engine.audit()).set(artifact, locked(), actor);
        if (done.isEmpty()) {
            err.println("error: no recorded backup " + artifact + " (see opsbook backups)");
            return BackupsSession.REFUSED;
        }
        out.println((locked() ? "locked " : "unlocked ") + artifact + (locked() ? ": retention will never prune it"
                : ": retention may prune it again"));
        return 0;
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Put a retention lock on a backup: it is never pruned.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:locked", "2:invalid command line (also: no --as USER and no $USER)",
                "3:the database or the audit log is unavailable", "4:no such backup"})
    static final class Lock extends BackupsLockCommand {
        @Override
        boolean locked() {
            return true;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Remove a backup's retention lock.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:unlocked", "2:invalid command line (also: no --as USER and no $USER)",
                "3:the database or the audit log is unavailable", "4:no such backup"})
    static final class Unlock extends BackupsLockCommand {
        @Override
        boolean locked() {
            return false;
        }
    }
}
