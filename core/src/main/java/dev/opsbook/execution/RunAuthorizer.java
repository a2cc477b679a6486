package dev.opsbook.execution;

import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * Who may run a runbook: the ids and {@code @group}s of its {@code runners}; when it lists none, the
 * configured runners (a role, e.g. {@code @oncall}); when neither is set, anyone who can reach opsbook.
 * The failover controller may run exactly the runbooks that declare a {@code failover:} block.
 * {@link Actor#SCHEDULER} may run a runbook that has {@code schedules}: the reviewed runbook itself asked for it.
 * {@link Actor#ALERTMANAGER} may run a runbook that has {@code alerts:} or {@code on_alert:}, and only plans whose
 * steps are all read-only ({@link #alertRefusal}).
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
        if (same(actor, Actor.ALERTMANAGER)) {
            return runbook.alerting().answersAlerts() ? Optional.empty()
                    : Optional.of("not authorised: opsbook:alertmanager only runs runbooks that name alerts (alerts: or on_alert:), and "
                            + runbook.id() + " names none");
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

    /** For {@link Actor#ALERTMANAGER}: the reason {@code plan} may not run unattended (a step that is not {@code kind=check}). */
    public static Optional<String> alertRefusal(Actor actor, Plan plan) {
        if (!same(actor, Actor.ALERTMANAGER)) {
            return Optional.empty();
        }
        return plan.allSteps().stream().filter(s -> s.kind() != StepKind.CHECK).findFirst()
                .map(s -> "opsbook:alertmanager runs only read-only procedures, and step " + s.id() + " is kind="
                        + s.kind().name().toLowerCase(java.util.Locale.ROOT) + ": start it with /runbook run (approvals apply)");
    }

    private static boolean scheduler(Actor actor) {
        return same(actor, Actor.SCHEDULER);
    }

    private static boolean same(Actor actor, Actor system) {
        return actor.platform().equals(system.platform()) && actor.userId().equals(system.userId());
    }
}
