package dev.opsbook.cli;

import dev.opsbook.catalog.BackupArtifact;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsbook backups [SERVICE]}: the backup catalog, newest first; subcommands prune, verify, lock, unlock. */
@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "List recorded backups, newest first (all services, or SERVICE's). See docs/backups.md.",
        subcommands = {BackupsPruneCommand.class, BackupsVerifyCommand.class, BackupsLockCommand.Lock.class,
            BackupsLockCommand.Unlock.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:invalid command line",
            "3:the database is unavailable"})
public final class BackupsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this service's backups.")
    String service;

    @Spec
    CommandSpec spec;

    final Map<String, String> env;

    public BackupsCommand() {
        this(System.getenv());
    }

    BackupsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return BackupsSession.run(env, out, err, () -> engine -> {
            List<BackupArtifact> all = engine.engine.catalog().list(Optional.ofNullable(service));
            if (all.isEmpty()) {
                out.println(service == null ? "no backups recorded yet" : "no backups recorded for " + service);
                return 0;
            }
            String format = "%-20s %-16s %-10s %10s  %-12s %-6s %s%n";
            out.printf(format, "CREATED", "SERVICE", "RETENTION", "SIZE", "SHA256", "LOCKED", "ID  LOCATION");
            for (BackupArtifact a : all) {
                out.printf(format, TIME.format(a.created()), a.service(), a.retentionClass(), size(a.size()),
                        a.sha256().substring(0, 12), a.locked() ? "locked" : "-", a.id() + "  " + a.location());
            }
            return 0;
        });
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
