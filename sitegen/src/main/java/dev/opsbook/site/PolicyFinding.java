package dev.opsbook.site;

import dev.opsbook.runbook.Severity;
import java.util.Optional;

/**
 * A readiness finding from the runbook's declarations and its run history (not from its syntax).
 * A finding with a {@code severity} is a fault (an error or a warning); one without is a first time
 * still to come ("never backed up yet", "never drilled yet") and only says the {@code next} action, so
 * that progress never reads as a step back. {@code next} is the action that clears the finding.
 */
record PolicyFinding(String rule, Optional<Severity> severity, String message, Optional<String> next) {
    static PolicyFinding fault(String rule, Severity severity, String message) {
        return new PolicyFinding(rule, Optional.of(severity), message, Optional.empty());
    }

    static PolicyFinding fault(String rule, Severity severity, String message, String next) {
        return new PolicyFinding(rule, Optional.of(severity), message, Optional.of(next));
    }

    static PolicyFinding firstTime(String rule, String message, String next) {
        return new PolicyFinding(rule, Optional.empty(), message, Optional.of(next));
    }

    boolean is(Severity s) {
        return severity.filter(s::equals).isPresent();
    }

    boolean toDo() {
        return severity.isEmpty();
    }

    /** CSS class and label: {@code error}, {@code warning} or {@code next}. */
    String label() {
        return severity.map(Severity::label).orElse("next");
    }
}
