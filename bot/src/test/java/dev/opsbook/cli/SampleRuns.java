package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepState;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcRunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the repository's sample runbooks through {@code opsbook run} in-process (the CLI's own engine
 * wiring: real PostgreSQL audit log, run store, locks and approvals; real bash steps), and votes from
 * separate {@code opsbook approve} invocations, each opening its own engine as another process would.
 * The runner is alice (group {@code sre}, a runner of every sample); approvers are named per call.
 */
final class SampleRuns implements AutoCloseable {
    private static final Pattern RUN_ID = Pattern.compile("starting run (r-[0-9a-f]{10})");

    /** A finished {@code opsbook run}: exit code, output, and the run as stored. */
    record Finished(int exitCode, String out, String err, Run run) {
        String id() {
            return run.id().value();
        }

        StepState step(String stepId) {
            return run.step(stepId).state();
        }

        Path workFile(Path home, String name) {
            return home.resolve("runs").resolve(id()).resolve("work").resolve(name);
        }

        Path artifact(Path home, String name) {
            return home.resolve("runs").resolve(id()).resolve("artifacts").resolve(name);
        }

        @Override
        public String toString() {
            return "run " + run.id() + " " + run.state().label() + " (exit " + exitCode + ")\n" + out + err;
        }
    }

    final CliFixture cli;
    final Path home;
    final Path runbooks;
    private final Database db;
    private final JdbcRunStore store;
    private final JdbcAuditLog audit;

    SampleRuns(Path home, Path runbooks) {
        this.home = home;
        this.runbooks = runbooks;
        this.cli = new CliFixture(home);
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("groups.properties"), "sre = alice\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.db = Database.open(DatabaseSettings.external(cli.db.url(), cli.db.user(), cli.db.password()));
        this.store = new JdbcRunStore(db.dataSource());
        this.audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC());
    }

    /** {@code opsbook run runbooks/RUNBOOK.md PROCEDURE --as alice -p K=V...}, to its end. */
    Finished run(String runbook, String procedure, Map<String, String> params) {
        List<String> args = new ArrayList<>(List.of(runbooks.resolve(runbook + ".md").toString(), procedure, "--as", "alice"));
        params.forEach((k, v) -> args.addAll(List.of("--param", k + "=" + v)));
        CliFixture.Result r = cli.run(args.toArray(String[]::new));
        Matcher m = RUN_ID.matcher(r.out());
        assertThat(m.find()).as("no run started:\n%s%s", r.out(), r.err()).isTrue();
        Run run = store.find(new RunId(m.group(1))).orElseThrow();
        return new Finished(r.exitCode(), r.out(), r.err(), run);
    }

    /**
     * Starts the run and, as {@code approver} from a separate {@code opsbook approve}, approves each of
     * {@code steps} once the run waits for it. Stops voting early if the run ends first.
     */
    Finished runApproved(String runbook, String procedure, Map<String, String> params, String approver, String... steps)
            throws Exception {
        return approving(() -> run(runbook, procedure, params), runbook, approver, steps);
    }

    /** Like {@link #runApproved}, for a run started by {@code start}. */
    Finished approving(Supplier<Finished> start, String runbook, String approver, String... steps) throws Exception {
        CompletableFuture<Finished> running = CompletableFuture.supplyAsync(start);
        for (String step : steps) {
            Optional<String> waiting = awaitApproval(running, runbook, step);
            if (waiting.isEmpty()) {
                break;
            }
            CliFixture.Result vote = cli.approve(waiting.get(), "--as", approver, "--comment", "sample runbook test");
            assertThat(vote.exitCode()).as(vote.err()).isZero();
            assertThat(vote.out()).contains("approved step " + step + " of run " + waiting.get() + " as " + approver);
        }
        return running.get(3, TimeUnit.MINUTES);
    }

    /**
     * Runs a procedure exactly as {@code opsbook run} does (same engine wiring, progress printer and
     * confirmation), with one extra listener that calls {@code fault} right after step {@code afterStep}
     * finishes and before the next step starts: a fault injected between two steps of a real run.
     */
    Finished runInjecting(String runbook, String procedure, Map<String, String> params, String afterStep, Runnable fault) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        ExecutionListener inject = e -> {
            if (e instanceof ExecutionEvent.StepFinished f && f.step().id().equals(afterStep)) {
                fault.run();
            }
        };
        try (RunEngine engine = RunEngine.open(cli.env, new PrintWriter(err, true))) {
            RunbookFile file = RunbookFile.load(runbooks.resolve(runbook + ".md"));
            Run run = engine.executor(List.of(new ProgressPrinter(o), inject), new TerminalConfirmation(List.of(), o))
                    .start(new StartRun(file.runbook(), file.gitCommit(), RunTarget.procedure(procedure), params,
                            new Actor("cli", "alice", "alice")));
            return new Finished(RunCommand.exitCode(run.state()), out.toString(), err.toString(), store.find(run.id()).orElseThrow());
        } catch (RunCommand.Refusal e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The id of the run of {@code runbook} waiting for approval of {@code step}; empty if the run ended instead. */
    Optional<String> awaitApproval(CompletableFuture<Finished> running, String runbook, String step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (Run r : store.recent(5)) {
                if (r.runbook().id().equals(runbook) && r.state() == RunState.AWAITING_APPROVAL
                        && r.step(step).state() == StepState.AWAITING_APPROVAL) {
                    return Optional.of(r.id().value());
                }
            }
            if (running.isDone()) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run of " + runbook + " waited for approval of step " + step + " within 2 minutes");
    }

    /** A vote that must be refused (printed reason contains {@code why}). */
    void refusedVote(String runId, String voter, String why) {
        CliFixture.Result vote = cli.approve(runId, "--as", voter);
        assertThat(vote.exitCode()).as(vote.out() + vote.err()).isEqualTo(1);
        assertThat(vote.err()).contains("refused: ").contains(why);
    }

    /** The run's audit events as "action [step]", with " result" for finished events and votes, in sequence order. */
    List<String> auditOf(String runId) {
        List<String> out = new ArrayList<>();
        audit.read(1, (RecordedEvent e) -> {
            if (e.event().runId().filter(runId::equals).isPresent()) {
                String action = e.event().action();
                boolean outcome = action.endsWith(".finished") || action.equals(AuditActions.APPROVAL_VOTED);
                out.add(action + e.event().stepId().map(s -> " " + s).orElse("") + (outcome ? " " + e.event().result() : ""));
            }
        });
        return out;
    }

    /** Every event of the log hashes into an intact chain; returns how many there are. */
    long verifyAuditChain() {
        var result = AuditVerifier.verify(audit);
        assertThat(result.intact()).as("audit chain: %s", result.firstBreak()).isTrue();
        return result.verifiedEvents();
    }

    /** Parameters in the order given (a readable literal for the tests). */
    static Map<String, String> params(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.putAll(params(keyValues));
        return m;
    }

    @Override
    public void close() {
        try {
            audit.close();
            db.close();
        } finally {
            cli.close();
        }
    }
}
