// Shared run output benchmark (not part of the build). Run with bench/run-output-bench.sh.
import dev.opsbook.audit.Actor;
import dev.opsbook.approval.Directory;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.engine.OutputJournal;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.StartRun;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcRunOutput;
import dev.opsbook.jdbc.JdbcRunOutput.StoredLine;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

public class RunOutputBench {
    static final String ADMIN_URL = env("OPSBOOK_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = env("OPSBOOK_BENCH_PG_USER", "postgres");
    static final String PASSWORD = env("OPSBOOK_BENCH_PG_PASSWORD", "");
    static final Actor ALICE = new Actor("cli", "alice", "alice");

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        String db = "opsbook_bench_" + ProcessHandle.current().pid();
        admin("CREATE DATABASE " + db);
        Path home = Files.createTempDirectory("opsbook-output-bench");
        EngineSettings settings = new EngineSettings(DatabaseSettings.external(
                ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + db, USER, PASSWORD), home, Directory.EMPTY,
                SecretProvider.NONE, List.of(), System.getenv(), (person, message) -> { });
        try (Engine engine = Engine.open(settings, Clock.systemUTC())) {
            perLine(engine, home);
            perStep(engine, home, steps);
            endToEnd(engine, home, lines);
        } finally {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    /** The run thread's share (buffering) and the writer thread's (batched INSERT) of one line. */
    static void perLine(Engine engine, Path home) throws Exception {
        AtomicReference<ExecutionEvent.StepOutput> sample = new AtomicReference<>();
        Runbook rb = parse(home, "one.md", steps(1, "echo sample"));
        run(engine, rb, e -> { if (e instanceof ExecutionEvent.StepOutput o) sample.set(o); });
        int n = 90_000; // below the journal's cap on lines waiting for the database
        OutputJournal journal = new OutputJournal(engine.output(), Clock.systemUTC(), Integer.MAX_VALUE, home, "bench",
                Executors.newSingleThreadScheduledExecutor(), Duration.ofMillis(200));
        for (int i = 0; i < n; i++) journal.on(sample.get()); // warm up
        Thread.sleep(3_000);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) journal.on(sample.get());
        double runThread = (System.nanoTime() - t0) / (double) n;
        journal.close();
        double all = (System.nanoTime() - t0) / (double) n;

        JdbcRunOutput output = engine.output();
        String runId = sample.get().run().id().value();
        long seq = output.lastSeq(runId);
        int batches = 50, per = 1_000;
        for (int b = 0; b < 5; b++) output.append(batch(runId, seq += per, per)); // warm up
        t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) output.append(batch(runId, seq += per, per));
        double db = (System.nanoTime() - t0) / (double) (batches * per);
        System.out.printf("per line: %.0f ns on the run thread (buffering); %.1f µs until stored through the journal;"
                + " %.1f µs of database time in batches of %d (one transaction each)%n", runThread, all / 1_000, db / 1_000, per);
    }

    /** A run of N steps printing one line each: the step-end flush (one INSERT round trip, waited for) per step. */
    static void perStep(Engine engine, Path home, int n) throws Exception {
        Runbook quiet = parse(home, "quiet.md", steps(n, "true"));
        Runbook talking = parse(home, "talking.md", steps(n, "echo one line"));
        run(engine, quiet, e -> { });
        run(engine, talking, e -> { });
        double q = 0, t = 0;
        for (int round = 0; round < 3; round++) {
            q += run(engine, quiet, e -> { }) / n;
            t += run(engine, talking, e -> { }) / n;
        }
        JdbcRunOutput output = engine.output();
        AtomicReference<String> runId = new AtomicReference<>();
        run(engine, parse(home, "one-more.md", steps(1, "true")), e -> runId.set(e.run().id().value()));
        long t0 = System.nanoTime();
        int flushes = 500;
        for (int i = 0; i < flushes; i++) output.append(batch(runId.get(), i + 1, 1));
        double one = (System.nanoTime() - t0) / 1e6 / flushes;
        System.out.printf("per step: %d steps, %.2f ms/step printing nothing, %.2f ms/step printing one line"
                + " (the step-end flush of one line: %.2f ms, one INSERT transaction)%n", n, q / 3, t / 3, one);
    }

    /** One step printing {@code lines} lines: wall time, and what was stored (bounded per step). */
    static void endToEnd(Engine engine, Path home, int lines) throws Exception {
        Runbook rb = parse(home, "bulk.md", steps(1, "seq 1 " + lines));
        Runbook small = parse(home, "small.md", steps(1, "seq 1 " + (Engine.OUTPUT_LINES_PER_STEP - 10)));
        run(engine, small, e -> { });
        AtomicReference<String> id = new AtomicReference<>();
        double ms = run(engine, rb, e -> { if (e instanceof ExecutionEvent.RunStarted s) id.set(s.run().id().value()); });
        double smallMs = run(engine, small, e -> { });
        long stored = engine.output().lastSeq(id.get());
        System.out.printf("end to end: a step printing %d lines ran in %.0f ms (%d rows stored: %d lines + notice + marker);"
                + " one printing %d lines (all stored) in %.0f ms%n", lines, ms, stored, Engine.OUTPUT_LINES_PER_STEP,
                Engine.OUTPUT_LINES_PER_STEP - 10, smallMs);
    }

    static double run(Engine engine, Runbook rb, ExecutionListener listener) {
        long t0 = System.nanoTime();
        Run run = engine.executor(List.of(listener), Confirmation.NOBODY)
                .start(new StartRun(rb, "", RunTarget.procedure("steps"), Map.of(), ALICE));
        if (!run.state().label().equals("succeeded")) throw new IllegalStateException(run.state() + " " + run.message());
        return (System.nanoTime() - t0) / 1e6;
    }

    static List<StoredLine> batch(String runId, long last, int n) {
        List<StoredLine> lines = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) lines.add(new StoredLine(runId, last - n + 1 + i, "s0", "a line of output " + i, now));
        return lines;
    }

    static String steps(int n, String script) {
        StringBuilder md = new StringBuilder("---\nid: bench\ntitle: Bench\nservice: bench\nowners: [alice]\n---\n## Steps\n\n");
        for (int i = 0; i < n; i++) md.append("```bash {#s").append(i).append(" kind=check}\n").append(script).append("\n```\n\n");
        return md.toString();
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
        return v == null || v.isEmpty() ? d : v;
    }
}
