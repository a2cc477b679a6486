package dev.opsbook.runbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a service keeps data, how it is protected, how often it is backed up and where those backups may be
 * ({@code backupLocation}: the catalog records and prunes backup files only under it, see {@link BackupLocation}).
 */
public record DataSource(
        String name,
        String type,
        String location,
        List<String> environments,
        String classification,
        Encryption encryption,
        Optional<Duration> backupFrequency,
        String retention,
        Optional<BackupLocation> backupLocation,
        SourcePosition position) {

    /** The data source types the format knows. */
    public static final List<String> TYPES =
            List.of("database", "queue", "file-store", "object-store", "cache");

    public DataSource {
        environments = List.copyOf(environments);
        backupLocation = backupLocation == null ? Optional.empty() : backupLocation;
    }

    /** A data source that declares no backup location. */
    public DataSource(String name, String type, String location, List<String> environments, String classification,
                      Encryption encryption, Optional<Duration> backupFrequency, String retention, SourcePosition position) {
        this(name, type, location, environments, classification, encryption, backupFrequency, retention, Optional.empty(), position);
    }

    /** Encryption at rest and in transit; {@code keyRef} names the key, never holds it. */
    public record Encryption(String atRest, String inTransit, String keyRef) {
        public static final Encryption UNSTATED = new Encryption("", "", "");

        public boolean isStated() {
            return !atRest.isBlank() || !inTransit.isBlank();
        }
    }
}
