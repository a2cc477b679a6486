package dev.opsbook.drill;

import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.BackupCatalog;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The detect phase: the newest live backup the runbook's own runs recorded for its service, with
 * its file re-hashed against the catalog's SHA-256. A backup that is missing or differs is never
 * restored: the drill fails with the reason, it does not fall back to an older backup silently.
 */
final class LatestBackup {
    /** The verified artifact, or why there is none to restore. */
    sealed interface Found {
        record Verified(BackupArtifact artifact) implements Found {}

        record Unusable(Optional<BackupArtifact> artifact, String reason) implements Found {}
    }

    private LatestBackup() {}

    static Found of(BackupCatalog catalog, Runbook runbook) {
        List<BackupArtifact> live = catalog.list(Optional.of(runbook.service())).stream()
                .filter(a -> a.runbook().id().equals(runbook.id())).toList();
        if (live.isEmpty()) {
            return new Found.Unusable(Optional.empty(), "no backup of " + runbook.id() + " (service " + runbook.service()
                    + ") is in the backup catalog: run its backup procedure first");
        }
        BackupArtifact latest = live.getFirst();
        if (!Files.isRegularFile(latest.location())) {
            return new Found.Unusable(Optional.of(latest), "the latest backup " + latest.id() + " is missing: no file at "
                    + latest.location());
        }
        String actual;
        try {
            actual = sha256(latest);
        } catch (IOException e) {
            return new Found.Unusable(Optional.of(latest), "the latest backup " + latest.id() + " cannot be read ("
                    + e.getMessage() + ")");
        }
        if (!actual.equals(latest.sha256())) {
            return new Found.Unusable(Optional.of(latest), "checksum mismatch: the latest backup " + latest.id()
                    + " has SHA-256 " + actual + " but the catalog recorded " + latest.sha256() + "; refusing to restore it");
        }
        return new Found.Verified(latest);
    }

    private static String sha256(BackupArtifact artifact) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(artifact.location()),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
