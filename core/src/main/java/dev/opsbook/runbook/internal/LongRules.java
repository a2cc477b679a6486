package dev.opsbook.runbook.internal;

import com.vladsch.flexmark.util.sequence.BasedSequence;

/**
 * Works around a stack overflow in Flexmark: its thematic-break pattern recurses once per marker,
 * so a line holding tens of thousands of {@code -}, {@code *} or {@code _} overflows the stack.
 * Before parsing, every run of more than {@link #MAX_MARKERS} of one marker (blanks between them
 * allowed) keeps its first three markers and has the rest turned into spaces. That keeps the text's
 * length, hence every offset, and a rule stays a rule. Code read from a tamed text is mapped back to
 * the original characters, so steps keep their exact code.
 */
final class LongRules {
    /** Longer runs are tamed; far below what a 1 MB thread stack survives. */
    static final int MAX_MARKERS = 200;

    private LongRules() {}

    static String tame(String text) {
        char[] out = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != '-' && c != '*' && c != '_') {
                i++;
                continue;
            }
            int start = i;
            int count = 0;
            int end = i;
            while (i < n) {
                char d = text.charAt(i);
                if (d == c) {
                    count++;
                    end = i + 1;
                } else if (d != ' ' && d != '\t') {
                    break;
                }
                i++;
            }
            if (count > MAX_MARKERS) {
                if (out == null) {
                    out = text.toCharArray();
                }
                int kept = 0;
                for (int j = start; j < end; j++) {
                    if (out[j] == c && ++kept > 3) {
                        out[j] = ' ';
                    }
                }
            }
            i = Math.max(i, start + 1);
        }
        return out == null ? text : new String(out);
    }

    /** The characters of {@code content} as they are in {@code original} (same offsets as {@code tamed}). */
    static String original(BasedSequence content, String original, String tamed) {
        if (original == tamed) {
            return content.toString();
        }
        StringBuilder b = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            int offset = content.getIndexOffset(i);
            b.append(offset >= 0 && offset < original.length() ? original.charAt(offset) : content.charAt(i));
        }
        return b.toString();
    }
}
