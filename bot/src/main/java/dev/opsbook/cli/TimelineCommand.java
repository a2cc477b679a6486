package dev.opsbook.cli;

import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.timeline.Timeline;
import dev.opsbook.timeline.TimelineBuilder;
import dev.opsbook.timeline.TimelineJson;
import dev.opsbook.timeline.TimelineMarkdown;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opsbook timeline RUN|INCIDENT [--format md|json]}: the postmortem draft of an incident (or of the incident a
 * run belongs to, or of the run alone) from the audit log in opsbook's database.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Write the postmortem draft of an incident or run from the audit log.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:no audit events for that run or incident", "2:invalid command line",
            "3:the database cannot be reached or read"})
public final class TimelineCommand implements Callable<Integer> {
    enum Format { md, json }

    private final Supplier<DatabaseSettings> settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN|INCIDENT", description = "A run id (r-…) or an incident id (i-…).")
    String id;

    @Option(names = "--format", paramLabel = "md|json", defaultValue = "md", description = "md (default) or json.")
    Format format;

    public TimelineCommand() {
        this(() -> DatabaseSettings.fromEnvironment(System.getenv()));
    }

    public TimelineCommand(Supplier<DatabaseSettings> settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = new AuditCommand(settings).withAuditLog(err, log -> write(log, out, err));
        out.flush();
        return code;
    }

    private int write(JdbcAuditLog log, PrintWriter out, PrintWriter err) {
        List<RecordedEvent> events = new ArrayList<>();
        log.read(1, events::add);
        Optional<Timeline> timeline = TimelineBuilder.build(id, events);
        if (timeline.isEmpty()) {
            err.println("no audit events for run or incident " + id + " (opsbook runs lists runs)");
            return AuditCommand.BROKEN;
        }
        out.print(format == Format.json ? TimelineJson.render(timeline.get()) : TimelineMarkdown.render(timeline.get()));
        return AuditCommand.OK;
    }
}
