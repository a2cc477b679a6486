package dev.opsbook.chat;

import java.util.Optional;

/**
 * What chat can ask of opsbook. Chat adapters call this port; the application bridges it to the
 * runbook catalogue, the run executor, approvals and the audit log.
 *
 * <p>Contract: every method answers with a message for the person who asked (a refusal is a normal
 * answer with a reason, e.g. "you are not a runner of pg-restore"). Methods must not block on a
 * run: {@link #start} returns once the run is accepted and its progress reaches chat through
 * {@link RunThreadMirror}. A runtime exception means opsbook itself failed; the router answers
 * that the command failed and logs it. Votes, runs and refusals are audited by the implementation.
 */
public interface RunbookOperations {

    /** Runbooks, optionally of one service. */
    ChatMessage list(Optional<String> service, Requester requester);

    /** One runbook: owners, RTO/RPO, procedures, steps, parameters. */
    ChatMessage show(String runbookId, Requester requester);

    /** Starts or dry-runs a runbook; a duplicate {@link StartRun#deliveryId()} must not start a second run. */
    ChatMessage start(StartRun command);

    ChatMessage status(String runId, Requester requester);

    ChatMessage control(RunControl command);

    ChatMessage vote(CastVote command);

    /** Recent runs, optionally of one service. */
    ChatMessage history(Optional<String> service, Requester requester);

    /** The audit trail of one run. */
    ChatMessage audit(String runId, Requester requester);

    /** Scheduled runs (from runbook front matter), optionally of one service: next fire time, last fire, misfires. */
    ChatMessage schedules(Optional<String> service, Requester requester);

    /** The backup catalog of one service: artifacts, sizes, checksums, retention and locks. */
    ChatMessage backups(String service, Requester requester);

    /** Starts a drill (restore into the sandbox + validations, measured against the RTO); like {@link #start}, must not block. */
    ChatMessage drill(StartDrill command);

    /** Attaches a lesson learned to a run (usually a drill); audited and shown on the site. */
    ChatMessage lesson(AddLesson command);

    /** Uploads the postmortem draft of a run or incident (from the audit log) into the command's thread. */
    ChatMessage timeline(ShowTimeline command);

    /** The failover controller's view: probes, recent evidence, open proposals, cooldowns. */
    ChatMessage failover(Optional<String> service, Requester requester);

    /** The form {@code purpose} names, rebuilt for whoever clicked its button; empty when it no longer applies. */
    Optional<ChatForm> form(FormPurpose purpose, Requester requester);

    /** A filled-in form: starts the run with its parameters, or confirms the step. Values may be secrets. */
    ChatMessage submit(SubmitForm command);

    /**
     * The requester's home page: runs waiting for an approval the requester may give (as the approval policy
     * would judge their vote), the requester's own active runs, and the latest drills against their RTO.
     */
    HomePage home(Requester requester);
}
