package dev.opsbook.execution;

import static dev.opsbook.execution.RunState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    /** The run life cycle, written out independently of the enum. */
    private static final Map<RunState, Set<RunState>> RUN = Map.ofEntries(
            Map.entry(PENDING, EnumSet.of(RUNNING, AWAITING_APPROVAL, CANCELLED, FAILED, INTERRUPTED)),
            Map.entry(AWAITING_APPROVAL, EnumSet.of(RUNNING, REJECTED, EXPIRED, CANCELLED, FAILED, INTERRUPTED)),
            Map.entry(RUNNING, EnumSet.of(AWAITING_APPROVAL, SUCCEEDED, FAILED, TIMED_OUT, ROLLED_BACK, CANCELLED, INTERRUPTED)),
            Map.entry(INTERRUPTED, EnumSet.of(RUNNING, CANCELLED)),
            Map.entry(SUCCEEDED, EnumSet.noneOf(RunState.class)),
            Map.entry(FAILED, EnumSet.noneOf(RunState.class)),
            Map.entry(TIMED_OUT, EnumSet.noneOf(RunState.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(RunState.class)),
            Map.entry(ROLLED_BACK, EnumSet.noneOf(RunState.class)),
            Map.entry(EXPIRED, EnumSet.noneOf(RunState.class)),
            Map.entry(REJECTED, EnumSet.noneOf(RunState.class)));

    private static final Map<StepState, Set<StepState>> STEP = Map.ofEntries(
            Map.entry(StepState.PENDING, EnumSet.of(StepState.AWAITING_APPROVAL, StepState.RUNNING, StepState.SKIPPED,
                    StepState.CANCELLED, StepState.FAILED, StepState.INTERRUPTED)),
            Map.entry(StepState.AWAITING_APPROVAL, EnumSet.of(StepState.RUNNING, StepState.REJECTED, StepState.EXPIRED,
                    StepState.CANCELLED, StepState.FAILED, StepState.INTERRUPTED)),
            Map.entry(StepState.RUNNING, EnumSet.of(StepState.SUCCEEDED, StepState.FAILED, StepState.TIMED_OUT,
                    StepState.CANCELLED, StepState.INTERRUPTED)),
            Map.entry(StepState.FAILED, EnumSet.of(StepState.ROLLED_BACK)),
            Map.entry(StepState.TIMED_OUT, EnumSet.of(StepState.ROLLED_BACK)),
            Map.entry(StepState.INTERRUPTED, EnumSet.of(StepState.PENDING)),
            Map.entry(StepState.SUCCEEDED, EnumSet.noneOf(StepState.class)),
            Map.entry(StepState.ROLLED_BACK, EnumSet.noneOf(StepState.class)),
            Map.entry(StepState.CANCELLED, EnumSet.noneOf(StepState.class)),
            Map.entry(StepState.SKIPPED, EnumSet.noneOf(StepState.class)),
            Map.entry(StepState.EXPIRED, EnumSet.noneOf(StepState.class)),
            Map.entry(StepState.REJECTED, EnumSet.noneOf(StepState.class)));

    private static Run run(RunState state) {
        return new Run(new RunId("r-0000000001"), new RunbookRef("db", "0".repeat(64), ""), "runbooks/db.md", "db",
                RunTarget.procedure("restore"), new Actor("cli", "alice", "alice"), Map.of(), List.of(), T, state,
                Optional.empty(), "");
    }

    @Test
    void everyRunTransitionIsAllowedOrRefusedAsSpecified() {
        int legal = 0;
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                Run r = run(from);
                if (RUN.get(from).contains(to)) {
                    r.moveTo(to, T, "why");
                    assertThat(r.state()).isEqualTo(to);
                    legal++;
                } else {
                    assertThatThrownBy(() -> r.moveTo(to, T, "why"))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("run r-0000000001: cannot move from " + from.label() + " to " + to.label());
                    assertThat(r.state()).isEqualTo(from);
                }
            }
        }
        assertThat(legal).isEqualTo(20);
    }

    @Test
    void everyStepTransitionIsAllowedOrRefusedAsSpecified() {
        int legal = 0;
        for (StepState from : StepState.values()) {
            for (StepState to : StepState.values()) {
                StepExecution s = new StepExecution("restore", from, 0, Optional.empty(), Optional.empty(), Optional.empty(), "");
                if (STEP.get(from).contains(to)) {
                    s.moveTo(to, T);
                    assertThat(s.state()).isEqualTo(to);
                    legal++;
                } else {
                    assertThatThrownBy(() -> s.moveTo(to, T))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("step restore: cannot move from " + from.label() + " to " + to.label());
                }
            }
        }
        assertThat(legal).isEqualTo(20);
    }

    @Test
    void finalStatesAndTimestamps() {
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isFinal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ROLLED_BACK, EXPIRED, REJECTED);
        Run r = run(PENDING);
        r.moveTo(RUNNING, T, "");
        assertThat(r.finishedAt()).isEmpty();
        r.moveTo(SUCCEEDED, T.plusSeconds(5), "done");
        assertThat(r.finishedAt()).contains(T.plusSeconds(5));
        assertThat(RunState.fromLabel("awaiting_approval")).isEqualTo(AWAITING_APPROVAL);

        StepExecution s = StepExecution.pending("a");
        s.moveTo(StepState.RUNNING, T);
        s.moveTo(StepState.INTERRUPTED, T.plusSeconds(1));
        s.moveTo(StepState.PENDING, T.plusSeconds(2));
        assertThat(s.startedAt()).isEmpty();
        s.moveTo(StepState.RUNNING, T.plusSeconds(3));
        assertThat(s.startedAt()).contains(T.plusSeconds(3));
    }
}
