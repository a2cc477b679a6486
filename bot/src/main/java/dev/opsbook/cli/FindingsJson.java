package dev.opsbook.cli;

import dev.opsbook.runbook.LintFinding;
import java.util.List;

/**
 * The JSON form of lint findings: an array of
 * {@code {"path","line","column","severity","rule","message"}} objects, in output order.
 * Written by hand to keep {@code lint} free of a JSON library's start-up cost.
 */
final class FindingsJson {
    private FindingsJson() {}

    static String array(List<LintFinding> findings) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < findings.size(); i++) {
            LintFinding f = findings.get(i);
            b.append(i == 0 ? "\n  " : ",\n  ")
                    .append("{\"path\": ").append(string(f.path()))
                    .append(", \"line\": ").append(f.position().line())
                    .append(", \"column\": ").append(f.position().column())
                    .append(", \"severity\": ").append(string(f.severity().label()))
                    .append(", \"rule\": ").append(string(f.rule()))
                    .append(", \"message\": ").append(string(f.message())).append('}');
        }
        return b.append(findings.isEmpty() ? "]" : "\n]").toString();
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
