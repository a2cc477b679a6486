package dev.opsbook.cli;

import dev.opsbook.audit.AuditJson;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code opsbook audit export}: the audit log as JSON Lines (one event per line, {@link AuditJson}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the audit log as JSON Lines, one event per line, in sequence order.")
final class AuditExportCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "N", defaultValue = "1",
            description = "First sequence number to export (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return parent.withAuditLog(err, log -> out == null ? exportToStdout(log) : exportToFile(log, err));
    }

    private int exportToStdout(JdbcAuditLog log) {
        PrintWriter stdout = spec.commandLine().getOut();
        export(log, stdout);
        stdout.flush();
        return AuditCommand.OK;
    }

    private int exportToFile(JdbcAuditLog log, PrintWriter err) throws AuditCommand.CommandFailure {
        try (Writer file = Files.newBufferedWriter(out)) {
            long count = export(log, file);
            err.println("exported " + count + " events to " + out);
            return AuditCommand.OK;
        } catch (IOException | UncheckedIOException e) {
            throw new AuditCommand.CommandFailure(AuditCommand.OUTPUT_ERROR, "cannot write " + out + ": "
                    + (e instanceof UncheckedIOException u ? u.getCause() : e).getMessage());
        }
    }

    private long export(JdbcAuditLog log, Writer target) {
        long[] count = {0};
        log.read(from, e -> {
            try {
                target.write(AuditJson.toLine(e));
                target.write('\n');
                count[0]++;
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        });
        return count[0];
    }
}
