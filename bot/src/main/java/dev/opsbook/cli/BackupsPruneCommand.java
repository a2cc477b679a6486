package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.RetentionPolicies;
import dev.opsbook.catalog.RetentionPolicy;
import dev.opsbook.catalog.RetentionPruner;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code opsbook backups prune [--dry-run]}: applies each service's retention, declared as
 * {@code retention:} on the data sources of its runbooks (several: the longest-keeping one wins).
 * Services without a declared retention are never pruned.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete the backups that the retention declared in the runbooks' data sources lets go (audited). "
                + "Locked backups are never deleted.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:pruned (or nothing to prune)",
            "1:a file could not be deleted, or was refused: not at its recorded place inside its backup location",
            "2:invalid command line (also: no --as USER and no $USER, no runbook directory)",
            "3:the database or the audit log is unavailable, or the audit log refused backup.pruned (that backup and the rest were not deleted)",
            "4:a runbook declares a retention that cannot be read"})
final class BackupsPruneCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Option(names = "--runbooks", paramLabel = "DIR", description = "Where the runbooks are (default: ${DEFAULT-VALUE}).")
    Path runbooks = Path.of("runbooks");

    @Option(names = "--as", paramLabel = "USER", description = "Who prunes (default: $USER).")
    String as;

    @ParentCommand
    BackupsCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return BackupsSession.run(parent.env, out, err, () -> {
            Actor actor = BackupsSession.actor(as, parent.env);
            List<Path> files = runbookFiles();
            return engine -> prune(engine, actor, files, out, err);
        });
    }

    private int prune(RunEngine engine, Actor actor, List<Path> files, PrintWriter out, PrintWriter err) {
        TreeMap<String, RetentionPolicy> policies = new TreeMap<>();
        int code = readPolicies(files, policies, err) ? 0 : BackupsSession.REFUSED;
        RetentionPruner pruner = new RetentionPruner(engine.engine.catalog(), engine.engine.audit(), Clock.systemUTC());
        TreeSet<String> services = new TreeSet<>();
        engine.engine.catalog().list(Optional.empty()).forEach(a -> services.add(a.service()));
        for (String service : services) {
            RetentionPolicy policy = policies.get(service);
            if (policy == null) {
                out.println(service + ": no retention declared in " + runbooks + ", all backups kept");
                continue;
            }
            List<RetentionPruner.Outcome> outcomes = pruner.prune(service, policy, actor, dryRun);
            long done = outcomes.stream().filter(o -> o.error().isEmpty()).count();
            out.println(service + ": " + policy.describe() + ", " + done + (dryRun ? " would be pruned" : " pruned")
                    + (done == outcomes.size() ? "" : ", " + (outcomes.size() - done) + " not deleted"));
            for (RetentionPruner.Outcome o : outcomes) {
                BackupArtifact a = o.artifact();
                if (o.error().isPresent()) {
                    err.println("error: " + a.id() + ": " + o.error().get());
                    code = code == 0 ? BackupsSession.PROBLEM : code;
                } else {
                    out.println("  " + (dryRun ? "would prune " : "pruned ") + a.id() + "  " + a.location());
                }
            }
        }
        return code;
    }

    /** The Markdown files under {@code runbooks}. @throws BackupsSession.Usage when it is not a readable directory */
    private List<Path> runbookFiles() throws BackupsSession.Usage {
        if (!Files.isDirectory(runbooks)) {
            throw new BackupsSession.Usage("runbook directory " + runbooks + " does not exist; pass --runbooks DIR");
        }
        try (Stream<Path> s = Files.walk(runbooks)) {
            return s.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BackupsSession.Usage("cannot read the runbook directory " + runbooks + ": " + e.getMessage());
        }
    }

    /** Fills service → policy from the runbooks in {@code files}; false when one could not be read. */
    private static boolean readPolicies(List<Path> files, TreeMap<String, RetentionPolicy> policies, PrintWriter err) {
        List<Runbook> parsed = new ArrayList<>();
        for (Path file : files) {
            try {
                RunbookParser.parse(file.toString(), Files.readAllBytes(file)).runbook().ifPresent(parsed::add);
            } catch (IOException | RuntimeException e) {
                // not a runbook this command can use; opsbook lint reports it
            }
        }
        RetentionPolicies read = RetentionPolicies.of(parsed);
        policies.putAll(read.byService());
        read.problems().forEach(p -> err.println("error: " + p));
        return read.problems().isEmpty();
    }
}
