package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretProviderTest {
    @TempDir
    Path dir;

    @Test
    void environmentVariablesArePrefixedAndUpperCased() {
        SecretProvider env = SecretProvider.environment(Map.of("OPSBOOK_SECRET_PG_PASSWORD", "s3cret", "PG_PASSWORD", "wrong"));
        assertThat(env.find("pg-password")).contains("s3cret");
        assertThat(env.find("other")).isEmpty();
    }

    @Test
    void filesNamedLikeTheSecretAsMountedKubernetesSecrets() throws Exception {
        Files.writeString(dir.resolve("PGPASSWORD"), "from-file\n");
        Files.writeString(dir.resolve("api-key"), "multi\nline\n\n");
        SecretProvider files = SecretProvider.directory(dir);
        assertThat(files.find("PGPASSWORD")).contains("from-file");
        assertThat(files.find("api-key")).contains("multi\nline\n");
        assertThat(files.find("../etc/passwd")).isEmpty();
        assertThat(files.find("missing")).isEmpty();
    }

    @Test
    void theEnvironmentWinsOverFiles() throws Exception {
        Files.writeString(dir.resolve("token"), "file");
        SecretProvider both = SecretProvider.environment(Map.of("OPSBOOK_SECRET_TOKEN", "env")).orElse(SecretProvider.directory(dir));
        assertThat(both.find("token")).contains("env");
        assertThat(SecretProvider.environment(Map.of()).orElse(SecretProvider.directory(dir)).find("token")).contains("file");
    }
}
