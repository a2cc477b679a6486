package dev.opsbook.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.runbook.Severity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The deployment files at the repository root and in docs/kubernetes are valid and say what
 * docs/replicas.md promises: {@code docker compose config} (or Debian's docker-compose) accepts the
 * compose file, which wires PostgreSQL, the opsbook image, the chat variables, the runbooks and a
 * readiness healthcheck; every Kubernetes document parses into its typed model with no unknown field,
 * and together they give opsbook two replicas, probes and exactly the RBAC its Job runner needs;
 * {@code kubectl kustomize} renders them. Missing tools skip those parts, or fail them with CI=true.
 */
class DeploymentFilesIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path KUBERNETES = ROOT.resolve("docs/kubernetes");

    @Test
    void dockerComposeConfigAcceptsTheComposeFileAndItWiresDatabaseChatRunbooksAndHealth() throws Exception {
        List<String> compose = composeCommand();
        Result ok = exec(compose, Map.of("OPSBOOK_DB_PASSWORD", "pw-for-the-test"), "config");
        assertThat(ok.code()).as(ok.out()).isZero();

        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(ok.out());
        Map<String, Object> services = map(config.get("services"));
        assertThat(services).containsOnlyKeys("postgres", "opsbook");
        Map<String, Object> opsbook = map(services.get("opsbook"));
        assertThat(map(opsbook.get("environment"))).containsKeys("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
                        "DISCORD_BOT_TOKEN", "DISCORD_GUILD_ID", "OPSBOOK_ALERTS_CHANNELS", "OPSBOOK_DB_URL", "OPSBOOK_DB_USER",
                        "OPSBOOK_DB_PASSWORD", "OPSBOOK_RUNBOOKS")
                .containsEntry("OPSBOOK_DB_URL", "jdbc:postgresql://postgres:5432/opsbook")
                .containsEntry("OPSBOOK_DB_PASSWORD", "pw-for-the-test");
        assertThat(String.valueOf(map(opsbook.get("healthcheck")).get("test"))).contains("/actuator/health/readiness")
                .as("the healthcheck asks the port opsbook listens on").contains("SERVER_PORT:-8080}");
        assertThat(String.valueOf(opsbook.get("volumes"))).contains(ROOT.resolve("runbooks") + ":/runbooks:ro");
        assertThat(String.valueOf(map(map(opsbook.get("depends_on")).get("postgres")).get("condition"))).isEqualTo("service_healthy");
        assertThat(map(map(services.get("postgres")).get("environment"))).containsEntry("POSTGRES_PASSWORD", "pw-for-the-test");

        Result missing = exec(compose, Map.of(), "config");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.out()).contains("set OPSBOOK_DB_PASSWORD");
    }

    /** bin/compose-check's override: the local images, host networking, and the ports it picked reach both services. */
    @Test
    void theComposeCheckOverrideMovesBothServicesToTheHostNetworkOnTheChosenPorts() throws Exception {
        Result ok = exec(composeCommand(), Map.of("OPSBOOK_DB_PASSWORD", "pw", "OPSBOOK_CHECK_POSTGRES_IMAGE", "local/pg:1",
                "OPSBOOK_CHECK_DB_PORT", "45432", "OPSBOOK_CHECK_PORT", "48080"),
                "-f", "docker-compose.yml", "-f", "deploy/local/compose.host-network.yml", "config");
        assertThat(ok.code()).as(ok.out()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> services = map(((Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(ok.out()))
                .get("services"));
        Map<String, Object> postgres = map(services.get("postgres"));
        Map<String, Object> opsbook = map(services.get("opsbook"));
        assertThat(postgres).containsEntry("image", "local/pg:1").containsEntry("network_mode", "host");
        assertThat(String.valueOf(map(postgres.get("environment")).get("PGPORT"))).isEqualTo("45432");
        assertThat(opsbook).containsEntry("network_mode", "host");
        assertThat(map(opsbook.get("environment"))).containsEntry("OPSBOOK_DB_URL", "jdbc:postgresql://127.0.0.1:45432/opsbook");
        assertThat(String.valueOf(map(opsbook.get("environment")).get("SERVER_PORT"))).isEqualTo("48080");
    }

    @Test
    void everyKubernetesDocumentIsATypedResourceWithoutUnknownFields() throws Exception {
        List<HasMetadata> all = resources();
        assertThat(all).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).containsExactlyInAnyOrder(
                "ServiceAccount/opsbook", "Role/opsbook-step-jobs", "RoleBinding/opsbook-step-jobs", "ConfigMap/opsbook-runbooks",
                "Secret/opsbook", "Deployment/opsbook", "Service/opsbook");
        for (HasMetadata r : all) {
            List<String> unknown = new ArrayList<>();
            unknownFields(r, r.getKind(), unknown);
            assertThat(unknown).as("fields Kubernetes does not know in %s", r.getKind()).isEmpty();
        }
    }

    @Test
    void theManifestsRunTwoProbedReplicasAllowedExactlyWhatKubernetesStepsNeed() throws Exception {
        List<HasMetadata> all = resources();
        Deployment deployment = one(all, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(one(all, ServiceAccount.class).getMetadata().getName());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container c = pod.getContainers().getFirst();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("OPSBOOK_DB_URL", "OPSBOOK_DB_PASSWORD", "OPSBOOK_RUNBOOKS",
                "OPSBOOK_KUBERNETES_NAMESPACE", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN");
        Secret secret = one(all, Secret.class);
        c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef()).forEach(ref -> {
                    assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
                    assertThat(secret.getStringData()).containsKey(ref.getKey());
                });
        ConfigMap runbooks = one(all, ConfigMap.class);
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo(runbooks.getMetadata().getName()));
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/runbooks"));
        runbooks.getData().forEach((file, text) -> {
            ParsedRunbook parsed = RunbookParser.parse(file, text.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.findings()).as(file).noneMatch(f -> f.severity() == Severity.ERROR);
        });

        Service service = one(all, Service.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        RoleBinding binding = one(all, RoleBinding.class);
        Role role = one(all, Role.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(pod.getServiceAccountName()));
        assertThat(allowed(role, "batch", "jobs")).contains("create", "get", "list", "patch", "delete");
        assertThat(allowed(role, "", "configmaps")).contains("create", "get", "delete");
        assertThat(allowed(role, "", "secrets")).contains("create", "get", "delete");
        assertThat(allowed(role, "", "pods")).contains("list", "get");
        assertThat(allowed(role, "", "pods/log")).contains("get");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).doesNotContain("*", "update");
        assertThat(role.getRules()).filteredOn(r -> r.getVerbs().contains("patch"))
                .allSatisfy(r -> assertThat(r.getResources()).containsExactly("jobs"));
    }

    @Test
    void kubectlKustomizeRendersTheManifests() throws Exception {
        requireTool("kubectl", "kubernetes-client");
        Result r = exec(List.of("kubectl"), Map.of(), "kustomize", KUBERNETES.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("kind: Deployment", "kind: RoleBinding", "replicas: 2");
    }

    // ---- helpers ----

    private static List<HasMetadata> resources() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                        continue;
                    }
                    Object parsed = serialization.unmarshal(doc);
                    assertThat(parsed).as("a document of %s", file.getFileName()).isInstanceOf(HasMetadata.class);
                    assertThat(parsed.getClass().getPackageName()).as("a typed resource in %s", file.getFileName())
                            .startsWith("io.fabric8.kubernetes.api.model");
                    out.add((HasMetadata) parsed);
                }
            }
        }
        return out;
    }

    /** Walks the typed model: any field a model did not recognise lands in its additionalProperties. */
    private static void unknownFields(Object o, String path, List<String> unknown) throws Exception {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), unknown);
            }
            return;
        }
        if (!(o instanceof KubernetesResource) || !o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + m.getName().substring(3), unknown);
            }
        }
    }

    private static Set<String> allowed(Role role, String group, String resource) {
        return role.getRules().stream().filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream()).collect(java.util.stream.Collectors.toSet());
    }

    private static <T> T one(List<HasMetadata> all, Class<T> type) {
        List<T> found = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    record Result(int code, String out) {}

    /** {@code docker compose} when the plugin is there, else Debian's {@code docker-compose}. */
    private static List<String> composeCommand() throws Exception {
        if (onPath("docker") && exec(List.of("docker", "compose"), Map.of(), "version").code() == 0) {
            return List.of("docker", "compose");
        }
        requireTool("docker-compose", "docker-compose");
        return List.of("docker-compose");
    }

    private static Result exec(List<String> command, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(command);
        all.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(all).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("OPSBOOK_") || k.startsWith("SLACK_") || k.startsWith("DISCORD_")
                || k.startsWith("COMPOSE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", all) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void requireTool(String program, String debianPackage) {
        if (onPath(program)) {
            return;
        }
        String message = program + " is not on PATH (Debian: apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true makes a missing prerequisite a failure");
        }
        Assumptions.abort(message + "; skipped (with CI=true this fails)");
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
