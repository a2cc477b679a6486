package dev.opsbook.catalog;

import dev.opsbook.audit.RunbookRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Builds catalog artifacts for tests. */
final class Artifacts {
    private Artifacts() {}

    static BackupArtifact at(String id, String created) {
        return of(id, Instant.parse(created), Path.of("/backups/" + id), "0".repeat(64));
    }

    static BackupArtifact of(String id, Instant created, Path location, String sha256) {
        return new BackupArtifact(id, "orders-db", new RunbookRef("orders-db", "a".repeat(64), "c0ffee"), "r-0000000001",
                "dump", created, Map.of("host", "db1"), location, 3, sha256, "default", false,
                java.util.Optional.ofNullable(location.getParent()));
    }
}
