package dev.opsbook.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one metadata JSON file a step wrote into {@code $OPSBOOK_ARTIFACTS} (format: docs/backups.md):
 * required {@code path} (absolute path of the backup file; {@code file} is accepted when absolute),
 * {@code created_at} (ISO-8601 instant), {@code size_bytes}, {@code sha256}; optional {@code origin}
 * (object of scalars), {@code format} and {@code retention_class}. A file with a {@code kind} other
 * than {@code backup} (a restore check, a failover record) is not backup metadata: see {@link #describesBackup}.
 */
final class ArtifactMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ArtifactMetadata() {}

    /** Thrown with a message naming the file, the field and what to write instead. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static String idFor(Run run, Path metadataFile) {
        String name = metadataFile.getFileName().toString();
        return run.id().value() + "/" + name.substring(0, name.length() - ".json".length());
    }

    /** Parses the file; {@link #read} then turns it into an artifact. */
    static JsonNode parse(Path file) throws Invalid {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new Invalid(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    /** False for other records steps publish next to backups: those saying {@code "kind"} is not {@code "backup"}. */
    static boolean describesBackup(JsonNode root) {
        return root == null || !root.isObject() || !root.has("kind") || root.get("kind").asText().equals("backup");
    }

    /**
     * The artifact {@code root} describes, confined to {@code locations} ({@link BackupConfinement}): its size and
     * SHA-256 checked against the file, its location the file's real path.
     */
    static BackupArtifact read(Path file, JsonNode root, Run run, String stepId, Runbook runbook,
                               BackupConfinement.Locations locations) throws Invalid {
        if (root == null || !root.isObject()) {
            throw new Invalid(file + ": expected a JSON object with path, created_at, size_bytes and sha256");
        }
        String where = root.path("path").isTextual() ? root.get("path").asText() : root.path("file").asText("");
        if (where.isEmpty()) {
            throw new Invalid(file + ": field \"path\" is missing (the absolute path of the backup file)");
        }
        Path location = Path.of(where);
        if (!location.isAbsolute()) {
            throw new Invalid(file + ": \"" + where + "\" is not an absolute path; write the backup's absolute path in \"path\"");
        }
        Instant created;
        try {
            created = Instant.parse(text(root, "created_at", file));
        } catch (DateTimeParseException e) {
            throw new Invalid(file + ": created_at \"" + root.get("created_at").asText()
                    + "\" is not an ISO-8601 UTC time like 2026-11-25T14:00:01Z");
        }
        JsonNode size = root.path("size_bytes");
        if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw new Invalid(file + ": size_bytes must be a non-negative integer, got " + (size.isMissingNode() ? "nothing" : size));
        }
        String sha = text(root, "sha256", file);
        if (!SHA256.matcher(sha).matches()) {
            throw new Invalid(file + ": sha256 must be 64 lower-case hex digits, got \"" + sha + "\"");
        }
        BackupConfinement.Confined confined = BackupConfinement.confine(file, location, locations, runbook);
        if (!Files.isRegularFile(confined.file())) {
            throw new Invalid(file + ": the backup " + location + " is not a regular file");
        }
        try {
            long actual = Files.size(confined.file());
            if (actual != size.asLong()) {
                throw new Invalid(file + ": size_bytes is " + size.asLong() + " but " + location + " has " + actual + " bytes");
            }
            String hashed = IntegrityCheck.sha256(confined.file());
            if (!hashed.equals(sha)) {
                throw new Invalid(file + ": sha256 is " + sha + " but " + location + " hashes to " + hashed
                        + ": the metadata does not describe this file (written before the file was complete, or for another file)");
            }
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read " + location + ": " + e.getMessage());
        }
        Map<String, String> origin = new LinkedHashMap<>();
        JsonNode o = root.path("origin");
        if (o.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode()) {
                    origin.put(e.getKey(), e.getValue().asText());
                }
            }
        } else if (!o.isMissingNode()) {
            throw new Invalid(file + ": origin must be an object such as {\"host\": \"db1\", \"database\": \"orders\"}");
        }
        if (root.path("format").isTextual()) {
            origin.putIfAbsent("format", root.get("format").asText());
        }
        String retention = root.path("retention_class").asText("default");
        return new BackupArtifact(idFor(run, file), run.service(), run.runbook(), run.id().value(), stepId, created, origin,
                confined.file(), size.asLong(), sha, retention.isBlank() ? "default" : retention, false, Optional.of(confined.root()));
    }

    private static String text(JsonNode root, String field, Path file) throws Invalid {
        JsonNode n = root.path(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new Invalid(file + ": field \"" + field + "\" is missing or not a string");
        }
        return n.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
