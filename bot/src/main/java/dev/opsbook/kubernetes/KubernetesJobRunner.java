package dev.opsbook.kubernetes;

import dev.opsbook.execution.RemoteLaunch;
import dev.opsbook.execution.RemoteRunner;
import dev.opsbook.execution.StepResult;
import dev.opsbook.execution.StepState;
import dev.opsbook.runbook.Durations;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code runner=kubernetes} steps as Kubernetes Jobs in {@code namespace} (see {@link JobManifests}
 * for what is created, suspended until its ConfigMap and Secret exist): waits for the Job to succeed or fail, at most the step's timeout, polling every
 * {@code poll}, following the pod's log into the step's output while it runs (see {@link PodLogs}), and maps
 * the container's exit code to the result. On timeout or cancellation the Job is deleted (with its pod); in every case the Job, its
 * ConfigMap and its Secret are deleted when the step ends, so nothing of the step (least of all its
 * secrets) stays in the cluster. The client is created on first use.
 */
public final class KubernetesJobRunner implements RemoteRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobRunner.class);
    /** How long the end of a followed log may take to arrive after the Job finished. */
    private static final Duration LOG_TAIL_WAIT = Duration.ofSeconds(5);

    private final Supplier<KubernetesClient> clients;
    private final Optional<String> namespace;
    private final Duration poll;
    private KubernetesClient client;

    /** {@code namespace} empty: the client's own (the pod's namespace in a cluster, else the kubeconfig's). */
    public KubernetesJobRunner(Supplier<KubernetesClient> clients, Optional<String> namespace, Duration poll) {
        this.clients = clients;
        this.namespace = namespace.filter(n -> !n.isBlank());
        this.poll = poll;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public StepResult run(RemoteLaunch launch, Output output) {
        long t0 = System.nanoTime();
        String name = JobManifests.name(launch);
        KubernetesClient k8s;
        String ns;
        try {
            k8s = client();
            ns = namespace.orElseGet(() -> Optional.ofNullable(k8s.getNamespace()).orElse("default"));
            Job suspended = k8s.batch().v1().jobs().inNamespace(ns).resource(JobManifests.job(name, launch)).create();
            k8s.configMaps().inNamespace(ns).resource(JobManifests.script(name, launch, suspended)).create();
            if (!launch.secrets().isEmpty()) {
                k8s.secrets().inNamespace(ns).resource(JobManifests.secrets(name, launch, suspended)).create();
            }
            k8s.batch().v1().jobs().inNamespace(ns).withName(name).edit(j -> {
                j.getSpec().setSuspend(false);
                return j;
            });
        } catch (KubernetesClientException | IllegalStateException e) {
            cleanUpQuietly(name);
            return new StepResult(StepState.FAILED, Optional.empty(), elapsed(t0), List.of(),
                    "could not create Kubernetes Job " + name + ": " + reason(e));
        }
        LOG.info("step {} of run {} runs as Kubernetes Job {}/{} (image {})", launch.stepId(), launch.runId(), ns, name,
                launch.image());
        try {
            return await(k8s, ns, name, launch, output, t0);
        } finally {
            boolean interrupted = Thread.interrupted(); // the API calls below must not be cut short by a cancel
            cleanUp(k8s, ns, name);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private StepResult await(KubernetesClient k8s, String ns, String name, RemoteLaunch launch, Output output, long t0) {
        long deadline = t0 + launch.timeout().toNanos();
        try (PodLogs logs = new PodLogs(k8s, ns, name, output)) {
            while (true) {
                Job job = k8s.batch().v1().jobs().inNamespace(ns).withName(name).get();
                if (job == null) {
                    return new StepResult(StepState.FAILED, Optional.empty(), elapsed(t0), List.of(),
                            "Kubernetes Job " + name + " disappeared before it finished (deleted by someone else?)");
                }
                JobStatus status = job.getStatus();
                boolean succeeded = status != null && status.getSucceeded() != null && status.getSucceeded() > 0;
                boolean failed = status != null && (status.getFailed() != null && status.getFailed() > 0
                        || status.getConditions() != null && status.getConditions().stream()
                        .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())));
                if (succeeded || failed) {
                    Optional<Integer> exit = logs.finish(LOG_TAIL_WAIT);
                    if (succeeded) {
                        return new StepResult(StepState.SUCCEEDED, Optional.of(exit.orElse(0)), elapsed(t0), List.of(), "");
                    }
                    return new StepResult(StepState.FAILED, exit, elapsed(t0), List.of(), exit.map(c -> "exit code " + c)
                            .orElse("Kubernetes Job " + name + " failed: " + failure(status)));
                }
                if (System.nanoTime() >= deadline) {
                    return new StepResult(StepState.TIMED_OUT, Optional.empty(), elapsed(t0), List.of(), "timed out after "
                            + Durations.format(launch.timeout()) + "; Kubernetes Job " + name + " deleted");
                }
                logs.poll();
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepResult(StepState.CANCELLED, Optional.empty(), elapsed(t0), List.of(),
                    "cancelled; Kubernetes Job " + name + " deleted");
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new StepResult(StepState.CANCELLED, Optional.empty(), elapsed(t0), List.of(),
                        "cancelled; Kubernetes Job " + name + " deleted");
            }
            return new StepResult(StepState.FAILED, Optional.empty(), elapsed(t0), List.of(),
                    "lost track of Kubernetes Job " + name + ": " + reason(e) + "; the Job was deleted");
        }
    }

    private static String failure(JobStatus status) {
        return status.getConditions() == null ? "no reason given" : status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType())).map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                .findFirst().orElse("no reason given");
    }

    private void cleanUpQuietly(String name) {
        if (client != null) {
            cleanUp(client, namespace.orElseGet(() -> Optional.ofNullable(client.getNamespace()).orElse("default")), name);
        }
    }

    private static void cleanUp(KubernetesClient k8s, String ns, String name) {
        try {
            k8s.batch().v1().jobs().inNamespace(ns).withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            k8s.configMaps().inNamespace(ns).withName(name).delete();
            k8s.secrets().inNamespace(ns).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("could not delete Kubernetes Job {}/{} or its ConfigMap/Secret (its ttlSecondsAfterFinished removes the Job"
                    + " later; delete the Secret by hand): {}", ns, name, reason(e));
        }
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    private static String reason(RuntimeException e) {
        return e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage() : String.valueOf(e.getMessage());
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
