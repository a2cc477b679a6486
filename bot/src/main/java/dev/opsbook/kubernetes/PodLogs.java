package dev.opsbook.kubernetes;

import dev.opsbook.execution.RemoteRunner.Output;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of a Job's pod, into a step's output: followed live from the moment the pod has started
 * ({@link #poll} on every wait round), or, when the pod ended before it was seen running, fetched once
 * at the end. Each line reaches the output once.
 */
final class PodLogs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodLogs.class);
    private static final Set<String> STARTED = Set.of("Running", "Succeeded", "Failed");

    private final KubernetesClient k8s;
    private final String namespace;
    private final String job;
    private final Output output;
    private LogWatch watch;
    private Thread drain;

    PodLogs(KubernetesClient k8s, String namespace, String job, Output output) {
        this.k8s = k8s;
        this.namespace = namespace;
        this.job = job;
        this.output = output;
    }

    /** Starts following the pod's log once the pod has started. */
    void poll() {
        if (watch != null) {
            return;
        }
        Optional<Pod> pod = pod().filter(p -> p.getStatus() != null && STARTED.contains(p.getStatus().getPhase()));
        if (pod.isEmpty()) {
            return;
        }
        String name = pod.get().getMetadata().getName();
        watch = k8s.pods().inNamespace(namespace).withName(name).watchLog();
        LogWatch followed = watch;
        drain = Thread.ofVirtual().name("opsbook-pod-log-" + name).start(() -> {
            try {
                output.drain(followed.getOutput());
            } catch (RuntimeException e) {
                LOG.debug("log of pod {} ended: {}", name, e.toString());
            }
        });
    }

    /**
     * After the Job ended: waits up to {@code wait} for the followed log to end, or fetches the log when
     * it was never followed; returns the container's exit code when the pod has ended.
     */
    Optional<Integer> finish(Duration wait) throws InterruptedException {
        Optional<Pod> pod = pod();
        if (watch != null) {
            drain.join(wait);
            close();
        } else if (pod.isPresent()) {
            fetch(pod.get().getMetadata().getName());
        }
        return pod.flatMap(PodLogs::exitCode);
    }

    private void fetch(String pod) {
        try {
            String log = k8s.pods().inNamespace(namespace).withName(pod).getLog();
            if (log != null && !log.isEmpty()) {
                output.drain(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (KubernetesClientException e) {
            output.drain(new ByteArrayInputStream(("[opsbook: could not read the log of pod " + pod + ": " + e.getMessage()
                    + "]\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Optional<Pod> pod() {
        List<Pod> pods = k8s.pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
        return pods.isEmpty() ? Optional.empty() : Optional.of(pods.getLast());
    }

    private static Optional<Integer> exitCode(Pod pod) {
        List<ContainerStatus> containers = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        return containers.stream().filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> c.getState().getTerminated()).map(ContainerStateTerminated::getExitCode).findFirst();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
            try {
                drain.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
