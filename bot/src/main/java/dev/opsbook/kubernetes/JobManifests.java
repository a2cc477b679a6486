package dev.opsbook.kubernetes;

import dev.opsbook.execution.RemoteLaunch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes objects of one remote step attempt, all named {@link #name}: a ConfigMap with the
 * script (mounted read-only at {@code /opsbook/script/step}, run as {@code INTERPRETER FILE}), a
 * Secret with the step's declared secrets (referenced by {@code secretKeyRef}, never written into the
 * Job) and a Job of one pod that never restarts, bounded by the step's timeout. The Job is created
 * suspended, the ConfigMap and Secret are owned by it (so Kubernetes deletes them with the Job, also
 * when opsbook dies and the Job's TTL removes it), then the Job is resumed.
 */
final class JobManifests {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String RUN_LABEL = "opsbook.dev/run";
    static final String STEP_LABEL = "opsbook.dev/step";
    static final String SCRIPT_DIR = "/opsbook/script";
    /** Kubernetes removes a finished Job after this long if opsbook could not (it deletes it itself). */
    static final int TTL_AFTER_FINISHED_SECONDS = 3600;

    private JobManifests() {}

    /** A DNS-1123 label: {@code opsbook-<run>-<step>-<attempt>}, shortened with a hash to 63 characters. */
    static String name(RemoteLaunch l) {
        String step = l.stepId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("(^-+|-+$)", "");
        String full = "opsbook-" + l.runId().toLowerCase(Locale.ROOT) + "-" + step + "-" + l.attempt();
        if (full.length() <= 63) {
            return full;
        }
        String hash = sha256(full).substring(0, 8);
        String head = full.substring(0, 63 - hash.length() - 1).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    static ConfigMap script(String name, RemoteLaunch l, Job owner) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels(l))
                .withOwnerReferences(ownedBy(owner)).endMetadata()
                .withData(Map.of("step", l.code())).build();
    }

    static Secret secrets(String name, RemoteLaunch l, Job owner) {
        return new SecretBuilder().withNewMetadata().withName(name).withLabels(labels(l))
                .withOwnerReferences(ownedBy(owner)).endMetadata()
                .withType("Opaque").withStringData(l.secrets()).build();
    }

    private static OwnerReference ownedBy(Job job) {
        return new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withBlockOwnerDeletion(false).build();
    }

    static Job job(String name, RemoteLaunch l) {
        List<EnvVar> env = new ArrayList<>();
        l.environment().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        l.secrets().keySet().stream().sorted().forEach(k -> env.add(new EnvVarBuilder().withName(k)
                .withNewValueFrom().withNewSecretKeyRef(k, name, false).endValueFrom().build()));
        return new JobBuilder()
                .withNewMetadata().withName(name).withLabels(labels(l)).endMetadata()
                .withNewSpec()
                    .withSuspend(true)
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(Math.max(1, l.timeout().toSeconds()))
                    .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels(l)).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .addNewContainer()
                                .withName("step")
                                .withImage(l.image())
                                .withCommand(command(l.interpreter()))
                                .withEnv(env)
                                .addNewVolumeMount().withName("script").withMountPath(SCRIPT_DIR).withReadOnly(true).endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("script").withNewConfigMap().withName(name).endConfigMap().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The interpreter's words, then the script file (psql reads it with {@code -f} and stops at the first error). */
    static List<String> command(String interpreter) {
        List<String> command = new ArrayList<>(Arrays.asList(interpreter.strip().split("\\s+")));
        if (command.getFirst().equals("psql")) {
            command.addAll(List.of("-v", "ON_ERROR_STOP=1", "-f"));
        }
        command.add(SCRIPT_DIR + "/step");
        return command;
    }

    static Map<String, String> labels(RemoteLaunch l) {
        String step = l.stepId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-._]+", "-");
        step = step.substring(0, Math.min(63, step.length())).replaceAll("(^[^a-z0-9]+|[^a-z0-9]+$)", "");
        return Map.of(MANAGED_BY, "opsbook", RUN_LABEL, l.runId().toLowerCase(Locale.ROOT), STEP_LABEL, step);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
