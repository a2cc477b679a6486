package dev.opsbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.approval.Directory;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcRunOutput;
import dev.opsbook.jdbc.JdbcRunOutput.StoredLine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.StepFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The output journal on a real run and a real database: lines stored in order, all of a step's lines stored before
 * the step's result is published on, the per-step bound with its notice and marker, and lines kept and written
 * later when the database refuses them for a while.
 */
class OutputJournalIT {
    private final TestDatabase db = TestDatabase.create();
    private final AtomicBoolean databaseDown = new AtomicBoolean();
    private Engine engine;
    private JdbcRunOutput output;
    private OutputJournal journal;

    @BeforeEach
    void open() throws Exception {
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()),
                Files.createTempDirectory("opsbook-journal"), Directory.EMPTY, SecretProvider.NONE, List.of(),
                System.getenv(), (p, m) -> { }), Clock.systemUTC(), List.of());
        output = new JdbcRunOutput(failing(engine.database().dataSource()));
        journal = new OutputJournal(output, Clock.systemUTC(), 1_000, engine.settings().runsDir(), "host-a",
                Executors.newSingleThreadScheduledExecutor(), Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        journal.close();
        engine.close();
        db.close();
    }

    @Test
    void linesAreStoredInOrderBeforeTheirStepsResultAndBoundedPerStep() {
        Map<String, Integer> storedAtStepEnd = new ConcurrentHashMap<>();
        ExecutionListener probe = event -> {
            if (event instanceof ExecutionEvent.StepFinished f) {
                storedAtStepEnd.put(f.step().id(), output.after(f.run().id().value(), 0, 10_000).size());
            }
        };
        Run run = run(probe);

        List<StoredLine> lines = output.after(run.id().value(), 0, 10_000);
        List<String> expected = new ArrayList<>(List.of("a 1", "a 2", "a 3"));
        IntStream.rangeClosed(1, 1_000).forEach(i -> expected.add("b " + i));
        assertThat(lines.subList(0, 1_003)).extracting(StoredLine::text).isEqualTo(expected);
        assertThat(lines).extracting(StoredLine::seq)
                .isEqualTo(IntStream.rangeClosed(1, 1_005).mapToObj(i -> (long) i).toList());
        assertThat(lines.get(1_003).text()).startsWith("… more than 1000 lines: the rest of this step's output is not shared");
        assertThat(lines.get(1_004).text()).isEqualTo("… 200 lines truncated, full log on the driving host (host-a: "
                + engine.settings().runsDir().resolve(run.id().value()).resolve("logs").resolve("bulky.log") + ")");
        assertThat(lines.get(1_004).stepId()).isEqualTo("bulky");
        assertThat(storedAtStepEnd).containsEntry("short", 3).containsEntry("bulky", 1_005);
    }

    @Test
    void linesTheDatabaseRefusedAreWrittenWhenItIsBack() throws Exception {
        databaseDown.set(true);
        Run run = run(event -> { });
        databaseDown.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (output.lastSeq(run.id().value()) < 1_005 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<StoredLine> lines = output.after(run.id().value(), 0, 10_000);
        assertThat(lines).hasSize(1_005);
        assertThat(lines.subList(0, 3)).extracting(StoredLine::text).containsExactly("a 1", "a 2", "a 3");
        assertThat(lines.getLast().text()).startsWith("… 200 lines truncated");
    }

    private Run run(ExecutionListener after) {
        Runbook rb = RunbookFixtures.runbook("chatty")
                .step(StepFixture.step("short").kind(StepKind.CHECK).code("echo a 1; echo a 2; echo a 3").section("Talk").build())
                .step(StepFixture.step("bulky").kind(StepKind.CHECK).code("seq 1 1200 | sed 's/^/b /'").section("Talk").build())
                .build();
        // the journal under test is the only one: this executor is not the engine's (which has its own journal)
        Run run = new RunExecutor(engine.ports(), engine.settings(), StepRunner.defaults(), List.of(journal, after),
                Confirmation.NOBODY).start(new StartRun(rb, "", RunTarget.procedure("talk"), Map.of(),
                new Actor("cli", "alice", "Alice")));
        assertThat(run.state()).as(run.message()).isEqualTo(RunState.SUCCEEDED);
        return run;
    }

    /** {@code real}, refusing connections while {@link #databaseDown} is set. */
    private DataSource failing(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && databaseDown.get()) {
                        throw new SQLException("connection refused (test)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
