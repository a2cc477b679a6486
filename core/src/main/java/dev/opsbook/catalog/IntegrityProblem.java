package dev.opsbook.catalog;

import java.util.Optional;

/** A live artifact whose file is gone or no longer has its recorded SHA-256 ({@code actualSha256} then set). */
public record IntegrityProblem(BackupArtifact artifact, Kind kind, Optional<String> actualSha256, String message) {
    public enum Kind { MISSING, MISMATCH }
}
