package dev.opsbook.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output folder and its manifest ({@value #MANIFEST}, a text file): the content hash of every page's inputs at
 * the last build. A page whose inputs hash the same and whose file still exists is not rendered again;
 * files the previous build wrote and this one does not are removed. Nothing else in the folder is touched.
 */
final class SiteOutput {
    static final String MANIFEST = ".opsbook-site";
    /** First line of the manifest; then one {@code HASH PATH} line per file, sorted by path. */
    private static final String HEADER = "opsbook-site-manifest 2";

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

    /** Deletes pages of the previous build that are gone, then saves the manifest if anything changed. Returns how many were deleted. */
    int finish(boolean wrote) {
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
        if (!wrote && removed == 0 && current.equals(previous)) {
            return 0;
        }
        StringBuilder text = new StringBuilder(current.size() * 100);
        text.append(HEADER).append('\n');
        new TreeMap<>(current).forEach((path, hash) -> text.append(hash).append(' ').append(path).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MANIFEST), text);
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
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
                return Map.of(); // another format: a full rebuild
            }
            Map<String, String> out = new java.util.HashMap<>(lines.size() * 2);
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    out.put(line.substring(space + 1), line.substring(0, space));
                }
            }
            return out;
        } catch (IOException unreadable) {
            return Map.of(); // a damaged manifest only costs a full rebuild
        }
    }
}
