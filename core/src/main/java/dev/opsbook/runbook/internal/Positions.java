package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.SourcePosition;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each front matter value and step attribute was written, keyed by a path such as
 * {@code rpo}, {@code data_sources/0/backup} or {@code steps/restore-db/rollback}. Lookups fall
 * back to the nearest enclosing path, then to the start of the file.
 */
public final class Positions {
    private final Map<String, SourcePosition> byPath = new HashMap<>();

    public void put(String path, SourcePosition position) {
        byPath.putIfAbsent(path, position);
    }

    public SourcePosition get(String path) {
        String p = path;
        while (true) {
            SourcePosition found = byPath.get(p);
            if (found != null) {
                return found;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return byPath.getOrDefault("", SourcePosition.START);
            }
            p = p.substring(0, slash);
        }
    }
}
