package dev.opsbook.runbook;

import dev.opsbook.runbook.internal.FrontMatterEdit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code opsbook lint --fix} / {@code opsbook adopt} writes into one file: the minimal front matter
 * (id from the file name, title from {@code title:} or the first H1, service from the folder, an
 * {@code owners:} placeholder), or only the required keys a front matter lacks. Lines are only
 * inserted: the body and every existing line stay byte for byte as they were.
 *
 * @param insertBefore the 1-based line the new lines go before (with {@code lines} empty: nothing to do)
 * @param refusal why the file is left alone although it needs keys (broken front matter)
 */
public record FrontMatterFix(String path, int insertBefore, List<String> lines, Optional<String> refusal) {
    public FrontMatterFix {
        lines = List.copyOf(lines);
    }

    /** The fix for a file as the loader read it (so that ids derived from paths are the loader's unique ones). */
    public static FrontMatterFix of(ParsedRunbook parsed, byte[] content) {
        return FrontMatterEdit.fix(parsed, content);
    }

    public boolean changes() {
        return !lines.isEmpty();
    }

    /** The file with the lines inserted, in its own line ends; a byte order mark stays first. */
    public byte[] apply(byte[] content) {
        if (!changes()) {
            return content;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        String bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
        text = text.substring(bom.length());
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> old = splitKeepingEnds(text);
        StringBuilder out = new StringBuilder(bom);
        for (int i = 0; i < insertBefore - 1 && i < old.size(); i++) {
            out.append(old.get(i));
        }
        if (out.length() > bom.length() && !out.toString().endsWith("\n")) {
            out.append(eol);
        }
        lines.forEach(l -> out.append(l).append(eol));
        for (int i = insertBefore - 1; i < old.size(); i++) {
            out.append(old.get(i));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A unified diff of the change ({@code diff -u} style, three lines of context), empty when there is none. */
    public String unifiedDiff(byte[] content) {
        if (!changes()) {
            return "";
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> old = splitKeepingEnds(text).stream().map(l -> l.replaceAll("\r?\n$", "")).toList();
        int at = insertBefore - 1;
        int from = Math.max(0, at - 3);
        int to = Math.min(old.size(), at + 3);
        List<String> hunk = new ArrayList<>();
        for (int i = from; i < at; i++) hunk.add(" " + old.get(i));
        lines.forEach(l -> hunk.add("+" + l));
        for (int i = at; i < to; i++) hunk.add(" " + old.get(i));
        int oldCount = to - from;
        int oldStart = oldCount == 0 ? from : from + 1;
        StringBuilder d = new StringBuilder("--- " + path + "\n+++ " + path + "\n");
        d.append("@@ -").append(oldStart).append(',').append(oldCount).append(" +").append(from + 1).append(',')
                .append(oldCount + lines.size()).append(" @@\n");
        hunk.forEach(h -> d.append(h).append('\n'));
        return d.toString();
    }

    private static List<String> splitKeepingEnds(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
