package dev.opsbook.cli;

import dev.opsbook.execution.Plan;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Step;
import java.io.PrintWriter;

/** The {@code --dry-run} view of a plan: what would run, in order, and with what. Nothing is executed. */
final class PlanPrinter {
    private PlanPrinter() {}

    static void print(PrintWriter out, Plan plan) {
        out.printf("dry run: %s, %s (service %s)%s%n", plan.runbook().id(), plan.target().describe(), plan.runbook().service(),
                plan.mutating() ? "; takes the service lock" : "");
        int n = 1;
        for (Step s : plan.steps()) {
            printStep(out, (n++) + ".", s);
        }
        if (!plan.rollbacks().isEmpty()) {
            out.println("rollbacks (run only if the step they undo fails):");
            for (Step s : plan.rollbacks()) {
                printStep(out, "-", s);
            }
        }
        out.println("environment: " + String.join(" ", plan.environmentNames())
                + " (+ each step's secrets; inherited: PATH HOME USER LANG TZ TMPDIR HOSTNAME PG* but PGPASSWORD)");
        out.println("nothing was run (OPSBOOK_DRY_RUN is never set for real runs).");
    }

    private static void printStep(PrintWriter out, String bullet, Step s) {
        out.printf("%s %s [%s] interpreter=%s timeout=%s%s%s%s%s%s%s%n", bullet, s.id(), s.kind().label(), s.interpreter(),
                s.timeout().map(Durations::format).orElse("1h (default)"),
                s.approvals() > 0 ? " approvals=" + s.approvals() : "",
                s.confirm().map(c -> " confirm=\"" + c + "\"").orElse(""),
                s.retries() > 0 ? " retries=" + s.retries() : "",
                s.rollback().map(r -> " rollback=" + r).orElse(""),
                s.requires().isEmpty() ? "" : " requires=" + String.join(",", s.requires()),
                s.secrets().isEmpty() ? "" : " secrets=" + String.join(",", s.secrets().stream().map(SecretProvider::envName).toList()));
        s.code().lines().forEach(line -> out.println("     $ " + line));
    }
}
