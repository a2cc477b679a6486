package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-hashes every live artifact (of one service, or all) and reports each missing file or SHA-256
 * mismatch: audited as {@code backup.integrity_failed} (result missing|mismatch), then raised to
 * {@link IntegrityIncidents}.
 */
public final class IntegrityCheck {
    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final IntegrityIncidents incidents;

    public IntegrityCheck(BackupCatalog catalog, AuditLog audit, IntegrityIncidents incidents) {
        this.catalog = catalog;
        this.audit = audit;
        this.incidents = incidents;
    }

    /** The outcome of one check: how many artifacts were hashed and what was wrong. */
    public record Report(int checked, List<IntegrityProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Report run(Optional<String> service) {
        List<BackupArtifact> live = catalog.list(service);
        List<IntegrityProblem> problems = new ArrayList<>();
        for (BackupArtifact a : live) {
            check(a).ifPresent(p -> {
                CatalogAudit.append(audit, Actor.SYSTEM, AuditActions.BACKUP_INTEGRITY_FAILED, a,
                        p.kind().name().toLowerCase(java.util.Locale.ROOT),
                        p.actualSha256().map(s -> Map.of("actual_sha256", s, "reason", p.message()))
                                .orElse(Map.of("reason", p.message())));
                problems.add(p);
                incidents.raise(p);
            });
        }
        return new Report(live.size(), List.copyOf(problems));
    }

    static Optional<IntegrityProblem> check(BackupArtifact a) {
        String actual;
        try {
            actual = sha256(a.location());
        } catch (NoSuchFileException e) {
            return Optional.of(new IntegrityProblem(a, IntegrityProblem.Kind.MISSING, Optional.empty(),
                    "backup " + a.id() + ": file " + a.location() + " is missing"));
        } catch (IOException e) {
            return Optional.of(new IntegrityProblem(a, IntegrityProblem.Kind.MISSING, Optional.empty(),
                    "backup " + a.id() + ": cannot read " + a.location() + ": " + e.getMessage()));
        }
        if (!actual.equals(a.sha256())) {
            return Optional.of(new IntegrityProblem(a, IntegrityProblem.Kind.MISMATCH, Optional.of(actual),
                    "backup " + a.id() + ": " + a.location() + " has sha256 " + actual + ", recorded " + a.sha256()
                            + ": the file changed after the backup; do not restore it"));
        }
        return Optional.empty();
    }

    /** The SHA-256 of the file, lower-case hex. */
    static String sha256(java.nio.file.Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
