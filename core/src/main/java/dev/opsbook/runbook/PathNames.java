package dev.opsbook.runbook;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What a document without opsbook front matter is called, derived from its path: the id (file name, or the
 * folder of a {@code README.md}, {@code index.md} or {@code _index.md}), the title when it has neither
 * {@code title:} nor an H1, and the service (its folder, or {@value #UNASSIGNED}).
 */
public final class PathNames {
    public static final String UNASSIGNED = "unassigned";
    private static final Set<String> INDEX_NAMES = Set.of("readme", "index", "_index");

    private PathNames() {}

    /** {@code db/restore-primary.md} → {@code restore-primary}; {@code db/README.md} or {@code db/_index.md} → {@code db}. */
    public static String idFromPath(String path) {
        String stem = stem(path);
        if (INDEX_NAMES.contains(stem.toLowerCase(Locale.ROOT))) {
            String folder = folder(path);
            if (!folder.isEmpty()) {
                stem = folder;
            }
        }
        String id = slug(stem);
        return id.isEmpty() ? "document" : id;
    }

    /** The folder the file is in, or {@value #UNASSIGNED} when the path names none. */
    public static String serviceFromPath(String path) {
        String folder = folder(path);
        String s = slug(folder);
        return s.isEmpty() ? UNASSIGNED : s;
    }

    /** {@code restore-primary_db.md} → {@code Restore primary db}; an index file takes its folder's name. */
    public static String titleFromPath(String path) {
        String base = idFromPath(path).replace('-', ' ').replace('_', ' ').strip();
        return base.isEmpty() ? "Untitled" : Character.toUpperCase(base.charAt(0)) + base.substring(1);
    }

    private static String stem(String path) {
        String name = fileName(path);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String fileName(String path) {
        String p = path.replace('\\', '/');
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String folder(String path) {
        try {
            Path parent = Path.of(path).normalize().getParent();
            String name = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
            return name.equals(".") || name.equals("..") ? "" : name;
        } catch (InvalidPathException e) {
            return "";
        }
    }

    private static String slug(String text) {
        StringBuilder out = new StringBuilder();
        boolean hyphen = false;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
                out.append(c);
                hyphen = false;
            } else if (!hyphen && !out.isEmpty()) {
                out.append('-');
                hyphen = true;
            }
        }
        return out.toString().replaceFirst("-+$", "");
    }

}
