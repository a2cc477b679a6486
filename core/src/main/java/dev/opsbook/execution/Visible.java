package dev.opsbook.execution;

/**
 * Text from parameters and step output made safe to show on a terminal or in chat: control characters
 * (C0 except tab, DEL, C1) and the bidirectional overrides that reorder what a reader sees are written
 * as visible escapes ({@code \e}, {@code \r}, {@code \x07}, {@code \u202e}), so an ANSI sequence or a
 * carriage return in a value is shown, never interpreted. Backslashes themselves are left alone.
 */
public final class Visible {
    private Visible() {}

    public static String text(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escape(char c) {
        if (c == '\t') {
            return null;
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
