package dev.opsbook.cli;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.io.PrintWriter;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code opsbook audit show --run RUN}: the audit events of one run, one readable line each. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the audit events of one run.")
final class AuditShowCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN", required = true, description = "The run id.")
    String runId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = parent.withAuditLog(err, log -> show(log, out, err));
        out.flush();
        return code;
    }

    private int show(JdbcAuditLog log, PrintWriter out, PrintWriter err) {
        long[] count = {0};
        log.readRun(runId, e -> {
            out.println(line(e));
            count[0]++;
        });
        if (count[0] == 0) {
            err.println("no audit events for run " + runId);
            return AuditCommand.BROKEN;
        }
        return AuditCommand.OK;
    }

    static String line(RecordedEvent r) {
        AuditEvent e = r.event();
        StringBuilder b = new StringBuilder()
                .append('#').append(r.sequence()).append(' ').append(r.time()).append(' ')
                .append(e.action()).append(' ').append(e.result());
        e.stepId().ifPresent(s -> b.append(" step=").append(s));
        b.append(" by ").append(e.actor().displayName()).append(" (").append(e.actor().platform()).append(':')
                .append(e.actor().userId()).append(')');
        e.duration().ifPresent(d -> b.append(" in ").append(d.toMillis()).append(" ms"));
        if (!e.details().isEmpty()) {
            b.append(' ').append(new TreeMap<>(e.details()));
        }
        return b.toString().replace('\n', ' ');
    }
}
