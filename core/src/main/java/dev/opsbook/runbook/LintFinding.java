package dev.opsbook.runbook;

/**
 * One problem in a runbook, printed like a compiler diagnostic:
 * {@code path:line:col: error|warning: message [rule-id]}. Messages say what is wrong and what to do.
 */
public record LintFinding(String path, SourcePosition position, Severity severity, String message, String rule) {

    public String format() {
        return path + ":" + position.line() + ":" + position.column() + ": "
                + severity.label() + ": " + message + " [" + rule + "]";
    }

    @Override
    public String toString() {
        return format();
    }
}
