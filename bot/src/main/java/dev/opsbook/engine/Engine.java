package dev.opsbook.engine;

import dev.opsbook.approval.ApprovalDesk;
import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.Directory;
import dev.opsbook.catalog.ArtifactRecorder;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.ExecutionPorts;
import dev.opsbook.execution.ExecutionSettings;
import dev.opsbook.execution.RemoteRunner;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRecovery;
import dev.opsbook.execution.Shutdown;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.jdbc.AdvisoryServiceLocks;
import dev.opsbook.kubernetes.KubernetesJobRunner;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.JdbcApprovalStore;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcBackupCatalog;
import dev.opsbook.jdbc.JdbcCancelRequests;
import dev.opsbook.jdbc.JdbcRunOutput;
import dev.opsbook.jdbc.JdbcRunStore;
import dev.opsbook.jdbc.JdbcSeenDeliveries;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The execution engine on PostgreSQL, shared by the command line and the server: the database
 * (migrated), the JDBC audit log, run and approval stores, advisory service locks and the execution
 * settings. Closing it closes the audit writer and the database.
 */
public final class Engine implements AutoCloseable {
    /** How many output lines of one step are shared with other replicas (the log file on the driving host has all). */
    public static final int OUTPUT_LINES_PER_STEP = 5_000;
    private final Database database;
    private final JdbcAuditLog audit;
    private final JdbcRunStore runs;
    private final JdbcApprovalStore approvals;
    private final ExecutionPorts ports;
    private final ExecutionSettings settings;
    private final Directory directory;
    private final JdbcBackupCatalog catalog;
    private final JdbcRunOutput output;
    private final OutputJournal journal;
    private final List<ExecutionListener> observers = new CopyOnWriteArrayList<>();
    private final JdbcSeenDeliveries runStarts;
    private final JdbcCancelRequests cancels;
    private final List<RemoteRunner> remote;
    private final java.nio.file.Path home;

