package dev.opsbook.execution;

import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import java.util.List;
import java.util.Optional;

/**
 * Who may run a runbook: the ids and {@code @group}s of its {@code runners}; when it lists none, the
 * configured runners (a role, e.g. {@code @oncall}); when neither is set, anyone who can reach opsbook.
 * The failover controller may run exactly the runbooks that declare a {@code failover:} block.
 * {@link Actor#SCHEDULER} may run a runbook that has {@code schedules}: the reviewed runbook itself asked for it.
 */
public final class RunAuthorizer {
    private final Directory directory;
    private final List<String> configuredRunners;

    public RunAuthorizer(Directory directory, List<String> configuredRunners) {
        this.directory = directory;
        this.configuredRunners = List.copyOf(configuredRunners);
    }

    /** Empty when allowed, else the reason. */
    public Optional<String> refusal(Actor actor, Runbook runbook) {
        if (StandingApproval.CONTROLLER.equals(actor)) {
            return runbook.failover().isPresent() ? Optional.empty()
                    : Optional.of("the failover controller may only run runbooks with a failover: block");
        }
        if (scheduler(actor)) {
            return runbook.schedules().isEmpty()
                    ? Optional.of("not authorised: the scheduler only runs runbooks that have schedules, and " + runbook.id()
                            + " has none")
                    : Optional.empty();
        }
        List<String> allowed = runbook.runners().isEmpty() ? configuredRunners
                : runbook.runners().stream().map(Person::id).toList();
        if (allowed.isEmpty() || allowed.stream().anyMatch(e -> directory.matches(actor.userId(), e))) {
            return Optional.empty();
        }
        return Optional.of("not authorised: " + actor.userId() + " is not among the runners of " + runbook.id()
                + " (" + String.join(", ", allowed) + ")" + where(runbook, allowed));
    }

    /** Where the policy that refused is changed: the runbook's runners (or OPSBOOK_RUNNERS) and the group members. */
    private String where(Runbook runbook, List<String> allowed) {
        if (directory.managedIn().isEmpty()) {
            return "";
        }
        String policy = runbook.runners().isEmpty() ? "OPSBOOK_RUNNERS (the runbook lists no runners)"
                : "runners: in " + runbook.path();
        List<String> groups = allowed.stream().filter(e -> e.startsWith("@")).toList();
        return ". Who may run it is set by " + policy + (groups.isEmpty() ? "" : "; the members of "
                + String.join(", ", groups) + " are kept in " + directory.managedIn());
    }

    private static boolean scheduler(Actor actor) {
        return actor.platform().equals(Actor.SCHEDULER.platform()) && actor.userId().equals(Actor.SCHEDULER.userId());
    }
}
