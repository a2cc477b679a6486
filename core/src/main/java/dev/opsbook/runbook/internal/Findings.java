package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the findings of one file; every position is clamped into the file's text. */
public final class Findings {
    public static final Comparator<LintFinding> ORDER = Comparator.comparing(LintFinding::path)
            .thenComparingInt(f -> f.position().line())
            .thenComparingInt(f -> f.position().column())
            .thenComparing(LintFinding::rule)
            .thenComparing(LintFinding::message);

    private final String path;
    private final SourceText source;
    private final List<LintFinding> list = new ArrayList<>();

    public Findings(String path, SourceText source) {
        this.path = path;
        this.source = source;
    }

    public SourceText source() {
        return source;
    }

    public void at(SourcePosition where, Rule rule, String message) {
        SourcePosition p = source.clamp(where.line(), where.column());
        list.add(new LintFinding(path, p, rule.severity(), message, rule.id()));
    }

    public void atOffset(int offset, Rule rule, String message) {
        at(source.position(offset), rule, message);
    }

    boolean has(SourcePosition where, Rule rule) {
        return list.stream().anyMatch(f -> f.position().equals(where) && f.rule().equals(rule.id()));
    }

    public List<LintFinding> sorted() {
        return list.stream().sorted(ORDER).toList();
    }
}
