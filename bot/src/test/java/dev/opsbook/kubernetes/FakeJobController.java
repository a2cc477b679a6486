package dev.opsbook.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the Kubernetes Job controller and kubelet against fabric8's CRUD mock server: for each new Job
 * once it is no longer suspended it records the Job, ConfigMap and Secret opsbook created, and — per the outcome set for the step
 * label — creates the Job's pod (terminated with an exit code, its log served by the mock) and marks
 * the Job succeeded or failed; a step without an outcome stays running forever.
 */
final class FakeJobController implements AutoCloseable {
    record Outcome(int exitCode, String log, boolean held) {}

    record Seen(Job job, ConfigMap script, Optional<Secret> secret) {}

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean stop;

    FakeJobController(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.loop = Thread.ofPlatform().daemon().name("fake-job-controller").start(this::loop);
    }

    /** The Job of {@code step} ends at once with {@code exitCode}, its pod having printed {@code log}. */
    void outcome(String step, int exitCode, String log) {
        outcomes.put(step, new Outcome(exitCode, log, false));
    }

    /** The pod of {@code step} runs (its log so far is {@code log}) until {@link #release}. */
    void hold(String step, int exitCode, String log) {
        outcomes.put(step, new Outcome(exitCode, log, true));
    }

    /** Ends the held Job of {@code step}. */
    void release(String step) {
        Seen s = seen(step).orElseThrow();
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(s.job().getMetadata().getName()).get();
        Outcome outcome = outcomes.get(step);
        terminate(job, outcome);
    }

    /** What opsbook created for the Job of {@code step} (as first seen). */
    Optional<Seen> seen(String step) {
        return seen.values().stream().filter(s -> step.equals(s.job().getMetadata().getLabels().get(JobManifests.STEP_LABEL)))
                .findFirst();
    }

    private void loop() {
        while (!stop) {
            try {
                for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
                    String name = job.getMetadata().getName();
                    if (seen.containsKey(name) || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
                        continue;
                    }
                    seen.put(name, new Seen(job, client.configMaps().inNamespace(namespace).withName(name).get(),
                            Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())));
                    Outcome outcome = outcomes.get(job.getMetadata().getLabels().get(JobManifests.STEP_LABEL));
                    if (outcome != null) {
                        finish(job, outcome);
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stop) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void finish(Job job, Outcome outcome) {
        String name = job.getMetadata().getName();
        String pod = name + "-x7k2p";
        for (String query : new String[] {"?pretty=false", "?pretty=false&follow=true", "?follow=true&pretty=false"}) {
            server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log" + query)
                    .andReturn(200, outcome.log()).always();
        }
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(namespace)
                .addToLabels("job-name", name).endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();
        if (!outcome.held()) {
            terminate(job, outcome);
        }
    }

    private void terminate(Job job, Outcome outcome) {
        String pod = job.getMetadata().getName() + "-x7k2p";
        Pod ended = client.pods().inNamespace(namespace).withName(pod).get();
        ended.setStatus(new PodBuilder().withNewStatus().withPhase(outcome.exitCode() == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName("step").withNewState().withNewTerminated().withExitCode(outcome.exitCode())
                .endTerminated().endState().endContainerStatus().endStatus().build().getStatus());
        client.pods().inNamespace(namespace).resource(ended).updateStatus();
        job.setStatus(outcome.exitCode() == 0 ? new JobStatusBuilder().withSucceeded(1).build()
                : new JobStatusBuilder().withFailed(1).addNewCondition().withType("Failed").withStatus("True")
                        .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit").endCondition().build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        loop.interrupt();
        loop.join(2000);
    }
}
