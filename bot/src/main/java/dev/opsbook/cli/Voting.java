package dev.opsbook.cli;

import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.CastVote;
import dev.opsbook.approval.Decision;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/** Casting a vote from the command line (shared by approve and reject). Exit codes: see {@link ApproveCommand}. */
final class Voting {
    static final int REFUSED = 1;
    static final int UNAVAILABLE = 3;
    static final int NO_REQUEST = 4;

    private Voting() {}

    static int cast(Map<String, String> env, String runId, String as, Decision decision, String reason, PrintWriter out,
                    PrintWriter err) {
        try (RunEngine engine = RunEngine.open(env, err)) {
            var voter = Identity.of(as, env);
            Run run = engine.runs.find(new RunId(runId)).orElseThrow(() ->
                    new RunCommand.Refusal("no run " + runId + " (see opsbook runs)"));
            ApprovalPolicy.Outcome o = engine.desk().cast(new CastVote(runId, voter, decision, reason, Optional.of(run.runbook())));
            if (!o.counted()) {
                err.println("refused: " + o.refusal().orElseThrow());
                return REFUSED;
            }
            out.printf("%s step %s of run %s as %s: %d/%d approvals, request %s%n",
                    decision == Decision.APPROVE ? "approved" : "rejected", o.request().stepId(), runId, voter.userId(),
                    o.request().approvals(), o.request().required(), o.request().status().label());
            out.printf("    for %s%n", dev.opsbook.execution.Visible.text(o.request().binding()));
            return 0;
        } catch (RunCommand.Refusal | IllegalStateException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return NO_REQUEST;
        } catch (DatabaseUnavailableException | AuditWriteException e) {
            err.println("error: " + e.getMessage());
            return UNAVAILABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
