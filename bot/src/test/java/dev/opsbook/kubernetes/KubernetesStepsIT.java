package dev.opsbook.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.approval.Directory;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.execution.StepState;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner=kubernetes} steps through the real engine (PostgreSQL run store and audit log) against
 * fabric8's Kubernetes mock server in CRUD mode, with {@link FakeJobController} moving the Jobs along.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesStepsIT {
    static final String RUNBOOK = """
            ---
            id: k8s-steps
            title: Kubernetes steps
            service: jobs
            owners: [alice]
            runners: [alice]
            parameters:
              - {name: target, type: string, default: staging}
            secrets: [api-token]
            ---
            ## Migrate

            ```bash {#migrate runner=kubernetes image=registry.example.com/tools/migrate:1.4 timeout=30s secrets=api-token}
            echo "migrating $TARGET"
            curl -H "Authorization: Bearer $API_TOKEN" https://api.internal/migrate
            ```

            ## Broken

            ```bash {#broken runner=kubernetes image=registry.example.com/tools/migrate:1.4 timeout=30s}
            echo boom; exit 3
            ```

            ## Stuck

            ```bash {#stuck runner=kubernetes image=registry.example.com/tools/migrate:1.4 timeout=2s}
            sleep 600
            ```

            ## Local

            ```bash {#local-echo}
            echo "local step still runs here: $TARGET"
            ```
            """;

    @TempDir
    Path dir;
    TestDatabase db;
    KubernetesMockServer server;
    KubernetesClient client;
    FakeJobController controller;
    Engine engine;
    Runbook runbook;
    final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        controller = new FakeJobController(server, client, "test");
        KubernetesJobRunner runner = new KubernetesJobRunner(server::createClient, Optional.of("test"), Duration.ofMillis(50));
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()), dir.resolve("home"),
                Directory.EMPTY, name -> name.equals("api-token") ? Optional.of("s3cr3t-token-value") : Optional.empty(),
                List.of(), Map.of("PATH", System.getenv("PATH")), (person, message) -> { }), Clock.systemUTC(), List.of(runner));
        Path file = dir.resolve("k8s-steps.md");
        Files.writeString(file, RUNBOOK);
        runbook = RunbookParser.parse(file.toString(), RUNBOOK.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        engine.close();
        db.close();
    }

    @Test
    void aSucceedingJobGetsItsScriptParametersAndSecretsSafelyAndItsLogRedactedIntoTheStep() throws Exception {
        controller.outcome("migrate", 0, "migrating production\nusing token s3cr3t-token-value\ndone\n");
        Run run = run("migrate", Map.of("target", "production"));

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(step(run, "migrate").state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(output("migrate")).containsExactly("migrating production", "using token ***", "done");
        assertThat(Files.readString(dir.resolve("home/runs").resolve(run.id().value()).resolve("logs/migrate.log")))
                .contains("using token ***").doesNotContain("s3cr3t");

        FakeJobController.Seen seen = controller.seen("migrate").orElseThrow();
        Job job = seen.job();
        var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.example.com/tools/migrate:1.4");
        assertThat(container.getCommand()).containsExactly("bash", "/opsbook/script/step");
        assertThat(env(container.getEnv(), "TARGET")).contains("production");
        assertThat(env(container.getEnv(), "OPSBOOK_RUN_ID")).contains(run.id().value());
        EnvVar token = container.getEnv().stream().filter(e -> e.getName().equals("API_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(job.getMetadata().getName());
        assertThat(client.getKubernetesSerialization().asJson(job)).doesNotContain("s3cr3t").doesNotContain("production\\n");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
        assertThat(job.getSpec().getSuspend()).as("resumed once its ConfigMap and Secret exist").isFalse();
        assertThat(seen.script().getData()).containsEntry("step", runbook.step("migrate").orElseThrow().code());
        assertThat(seen.script().getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid()).isNotBlank());
        assertThat(seen.secret().orElseThrow().getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo(job.getMetadata().getName()));
        assertThat(seen.secret()).hasValueSatisfying(s -> assertThat(s.getStringData() != null ? s.getStringData() : decoded(s.getData()))
                .containsEntry("API_TOKEN", "s3cr3t-token-value"));

        assertNothingLeftFor(job.getMetadata().getName());
        assertThat(audit(run)).contains("step.started migrate", "step.finished migrate succeeded", "run.finished succeeded");
    }

    @Test
    void theLogOfARunningPodReachesTheStepWhileTheJobStillRunsAndOnlyOnce() throws Exception {
        controller.hold("migrate", 0, "migrating production\nhalfway\n");
        java.util.concurrent.CompletableFuture<Run> result = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().start(() -> result.complete(run("migrate", Map.of("target", "production"))));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (output("migrate").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(output("migrate")).containsExactly("migrating production", "halfway");
        assertThat(result).as("the Job is still running").isNotDone();

        controller.release("migrate");
        Run run = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(output("migrate")).containsExactly("migrating production", "halfway");
    }

    @Test
    void aFailingJobFailsTheStepWithTheContainersExitCode() throws Exception {
        controller.outcome("broken", 3, "boom\n");
        Run run = run("broken", Map.of());

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        StepExecution step = step(run, "broken");
        assertThat(step.state()).isEqualTo(StepState.FAILED);
        assertThat(step.exitCode()).contains(3);
        assertThat(output("broken")).containsExactly("boom");
        assertThat(controller.seen("broken").orElseThrow().secret()).as("no secrets declared, no Secret").isEmpty();
        assertNothingLeftFor(controller.seen("broken").orElseThrow().job().getMetadata().getName());
        assertThat(audit(run)).contains("step.finished broken failed");
    }

    @Test
    void aJobRunningPastTheStepTimeoutIsDeletedAndTheStepTimesOut() throws Exception {
        long t0 = System.nanoTime();
        Run run = run("stuck", Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.state()).isEqualTo(RunState.TIMED_OUT);
        StepExecution step = step(run, "stuck");
        assertThat(step.state()).isEqualTo(StepState.TIMED_OUT);
        assertThat(step.message()).contains("timed out after 2s", "Kubernetes Job", "deleted");
        String name = controller.seen("stuck").orElseThrow().job().getMetadata().getName();
        assertNothingLeftFor(name);
        assertThat(audit(run)).contains("step.finished stuck timed_out");
    }

    @Test
    void cancellingTheRunDeletesItsRunningJob() throws Exception {
        java.util.concurrent.CompletableFuture<Run> result = new java.util.concurrent.CompletableFuture<>();
        Thread driver = Thread.ofPlatform().start(() -> result.complete(run("stuck", Map.of())));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (controller.seen("stuck").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String name = controller.seen("stuck").orElseThrow().job().getMetadata().getName();
        driver.interrupt(); // what /runbook cancel and Ctrl-C do to the thread driving the run
        Run run = result.get(20, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(step(run, "stuck").state()).isEqualTo(StepState.CANCELLED);
        assertThat(step(run, "stuck").message()).contains("Kubernetes Job " + name + " deleted");
        assertNothingLeftFor(name);
    }

    @Test
    void localStepsStillRunAsLocalProcesses() throws Exception {
        Run run = run("local", Map.of("target", "qa"));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(output("local-echo")).containsExactly("local step still runs here: qa");
        assertThat(client.batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();
    }

    private Run run(String procedure, Map<String, String> params) {
        return engine.executor(List.of(events::add), Confirmation.NOBODY).start(new StartRun(runbook, "unknown",
                RunTarget.procedure(procedure), params, new Actor("cli", "alice", "Alice")));
    }

    private static StepExecution step(Run run, String id) {
        return run.steps().stream().filter(s -> s.stepId().equals(id)).findFirst().orElseThrow();
    }

    private List<String> output(String stepId) {
        return events.stream().filter(e -> e instanceof ExecutionEvent.StepOutput o && o.step().id().equals(stepId))
                .map(e -> ((ExecutionEvent.StepOutput) e).line().text()).toList();
    }

    private void assertNothingLeftFor(String name) {
        assertThat(client.batch().v1().jobs().inNamespace("test").withName(name).get()).as("job").isNull();
        assertThat(client.configMaps().inNamespace("test").withName(name).get()).as("config map").isNull();
        assertThat(client.secrets().inNamespace("test").withName(name).get()).as("secret").isNull();
    }

    private List<String> audit(Run run) {
        List<RecordedEvent> recorded = new ArrayList<>();
        engine.audit().readRun(run.id().value(), recorded::add);
        return recorded.stream().map(e -> e.event().action() + e.event().stepId().map(s -> " " + s).orElse("")
                + (e.event().action().equals(AuditActions.STEP_STARTED) ? "" : " " + e.event().result())).toList();
    }

    private static Optional<String> env(List<EnvVar> env, String name) {
        return env.stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }

    private static Map<String, String> decoded(Map<String, String> data) {
        Map<String, String> out = new java.util.HashMap<>();
        data.forEach((k, v) -> out.put(k, new String(java.util.Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }
}
