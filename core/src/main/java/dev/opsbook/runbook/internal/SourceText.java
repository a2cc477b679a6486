package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.SourcePosition;
import java.util.Arrays;

/**
 * The decoded text of a runbook with a line index, so that any character offset can be turned into
 * a 1-based {@link SourcePosition}. Positions are always clamped into the file, so a finding never
 * points past its end.
 */
public final class SourceText {
    private final String text;
    private final int[] lineStarts;

    public SourceText(String text) {
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public String text() {
        return text;
    }

    /** The position of a character offset (clamped to the text). */
    public SourcePosition position(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        int line = Arrays.binarySearch(lineStarts, o);
        if (line < 0) {
            line = -line - 2;
        }
        return new SourcePosition(line + 1, o - lineStarts[line] + 1);
    }

    /** A 1-based line and column, clamped into the text (column at most one past the line's end). */
    public SourcePosition clamp(int line, int column) {
        int l = Math.max(1, Math.min(line, lineStarts.length));
        int length = lineLength(l);
        return new SourcePosition(l, Math.max(1, Math.min(column, length + 1)));
    }

    public int offset(int line, int column) {
        SourcePosition p = clamp(line, column);
        return lineStarts[p.line() - 1] + p.column() - 1;
    }

    private int lineLength(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end - start;
    }
}
