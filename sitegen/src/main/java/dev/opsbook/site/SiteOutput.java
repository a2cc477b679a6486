package dev.opsbook.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output folder and its manifest ({@value #MANIFEST}): the content hash of every page's inputs at
 * the last build. A page whose inputs hash the same and whose file still exists is not rendered again;
 * files the previous build wrote and this one does not are removed. Nothing else in the folder is touched.
 */
final class SiteOutput {
    static final String MANIFEST = ".opsbook-site.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, String> previous;
    private final Map<String, String> current = new ConcurrentHashMap<>();

    SiteOutput(Path dir, boolean incremental) {
        this.dir = dir;
        this.previous = incremental ? read(dir.resolve(MANIFEST)) : Map.of();
    }

    /** Records the page and answers whether it must be (re)written. */
    boolean changed(String path, String inputHash) {
        current.put(path, inputHash);
        return wouldChange(path, inputHash);
    }

    /** Whether the page must be (re)written, without recording it. */
    boolean wouldChange(String path, String inputHash) {
        return !inputHash.equals(previous.get(path)) || !Files.isRegularFile(dir.resolve(path));
    }

    void write(String path, byte[] content) {
        Path file = dir.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes pages of the previous build that are gone, then saves the manifest. Returns how many were deleted. */
    int finish() {
        int removed = 0;
        Set<String> gone = new java.util.HashSet<>(previous.keySet());
        gone.removeAll(current.keySet());
        for (String path : gone) {
            try {
                if (Files.deleteIfExists(dir.resolve(path))) {
                    removed++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove stale page " + dir.resolve(path) + ": " + e.getMessage(), e);
            }
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        ObjectNode pages = manifest.putObject("pages");
        new TreeMap<>(current).forEach(pages::put);
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.path("format").asInt() != FORMAT) {
                return Map.of();
            }
            Map<String, String> out = new TreeMap<>();
            root.path("pages").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException unreadable) {
            return Map.of(); // a damaged manifest only costs a full rebuild
        }
    }
}
