package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.testing.RunbookFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAuthorizerTest {
    private final RunAuthorizer authorizer = new RunAuthorizer(Directory.EMPTY, List.of("@oncall"));

    @Test
    void theSchedulerRunsARunbookThatSchedulesItselfEvenWhenItsRunnersArePeople() {
        Runbook scheduled = RunbookFixtures.runbook("nightly").runners("bob").schedule("0 0 2 * * ?", "UTC", "backup").build();

        assertThat(authorizer.refusal(Actor.SCHEDULER, scheduled)).isEmpty();
        assertThat(authorizer.refusal(new Actor("cli", "alice", "alice"), scheduled)).get().asString()
                .contains("alice is not among the runners of nightly (bob)");
    }

    @Test
    void theSchedulerIsRefusedARunbookWithoutSchedulesAndAChatUserCalledSchedulerIsNotTheScheduler() {
        Runbook unscheduled = RunbookFixtures.runbook("manual").runners("bob").build();
        Runbook scheduled = RunbookFixtures.runbook("nightly").runners("bob").schedule("0 0 2 * * ?", "UTC", "backup").build();

        assertThat(authorizer.refusal(Actor.SCHEDULER, unscheduled)).get().asString()
                .isEqualTo("not authorised: the scheduler only runs runbooks that have schedules, and manual has none");
        assertThat(authorizer.refusal(new Actor("slack", "scheduler", "Mallory"), scheduled)).isPresent();
    }
}
