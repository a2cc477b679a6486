// Execution engine benchmarks (not part of the build): see bench/execution-README.md.
// Run with bench/execution-bench.sh, which compiles the modules and launches this single-file program.
import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionPorts;
import dev.opsbook.execution.ExecutionSettings;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.jdbc.AdvisoryServiceLocks;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcApprovalStore;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcRunStore;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

public class ExecutionBench {
    static final String ADMIN_URL = env("OPSBOOK_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = env("OPSBOOK_BENCH_PG_USER", "postgres");
    static final String PASSWORD = env("OPSBOOK_BENCH_PG_PASSWORD", "");

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String db = "opsbook_bench_" + ProcessHandle.current().pid();
        admin("CREATE DATABASE " + db);
        Path tmp = Files.createTempDirectory("opsbook-bench");
        try (Database database = Database.open(DatabaseSettings.external(ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + db, USER, PASSWORD))) {
            if (mode.equals("all") || mode.equals("overhead")) {
                overhead(database, tmp, steps);
            }
            if (mode.equals("all") || mode.equals("output")) {
                output(database, tmp, megabytes);
            }
        } finally {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    static void overhead(Database db, Path tmp, int n) throws Exception {
        StringBuilder md = new StringBuilder("---\nid: bench\ntitle: Bench\nservice: bench\nowners: [alice]\n---\n## Steps\n\n");
        for (int i = 0; i < n; i++) {
            md.append("```bash {#s").append(i).append(" kind=check}\ntrue\n```\n\n");
        }
        Runbook rb = parse(tmp, "bench.md", md.toString());
        // warm up the JVM, the pool and the page cache
        runAll(db, tmp, rb, 1);
        runSpawns(Math.min(n, 50));
        double spawn = runSpawns(n);
        double bashLoop = bashLoop(n);
        double opsbook = runAll(db, tmp, rb, 3);
        double append = appendLatency(db, n);
        double runner = runnerOnly(tmp, n);
        System.out.printf("overhead: %d trivial steps (`true`)%n", n);
        System.out.printf("  plain bash loop (`bash -c true` x N in one shell): %.2f ms/step%n", bashLoop);
        System.out.printf("  Java ProcessBuilder spawning `bash FILE` x N:      %.2f ms/step%n", spawn);
        System.out.printf("  opsbook run (chain, audit write-ahead to PostgreSQL, run store, service lock): %.2f ms/step%n", opsbook);
        System.out.printf("  StepRunner alone (%s; script file, env, log, output drain, group check): %.2f ms/step%n",
                StepRunner.defaults().spawnMechanism(), runner);
        System.out.printf("  one durable audit append on this PostgreSQL (a silent step makes one, with the run's state): %.2f ms%n", append);
        System.out.printf("  orchestration overhead vs plain bash: %.2f ms/step; vs a bare Java spawn: %.2f ms/step%n",
                opsbook - bashLoop, opsbook - spawn);
    }

    /** Best of {@code rounds} full runs, in ms per step. */
    static double runAll(Database db, Path tmp, Runbook rb, int rounds) {
        double best = Double.MAX_VALUE;
        try (JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            RunExecutor executor = executor(db, audit, tmp, List.of());
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                Run run = executor.start(new StartRun(rb, "", RunTarget.procedure("steps"), Map.of(), new Actor("cli", "bench", "bench")));
                double ms = (System.nanoTime() - t0) / 1e6 / rb.steps().size();
                if (!run.state().label().equals("succeeded")) {
                    throw new IllegalStateException("bench run ended " + run.state().label() + ": " + run.message());
                }
                best = Math.min(best, ms);
            }
        }
        return best;
    }

    static double appendLatency(Database db, int n) {
        try (JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                audit.append(new dev.opsbook.audit.AuditEvent(new Actor("cli", "bench", "bench"), "bench.append",
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), Map.of(), "ok",
                        java.util.Optional.empty(), java.util.Optional.empty(), Map.of()));
            }
            return (System.nanoTime() - t0) / 1e6 / n;
        }
    }

    static double runnerOnly(Path tmp, int n) throws Exception {
        StepRunner runner = StepRunner.defaults();
        Path work = Files.createDirectories(tmp.resolve("runner"));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            runner.run(new dev.opsbook.execution.StepLaunch("s" + i, 1, "bash", "true\n", work, work.resolve("scripts"),
                    ExecutionSettings.inherit(System.getenv()), java.time.Duration.ofMinutes(1),
                    dev.opsbook.execution.Redactor.none(), work.resolve("s.log")), line -> { });
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double runSpawns(int n) throws Exception {
        Path script = Files.createTempFile("opsbook-bench", ".sh");
        Files.writeString(script, "true\n");
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        }
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double bashLoop(int n) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", "for i in $(seq " + n + "); do bash -c true; done").start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static void output(Database db, Path tmp, int megabytes) throws Exception {
        String md = "---\nid: out\ntitle: Out\nservice: out\nowners: [alice]\n---\n## Steps\n\n"
                + "```bash {#no-newlines kind=check timeout=10m}\nhead -c " + megabytes + "M /dev/zero | tr '\\0' x\n```\n\n"
                + "```bash {#lines kind=check timeout=10m}\nyes 'a line of output with password=hunter2 in it' | head -c " + megabytes + "M\n```\n";
        Runbook rb = parse(tmp, "out.md", md);
        AtomicLong lines = new AtomicLong();
        PeakHeap peak = new PeakHeap();
        peak.start();
        long t0 = System.nanoTime();
        Run run;
        try (JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            run = executor(db, audit, tmp, List.of(e -> {
                if (e instanceof ExecutionEvent.StepOutput) {
                    lines.incrementAndGet();
                }
            })).start(new StartRun(rb, "", RunTarget.procedure("steps"), Map.of(), new Actor("cli", "bench", "bench")));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        peak.stopSampling();
        System.out.printf("output: 2 steps printing %d MB each (one without newlines, one of short lines): %s in %.1f s,"
                        + " %d lines delivered%n", megabytes, run.state().label(), seconds, lines.get());
        System.out.printf("  max heap (-Xmx) %d MB; peak heap used %.1f MB (incl. garbage); peak live after GC %.1f MB%n",
                Runtime.getRuntime().maxMemory() >> 20, peak.peak / 1048576.0, peak.peakLive / 1048576.0);
    }



    static RunExecutor executor(Database db, AuditLog audit, Path tmp, List<dev.opsbook.execution.ExecutionListener> listeners) {
        ExecutionPorts ports = new ExecutionPorts(new JdbcRunStore(db.dataSource()), new JdbcApprovalStore(db.dataSource()),
                new AdvisoryServiceLocks(db.dataSource(), Clock.systemUTC()), audit, Directory.EMPTY, SecretProvider.NONE,
                (p, m) -> { }, Clock.systemUTC(), Sleeper.REAL);
        return new RunExecutor(ports, ExecutionSettings.defaults(tmp.resolve("runs"), System.getenv()), StepRunner.defaults(), listeners);
    }

    static Runbook parse(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return RunbookParser.parse(file.toString(), text.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    }

    static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            c.createStatement().execute(sql);
        }
    }

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    /** Samples the used heap (all heap pools) every 10 ms. */
    static final class PeakHeap extends Thread {
        volatile boolean running = true;
        volatile long peak;
        volatile long peakLive;

        PeakHeap() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        if (pool.getCollectionUsage() != null) {
                            live += pool.getCollectionUsage().getUsed();
                        }
                    }
                }
                peak = Math.max(peak, used);
                peakLive = Math.max(peakLive, live);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }
}
