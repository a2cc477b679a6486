package dev.opsbook.cli;

import dev.opsbook.catalog.IntegrityCheck;
import dev.opsbook.catalog.IntegrityIncidents;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code opsbook backups verify [SERVICE]}: re-hashes every live backup; problems are audited. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-hash every recorded backup (or SERVICE's) and report missing files and SHA-256 mismatches (audited).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:all backups intact", "1:a backup is missing or changed",
            "2:invalid command line", "3:the database or the audit log is unavailable"})
final class BackupsVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this service's backups.")
    String service;

    @ParentCommand
    BackupsCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return BackupsSession.run(parent.env, out, err, () -> engine -> {
            IntegrityCheck.Report report = new IntegrityCheck(engine.engine.catalog(), engine.engine.audit(),
                    IntegrityIncidents.NONE).run(Optional.ofNullable(service));
            report.problems().forEach(p -> out.println(p.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + p.message()));
            out.printf("%d backups checked, %d intact, %d with problems%n", report.checked(),
                    report.checked() - report.problems().size(), report.problems().size());
            return report.ok() ? 0 : BackupsSession.PROBLEM;
        });
    }
}