    private Engine(Database database, EngineSettings s, Clock clock, List<RemoteRunner> remote, dev.opsbook.audit.AuditSigning signing) {
        this.database = database;
        this.remote = List.copyOf(remote);
        this.home = s.home().toAbsolutePath();
        this.audit = new JdbcAuditLog(database.dataSource(), clock, signing);
        this.runs = new JdbcRunStore(database.dataSource());
        this.approvals = new JdbcApprovalStore(database.dataSource());
        this.catalog = new JdbcBackupCatalog(database.dataSource());
        this.runStarts = new JdbcSeenDeliveries(database.dataSource(), clock, Duration.ofDays(1));
        this.cancels = new JdbcCancelRequests(database.dataSource());
        this.directory = s.directory();
        this.ports = new ExecutionPorts(runs, approvals, new AdvisoryServiceLocks(database.dataSource(), clock), audit,
                directory, s.secrets(), s.notifier(), clock, Sleeper.REAL, new Shutdown());
        this.settings = ExecutionSettings.defaults(s.home().resolve("runs").toAbsolutePath(), s.processEnvironment())
                .withRunners(s.runners());
        this.output = new JdbcRunOutput(database.dataSource());
        this.journal = new OutputJournal(output, clock, OUTPUT_LINES_PER_STEP, settings.runsDir(), hostName(s.processEnvironment()),
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("opsbook-output").daemon(true).factory()),
                Duration.ofMillis(200));
    }

    /**
     * Connects to (or starts) the database and migrates it.
     *
     * @throws dev.opsbook.jdbc.DatabaseUnavailableException saying which database and what to check
     */
    public static Engine open(EngineSettings settings, Clock clock) {
        return open(settings, clock, defaultRemote(settings));
    }

    public static Engine open(Database database, EngineSettings settings, Clock clock) {
        return new Engine(database, settings, clock, defaultRemote(settings), signing(settings));
    }

    public static Engine open(EngineSettings settings, Clock clock, List<RemoteRunner> remote) {
        // the key first: a bad one fails before the database is opened
        dev.opsbook.audit.AuditSigning signing = signing(settings);
        return new Engine(Database.open(settings.database()), settings, clock, remote, signing);
    }

    private static List<RemoteRunner> defaultRemote(EngineSettings settings) {
        return List.of(new KubernetesJobRunner(() -> new KubernetesClientBuilder().build(),
                Optional.ofNullable(settings.processEnvironment().get("OPSBOOK_KUBERNETES_NAMESPACE")), Duration.ofSeconds(2)));
    }

    private static dev.opsbook.audit.AuditSigning signing(EngineSettings settings) {
        return AuditSigningSettings.from(settings.secrets(), settings.processEnvironment(), settings.home());
    }

    private static String hostName(Map<String, String> environment) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return environment.getOrDefault("HOSTNAME", "unknown host");
        }
    }

    /** Marks runs whose process died as interrupted (audited); returns them. Call once at process start. */
    public List<Run> recover() {
        return new RunRecovery(runs, approvals, audit, ports.clock(), settings.runsDir()).recover();
    }

    /** Adds a listener that every executor made from now on tells about its runs (live web pages, for one). */
    public void observe(ExecutionListener observer) {
        observers.add(observer);
    }

    /**
     * An executor whose runs share their output lines through the database (before {@code listeners} hear them) and
     * record the backups their steps declare in the catalog (after {@code listeners}); metadata that cannot be recorded
     * is audited and reported on stderr.
     */
    public RunExecutor executor(List<ExecutionListener> listeners, Confirmation confirmation) {
        return new RunExecutor(ports, settings, StepRunner.defaults(), remote, listenersWithCatalog(listeners), confirmation);
    }

    /** The output journal, {@code listeners}, then the observers (live pages), then the catalog recorder. */
    private List<ExecutionListener> listenersWithCatalog(List<ExecutionListener> listeners) {
        List<ExecutionListener> all = new ArrayList<>(List.of(journal));
        all.addAll(listeners);
        all.addAll(observers);
        all.add(new ArtifactRecorder(settings.runsDir(), home, catalog, audit, ports.clock(), w -> System.err.println("warning: " + w)));
        return all;
    }

    /** Like {@link #executor(List, Confirmation)}, with {@code environment} added to every step's environment (drills). */
    public RunExecutor executor(List<ExecutionListener> listeners, Confirmation confirmation, Map<String, String> environment) {
        Map<String, String> base = new java.util.LinkedHashMap<>(settings.baseEnvironment());
        base.putAll(environment);
        ExecutionSettings s = new ExecutionSettings(settings.runsDir(), base, settings.defaultTimeout(), settings.approvalPoll(),
                settings.retryBase(), settings.retryMax(), settings.redactPatterns(), settings.configuredRunners());
        return new RunExecutor(ports, s, StepRunner.defaults(), remote, listenersWithCatalog(listeners), confirmation);
    }

    /**
     * "audit log unavailable (PostgreSQL at H:P stopped answering)" while an outage of the database was seen in
     * the last seconds: chat, the dashboard and readiness answer with it instead of accepting work.
     */
    public Optional<String> auditUnavailable() {
        return dev.opsbook.jdbc.Outages.recentlyDown(database.dataSource())
                ? Optional.of("audit log unavailable (" + dev.opsbook.jdbc.Outages.describe(database.dataSource()) + " stopped answering)")
                : Optional.empty();
    }

    public ApprovalDesk desk() {
        return new ApprovalDesk(approvals, new ApprovalPolicy(directory), audit, ports.clock());
    }

    public Database database() { return database; }
    /** Who belongs to which group, as runner checks and approvals see it. */
    public Directory directory() { return directory; }
    public JdbcAuditLog audit() { return audit; }
    public JdbcRunStore runs() { return runs; }
    public JdbcApprovalStore approvals() { return approvals; }
    public JdbcBackupCatalog catalog() { return catalog; }
    /** Runs' output lines as shared through the database (written by every executor's journal, at most 200 ms late). */
    public JdbcRunOutput output() { return output; }
    public ExecutionPorts ports() { return ports; }
    /** Chat deliveries that started a run, shared by every process on the database (remembered a day). */
    public JdbcSeenDeliveries runStarts() { return runStarts; }
    /** Cancels asked for runs that another process drives. */
    public JdbcCancelRequests cancels() { return cancels; }
    public ExecutionSettings settings() { return settings; }

    @Override
    public void close() {
        journal.close();
        for (RemoteRunner r : remote) {
            if (r instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("warning: could not close the " + r.name() + " runner: " + e.getMessage());
                }
            }
        }
        audit.close();
        database.close();
    }
}
