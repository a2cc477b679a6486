package dev.opsbook.drill;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;

/**
 * The runbook as a drill runs it: with {@code drill.approvals: waived}, its steps need no approval
 * (the restore goes into the disposable sandbox the runbook names); otherwise unchanged.
 */
public final class DrillRunbook {
    private DrillRunbook() {}

    public static Runbook of(Runbook rb) {
        if (rb.drill().map(d -> !d.approvalsWaived()).orElse(true)) {
            return rb;
        }
        return new Runbook(rb.path(), rb.sha256(), rb.id(), rb.title(), rb.service(), rb.owners(), rb.approvers(),
                rb.runners(), rb.impact(), rb.tier(), rb.rto(), rb.rpo(), rb.dataSources(), rb.dependsOn(), rb.escalation(),
                rb.schedules(), rb.links(), rb.parameters(), rb.secrets(), rb.approval(),
                rb.sections().stream().map(s -> new Section(s.title(), s.slug(), s.level(),
                        s.steps().stream().map(DrillRunbook::unapproved).toList(), s.position())).toList(),
                rb.steps().stream().map(DrillRunbook::unapproved).toList(), rb.body(), rb.drill(), rb.failover(), rb.alerting());
    }

    private static Step unapproved(Step s) {
        return new Step(s.id(), s.kind(), s.language(), s.interpreter(), s.code(), s.timeout(), s.retries(), 0,
                s.idempotent(), s.confirm(), s.rollback(), s.requires(), s.cwd(), s.secrets(), s.section(), s.attributes(),
                s.position());
    }
}
