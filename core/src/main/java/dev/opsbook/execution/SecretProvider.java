package dev.opsbook.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Secret values by name, from outside the runbook. A step receives only the secrets it declares.
 * <ul>
 * <li>{@link #environment}: the variable {@code OPSBOOK_SECRET_<NAME>} (name upper-cased, {@code -} → {@code _});</li>
 * <li>{@link #directory}: the file named like the secret in a directory (a mounted Kubernetes secret),
 * one trailing newline removed.</li>
 * </ul>
 */
@FunctionalInterface
public interface SecretProvider {
    SecretProvider NONE = name -> Optional.empty();

    Optional<String> find(String name);

    default SecretProvider orElse(SecretProvider next) {
        return name -> find(name).or(() -> next.find(name));
    }

    static String envName(String secret) {
        return secret.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    static SecretProvider environment(Map<String, String> env) {
        return name -> Optional.ofNullable(env.get("OPSBOOK_SECRET_" + envName(name)));
    }

    static SecretProvider directory(Path dir) {
        return name -> {
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                return Optional.empty();
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                String v = Files.readString(file);
                return Optional.of(v.endsWith("\n") ? v.substring(0, v.length() - 1) : v);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret " + name + " from " + file + ": " + e.getMessage(), e);
            }
        };
    }
}
