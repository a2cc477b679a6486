package dev.opsbook.engine;

import dev.opsbook.audit.AuditKey;
import dev.opsbook.audit.AuditSigning;
import dev.opsbook.audit.CheckpointLog;
import dev.opsbook.execution.SecretProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where an opsbook process finds its audit key and checkpoint log. The private key is the secret
 * {@code audit-signing-key} ({@code OPSBOOK_SECRET_AUDIT_SIGNING_KEY}, or a file of that name in
 * {@code OPSBOOK_SECRETS_DIR}); a verifier without it may give the public key in
 * {@code OPSBOOK_AUDIT_PUBLIC_KEY}. The checkpoint log is {@code OPSBOOK_AUDIT_CHECKPOINTS}
 * (default {@code OPSBOOK_HOME/audit-checkpoints.jsonl}).
 */
public final class AuditSigningSettings {
    private AuditSigningSettings() {}

    /** @throws IllegalArgumentException when a configured key is not an Ed25519 key */
    public static AuditSigning from(SecretProvider secrets, Map<String, String> env, Path home) {
        Optional<AuditKey> key = secrets.find(AuditKey.SECRET_NAME).filter(s -> !s.isBlank()).map(AuditKey::fromPrivate)
                .or(() -> Optional.ofNullable(env.get("OPSBOOK_AUDIT_PUBLIC_KEY")).filter(s -> !s.isBlank()).map(AuditKey::fromPublic));
        Path log = Optional.ofNullable(env.get("OPSBOOK_AUDIT_CHECKPOINTS")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(home.resolve("audit-checkpoints.jsonl"));
        return new AuditSigning(key, Optional.of(new CheckpointLog(log)));
    }

    /** The secrets as the command line and the server read them: variables, then files in the secrets directory. */
    public static SecretProvider secrets(Map<String, String> env, Path home) {
        return SecretProvider.environment(env).orElse(SecretProvider.directory(
                Path.of(env.getOrDefault("OPSBOOK_SECRETS_DIR", home.resolve("secrets").toString()))));
    }
}
