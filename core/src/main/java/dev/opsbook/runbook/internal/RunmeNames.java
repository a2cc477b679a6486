package dev.opsbook.runbook.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names cells the way Runme does ({@code internal/document/block.go} in stateful/runme): an unnamed cell
 * is named after its first line that is not a comment (leading {@code $} removed, then trimmed): the text
 * before a {@code =}, at most 32 characters, its first two words, lower-case letters and digits joined by
 * {@code -} ({@code $ brew update} → {@code brew-update}, {@code export FOO=1} → {@code export-foo}). A
 * name seen before, given or generated, gets {@code -2}, {@code -3}, ... in document order.
 */
final class RunmeNames {
    private final Map<String, Integer> seen = new HashMap<>();

    /** The name of the next block in the document: its own name when it has one, else one made from its code. */
    String next(String ownName, String code) {
        String name = ownName.isEmpty() ? fromCode(code) : ownName;
        int n = seen.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "-" + n;
    }

    static String fromCode(String code) {
        String first = null;
        String firstAny = null;
        for (String raw : code.split("\n", -1)) {
            String line = stripDollars(raw).strip();
            if (firstAny == null && !code.isEmpty()) {
                firstAny = line;
            }
            if (!line.startsWith("#")) {
                first = line;
                break;
            }
        }
        return sanitize(first != null ? first : firstAny != null ? firstAny : "");
    }

    private static String stripDollars(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == '$') i++;
        return line.substring(i);
    }

    static String sanitize(String s) {
        int eq = s.indexOf('=');
        if (eq > 0) {
            return sanitize(s.substring(0, eq));
        }
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length > 32) {
            s = new String(utf8, 0, 32, java.nio.charset.StandardCharsets.UTF_8);
        }
        String[] fragments = s.split(" ", -1);
        s = fragments.length > 1 ? fragments[0] + " " + fragments[1] : fragments[0];
        StringBuilder b = new StringBuilder();
        for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' && !b.isEmpty()) {
                b.append('-');
            } else if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The code as a shell runs it: a prompt ({@code $} followed by a space or tab, or a lone {@code $}) at the
     * start of a line is removed. Unlike Runme, a {@code $} directly followed by text ({@code $EDITOR notes})
     * is kept, since that line is a command.
     */
    static String withoutPrompts(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (String line : code.split("(?<=\n)", -1)) {
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
            if (line.startsWith("$ ", i) || line.startsWith("$\t", i)) {
                out.append(line, 0, i).append(line.substring(i + 2));
            } else if (line.substring(i).strip().equals("$")) {
                out.append(line, 0, i).append(line.endsWith("\n") ? "\n" : "");
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }
}
